// The VM kind: a guest (or an explicit driver domain) placed on a host, with its vCPUs,
// credit-scheduler share, placement, how many identical guests it stands for, and the
// guest-driver properties that emulation and VPIO costs depend on.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, CYCLES, DURATION, MS, MiB, Mbps, RATIO, SIZE, KiB, count, factor, oneOf } from '../param-kit'

const IDENTITY = [
  {
    key: 'role', label: 'Role', ...oneOf('guest', 'driver-domain'), default: 'guest', group: 'General',
    doc: 'A guest runs applications; a driver domain owns physical devices and serves split-driver guests (bridge, netback). Without a driver-domain VM the host\'s implicit driver domain is used.',
    source: 'assumption: a guest unless stated; 004 §1, §3.1 distinguish the driver domain (dom0) and guest domains (domU)',
    sourceKind: 'assumption'
  },
  {
    key: 'count', label: 'Identical guests', ...count(1, 64), default: 1, group: 'General',
    doc: 'Number of identical guests this node stands for, each with its own flow and its own attachment (so a sweep over "guests" changes one number). Each copy is scheduled separately.',
    source: 'assumption: one guest unless swept; 004 §4.1 experiments vary n, the number of guest domains per host (n,n:1x1 access pattern)',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  }
] as const satisfies readonly ParamSpec[]

const SCHEDULING = [
  {
    key: 'vcpus', label: 'vCPUs', ...count(1, 64), default: 1, group: 'CPU',
    doc: 'Virtual CPUs of each guest; each is scheduled on a logical CPU of the host.',
    source: 'assumption: 004 §4.1 domUs run a small BusyBox Linux; a single vCPU is Xen\'s default',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'weight', label: 'Weight', ...count(1, 65535), default: 256, group: 'CPU',
    doc: 'Proportional share under contention: a domain gets CPU in proportion to its weight.',
    source: '001 "Challenges": relative weight control; DOMAIN.md: credit scheduler weight (Xen default 256)',
    sourceKind: 'measured'
  },
  {
    key: 'cap', label: 'Cap (limit)', ...count(0, 6400), default: 0, group: 'CPU',
    doc: 'Upper bound on CPU use in percent of one logical CPU (100 = one CPU); 0 = no limit.',
    source: '001 "Challenges": absolute limit settings; DOMAIN.md: credit scheduler cap',
    sourceKind: 'measured'
  },
  {
    key: 'reservation', label: 'Reservation', ...count(0, 6400), default: 0, group: 'CPU',
    doc: 'Guaranteed CPU per vCPU in percent of one logical CPU: each accounting period the credit scheduler credits this share first and shares the rest by weight, so the vCPU stays ahead of others (UNDER) until it has used it; 0 = none (the credit scheduler of 004 has no reservations).',
    source: '001 "Challenges": "absolute reservation and limit settings, which bound a VM\'s minimum and maximum allocation"; 0 because the credit scheduler of 004 §4.1 has none',
    sourceKind: 'measured'
  },
  {
    key: 'placement', label: 'Placement', ...oneOf('host-default', 'first-hyperthreads', 'second-hyperthreads', 'any'), default: 'host-default', group: 'CPU',
    doc: 'Logical CPUs the vCPUs may run on: the host\'s guest (or driver-domain) placement, the first or second hyperthreads of all cores, or any CPU.',
    source: '004 §4.1: default Xen policy puts dom0 on the first hyperthreads and domUs on the second',
    sourceKind: 'measured'
  },
  {
    key: 'pinCpu', label: 'Pin to CPU', ...count(-1, 4095), default: -1, group: 'CPU',
    doc: 'Pins every vCPU of each copy to this logical CPU index (−1 = not pinned; placement applies). Overrides placement.',
    source: 'assumption: explicit pinning as offered by Xen (vcpu-pin); not used in the seeds\' experiments',
    sourceKind: 'assumption', range: { lo: -1, hi: -1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  }
] as const satisfies readonly ParamSpec[]

const DRIVER = [
  {
    key: 'driverStyle', label: 'Guest driver style', ...oneOf('ne2k', 'ide-style', 'scsi-style', 'e1000'), default: 'ne2k', group: 'Guest driver',
    doc: 'How the guest\'s unmodified driver programs a device, which sets the register accesses per request (the NIC\'s emulation parameters): NE2K (programmed I/O, data through a port), IDE-style (many 8-bit OUTs), SCSI-style (few) or e1000 (descriptor rings in guest memory: a tail doorbell per packet sent and a few register accesses per interrupt, data by the device model\'s DMA). Matters for emulated and VPIO.',
    source: 'assumption: NE2K, the device of 002\'s measurements; 001 "Approaches": IDE needs multiple 8-bit OUTs per request, SCSI "far fewer traps"; e1000: the DMA NIC QEMU and VMware emulate (see the NIC\'s e1000 parameters)',
    sourceKind: 'assumption'
  },
  {
    key: 'vpioHookedFraction', label: 'VPIO hooked I/O fraction', ...RATIO, default: 0.138, group: 'Guest driver',
    doc: 'Fraction of the guest\'s port I/Os that VPIO must intercept (each a VM exit plus a model update); the rest go to the device directly. 002 measured for NE2K: Linux ssh 13.80 %, small download 2.68 %, large download 3.20 %; Windows ssh 7.61 %, small download 3.61 %, large download 0.74 % (about 1 in 30 overall).',
    source: '002 "NE2K Model Performance": Linux ssh, 257324 of 1865055 I/Os hooked = 13.80 %',
    sourceKind: 'measured', range: { lo: 0.0074, hi: 0.138, why: 'the six scenarios of 002\'s NE2K table span 0.74–13.80 %' }
  }
] as const satisfies readonly ParamSpec[]

// Network I/O controls per VM (issue 12, QoS): appended as one block.
const NET_QOS = [
  {
    key: 'netRateLimitMbps', label: 'Network transmit limit (Mb/s)', ...count(0, 65535), default: 0, group: 'Network QoS',
    doc: 'Upper bound on the rate this VM transmits through its interface, in Mb/s of frame bytes (0 = none; Mb/s as `ip link … vf N rate` takes it). Paravirtual: the driver domain\'s netback gives the VIF a credit of rate × netRateInterval / 8 bytes per interval and stops serving it when a request exceeds the credit left, until the next interval (Xen\'s vif "rate"). SR-IOV: the NIC\'s per-VF transmit rate scheduler paces the VF\'s frames to this rate (82599 RTTBCNRC rate factor, `ip link set … vf N rate`). Other techniques ignore it.',
    source: 'assumption: no limit unless an experiment sets one (a configuration, not a measured quantity); mechanisms: Xen xl-network-configuration "rate=RATE/s@INTERVAL" and netback tx_add_credit/tx_credit_exceeded; Linux ixgbe_set_vf_rate_limit (82599 per-VF rate factor)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'netRateInterval', label: 'Network credit interval', ...DURATION, min: 1 * MS, max: 1_000 * MS, default: 50 * MS, group: 'Network QoS',
    doc: 'Interval at which netback replenishes a rate-limited VIF\'s transmit credit (netRateLimitMbps × 10⁶ × interval / 8 bytes per interval): a longer interval allows larger bursts and makes a request that exceeds the credit wait longer.',
    source: 'assumption: the xl default, as the modelled set-up states no interval: Xen xl-network-configuration "rate=RATE/s@INTERVAL … INTERVAL is optional and defaults to 50ms" (as quoted in libvirt commit f988ecfb, 2015)',
    sourceKind: 'assumption', range: { lo: 50000000, hi: 50000000, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'netShares', label: 'Network shares', ...count(1, 65535), default: 50, group: 'Network QoS',
    doc: 'Weight of this VM\'s interfaces when the driver domain serves them by weighted fair queueing (host netbackScheduler = wfq): under contention each VIF gets netback\'s service in proportion to its shares.',
    source: 'assumption: equal shares unless an experiment sets them, at VMware vSphere Network I/O Control\'s "Normal" level (share levels Low 25 / Normal 50 / High 100); only ratios matter',
    sourceKind: 'assumption', range: { lo: 50, hi: 50, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  }
] as const satisfies readonly ParamSpec[]


// Live migration (issue 12): the guest's memory and how it dirties it, Xen's pre-copy controls
// (xc_domain_save.c defaults, Clark et al. NSDI 2005's dynamic rate limiting), device state, the
// driver-domain CPU per page, and the bonding failover of a guest with a pass-through / SR-IOV NIC.
// Appended as one block (core/scenario/migration.ts reads them; docs/migration.md).
const MIGRATION = [
  {
    key: 'memorySize', label: 'Guest memory', ...SIZE, min: 1 * MiB, default: 512 * MiB, group: 'Migration',
    doc: 'Memory of each guest: what the first pre-copy round sends (every page), and the bound on the pages it can dirty.',
    source: 'assumption: a guest of 512 MiB, between the 64 MiB Quake 3 and 800 MiB SPECweb guests Clark et al. (NSDI 2005, §6) migrated (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 64 * MiB, hi: 800 * MiB, why: 'the guest sizes of Clark et al. 2005 §6 (recalled, not re-checked)' }
  },
  {
    key: 'dirtyRate', label: 'Page dirtying rate', ...BANDWIDTH, default: 40 * Mbps, group: 'Migration',
    doc: 'Rate at which the guest writes memory pages (bit/s of 4 KiB pages written, any page, repeats included; "MB/s" or "Mbps" suffixes). Writes fall in the writable working set, so the distinct pages dirtied in a round saturate at it. Received packets and disk reads write guest memory too: the model adds them, counted from the run\'s traffic into the VM.',
    source: 'assumption: a moderately busy server; Clark et al. 2005 §4 (Fig. 2–3) measure writable working sets and dirtying rates from tens to hundreds of Mbit/s (SPECweb, Quake 3), a synthetic worst case "MMuncher" at 512 MB/s (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 1 * Mbps, hi: 500 * Mbps, why: 'the span of dirtying rates of the workloads Clark et al. 2005 §4 profile (recalled, not re-checked)' }
  },
  {
    key: 'writableWorkingSet', label: 'Writable working set', ...SIZE, min: 4 * KiB, default: 32 * MiB, group: 'Migration',
    doc: 'The guest\'s hot pages: the writes of a round land in them at random, so a round of w page-writes dirties WWS × (1 − e^(−w/WWS)) distinct pages (at most this set, and never more than the memory). Pre-copy converges when the pages dirtied during a round can be re-sent faster than they are dirtied.',
    source: 'assumption: Clark et al. 2005 §4 (writable working sets of SPEC CINT2000, OSDB, SPECweb, Quake 3) measure hot sets of a few to tens of MB for such servers (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 4 * MiB, hi: 128 * MiB, why: 'the writable working sets Clark et al. 2005 §4 measure span a few to about a hundred MB (recalled, not re-checked)' }
  },
  {
    key: 'migrationMaxRounds', label: 'Pre-copy rounds (max)', ...count(1, 1000), default: 29, group: 'Migration',
    doc: 'Pre-copy rounds after which the VM is stopped and the rest copied, however many pages are still dirty.',
    source: 'assumption: Xen\'s default, as the modelled set-up states none: tools/libxc xc_domain_save.c DEF_MAX_ITERS 29 "limit us to 30 times round loop"',
    sourceKind: 'assumption', range: { lo: 29, hi: 29, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationStopPages', label: 'Stop-and-copy threshold (pages)', ...count(0, 65535), default: 50, group: 'Migration',
    doc: 'Pre-copy stops (stop-and-copy follows) after a round that sent fewer than this many pages.',
    source: 'assumption: Xen\'s default: tools/libxc xc_domain_save.c starts the last iteration when sent_this_iter + skip_this_iter < 50',
    sourceKind: 'assumption', range: { lo: 50, hi: 50, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationMaxFactor', label: 'Most memory sent (× size)', ...factor(1, 100), default: 3, group: 'Migration',
    doc: 'Pre-copy stops once it has sent this many times the guest\'s memory (a guest that dirties faster than the link sends never converges).',
    source: 'assumption: Xen\'s default: tools/libxc xc_domain_save.c DEF_MAX_FACTOR 3 "never send more than 3x p2m_size"',
    sourceKind: 'assumption', range: { lo: 3, hi: 3, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationMinRate', label: 'Migration rate (first round)', ...BANDWIDTH, default: 100 * Mbps, group: 'Migration',
    doc: 'Dynamic rate limiting: the first round sends at this rate; each later round at the previous round\'s dirtying rate plus the increment, at most the maximum rate.',
    source: 'assumption: the minimum of Clark et al. NSDI 2005 §5.1 "Dynamic Rate-Limiting", 100 Mbit/s (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 100 * Mbps, hi: 100 * Mbps, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationMaxRate', label: 'Migration rate (max)', ...BANDWIDTH, default: 500 * Mbps, group: 'Migration',
    doc: 'The administrator\'s maximum migration rate: pre-copy stops when the next round would need more, and stop-and-copy sends at it.',
    source: 'assumption: the administrator\'s maximum Clark et al. NSDI 2005 §5.1 and §6 used, 500 Mbit/s (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 500 * Mbps, hi: 500 * Mbps, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationRateIncrement', label: 'Migration rate increment', ...BANDWIDTH, default: 50 * Mbps, group: 'Migration',
    doc: 'Added to the previous round\'s dirtying rate to set a round\'s rate.',
    source: 'assumption: Clark et al. NSDI 2005 §5.1, "a constant increment of 50 Mbit/sec" found empirically (recalled, not re-checked)',
    sourceKind: 'assumption', range: { lo: 50 * Mbps, hi: 50 * Mbps, why: 'a configuration of the migration software (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'migrationWindow', label: 'Migration TCP window', ...SIZE, min: 4 * KiB, default: 65535, group: 'Migration',
    doc: 'Bytes of migration traffic the sender may have queued on the link at once (its TCP connection\'s window): a larger window takes a larger share of a busy link from the workloads, and makes their packets wait longer behind it.',
    source: 'the Linux default receive window of the modelled era, as for the stream workload: tcp_rmem default 87380 B, of which tcp_adv_win_scale = 2 advertises 3/4 = 65535 B (004 §4.2.2)',
    sourceKind: 'measured'
  },
  {
    key: 'deviceStateBytes', label: 'Device state', ...SIZE, default: 64 * KiB, group: 'Migration',
    doc: 'vCPU registers, virtual-device and back-end state sent during stop-and-copy, after the last pages.',
    source: 'assumption: a few pages of CPU context and tens of KB of device-model state; small beside the dirty pages',
    sourceKind: 'assumption', range: { lo: 8 * KiB, hi: 1 * MiB, why: 'CPU context is a few KB; emulated device models (VGA, disk) add up to about a MB' }
  },
  {
    key: 'migrationCyclesPerPage', label: 'Migration CPU per page', ...CYCLES, default: 5_600, group: 'Migration',
    doc: 'Driver-domain CPU cycles per 4 KiB page sent (source: map, copy into the socket, TCP send) and again per page received (target: TCP receive, copy into the new guest): the migration\'s cost to the driver domains of both hosts; a busy driver domain slows the migration.',
    source: 'assumption: about 2 µs per 4 KiB page at 2.8 GHz, i.e. ~2 GB/s of copy plus per-packet TCP work; Clark et al. 2005 note migration contends for the driver domain\'s CPU but give no per-page figure',
    sourceKind: 'assumption', range: { lo: 1_400, hi: 28_000, why: 'a memory copy alone (~0.5 µs/page) up to a socket send with checksums (~10 µs/page)' }
  },
  {
    key: 'migrationFailover', label: 'Migration failover', ...oneOf('none', 'bond-to-paravirtual'), default: 'none', group: 'Migration',
    doc: 'A guest whose NIC is pass-through or an SR-IOV VF cannot migrate (the device\'s state is in hardware the hypervisor cannot copy): with bond-to-paravirtual, its bonding driver first fails over to a paravirtual interface (the VF is hot-unplugged), with an outage, and the migration proceeds as paravirtual.',
    source: 'assumption: no bond unless configured; mechanism: Zhai, Cummings, Dong, "Live Migration with Pass-through Device for Linux VM", OLS 2008 (bonding active-backup to a virtual NIC)',
    sourceKind: 'assumption'
  },
  {
    key: 'failoverOutage', label: 'Bond failover outage', ...DURATION, min: 0, default: 100 * MS, group: 'Migration',
    doc: 'How long the guest\'s network stalls while its bond switches from the pass-through / VF interface to the paravirtual one (link-failure detection plus the switch).',
    source: 'assumption: Linux bonding detects a lost slave at the MII monitor interval, and Documentation/networking/bonding.txt recommends miimon=100 (ms); Zhai et al. OLS 2008 report an outage of this order',
    sourceKind: 'assumption', range: { lo: 10 * MS, hi: 1_000 * MS, why: 'miimon of 10 ms to an ARP-monitor interval of 1 s' }
  }
] as const satisfies readonly ParamSpec[]

// Bonding of a VM's network interfaces (issue 12, faults and multipath): appended as one block.
const BONDING = [
  {
    key: 'bondMode', label: 'Bonding mode', ...oneOf('balance-tlb', 'active-backup'), default: 'balance-tlb', group: 'Bonding',
    doc: 'How a VM with several network attachments uses them (core/models/net/bond.ts). balance-tlb: each flow leaves through the member its layer-3/4 hash picks, frames arrive on the active member (Linux mode 5). active-backup: every frame leaves and arrives through the one active member; the others stand by (Linux mode 1). In both, the MII monitor (bondMiimon) finds a member whose carrier is lost (a link-down or device-fail fault) and the bond stops using it; when the receiving member fails, the bond\'s address moves to a live member (the switches relearn it, as after the gratuitous ARP Linux sends). A VM with one attachment ignores it.',
    source: 'assumption: transmit load balancing, the behaviour several NICs per VM had before this mode existed (a configuration, not a measured quantity); modes as Linux Documentation/networking/bonding.rst "Bonding Driver Options: mode"',
    sourceKind: 'assumption'
  },
  {
    key: 'bondMiimon', label: 'Bond MII monitor interval', ...DURATION, min: 1 * MS, max: 10_000 * MS, default: 100 * MS, group: 'Bonding',
    doc: 'How often the bond polls its members\' carrier: a member that loses its carrier is taken out at the first poll after the loss (polls at whole multiples of the interval from the run\'s start, downdelay 0), so the failover outage is up to one interval; a repaired member is used again at the first poll after its repair (updelay 0).',
    source: 'assumption: the Linux bonding driver\'s default, a configuration rather than a measurement — Documentation/networking/bonding.rst, miimon: "Specifies the MII link monitoring frequency in milliseconds … The default value is 100 if arp_interval is not set" (kernel commit f036b97da67f, after c1f897ce186a set that default)',
    sourceKind: 'assumption', range: { lo: 10 * MS, hi: 1_000 * MS, why: 'set-ups choose it: bonding.rst calls 100 ms "a good starting point"; Linux on IBM Z often uses 1000 ms (IBM "MII monitor")' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (interference): the VF's weight in the NIC's transmit arbiter (core/models/nic/tx-arbiter.ts). Appended as one block.
const NIC_QOS = [
  {
    key: 'vfTxWeight', label: 'VF transmit weight', ...count(1, 65535), default: 1, group: 'Network QoS',
    doc: 'Weight of this VM\'s SR-IOV virtual function in the NIC\'s transmit arbiter (deficit weighted round robin among the NIC\'s queues with frames waiting; the PF\'s queues weigh 1): when the port is saturated, backlogged VFs share it in proportion to their weights. As programmed by Linux `ip link set <pf> vf N min_tx_rate <Mb/s>` (mlx5 turns the VFs\' minimum rates into relative bw_share weights of its e-switch transmit arbiter) or an 82599 queue\'s transmit credit refill quantum (RTTDT1C). Only ratios matter. Other techniques ignore it.',
    source: 'assumption: equal weights unless an experiment sets them (a configuration, not a measured quantity); mechanisms: Linux mlx5 eswitch esw_qos_normalize_vports_min_rate (bw_share = min_rate / divider), ixgbe_dcb_82599.c (per-queue credits RTTDT1C); deficit round robin: Shreedhar and Varghese, SIGCOMM 1995',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  }
] as const satisfies readonly ParamSpec[]

// Memory overcommit and DMA (issue 12, seed 001's last section; core/models/host/io-page-fault.ts,
// docs/overcommit.md): how a guest that drives a device directly (pass-through, SR-IOV) keeps
// its memory available to the device's DMA. Appended as one block.
const DMA_MEMORY = [
  {
    key: 'dmaMemory', label: 'DMA memory', ...oneOf('pinned', 'io-page-faults', 'viommu'), default: 'pinned', group: 'DMA memory',
    doc: 'How a guest with a pass-through or SR-IOV device keeps its memory ready for the device\'s DMA. pinned: the hypervisor pins all of the guest\'s memory, so none of it can be overcommitted (residentFraction must be 1). io-page-faults: memory may be non-resident; a DMA to a non-resident page misses its ATS translation, the device sends a PRI page request, the host\'s IOMMU driver pages it in and responds, the device retries (counted in io_page_faults, stage io_page_fault). viommu: the guest maps and unmaps its DMA buffers through an emulated IOMMU (each trapped operation a VM exit, reason viommu, and hypervisor work); the hypervisor pins only the mapped pages, so the rest can be overcommitted and the device never faults — and the guest can confine its own drivers\' DMA (intra-guest protection). Other techniques ignore it (validation refuses a mode other than pinned on them).',
    source: 'assumption: pinned, what device assignment does without page-fault support (001 "Hardware support for I/O virtualization": overcommit "requires DMA page faults"; Amit et al., USENIX ATC 2011: assignment "requires pinning all of the guest\'s pages"); the other two are the alternatives seed 001 names',
    sourceKind: 'assumption'
  },
  {
    key: 'residentFraction', label: 'Resident fraction of guest memory', ...RATIO, default: 1, group: 'DMA memory',
    doc: 'The share of the guest\'s memory the host keeps resident (1 / the overcommit ratio; 1: not overcommitted). A page the device first touches is resident with this probability; while the guest is overcommitted the host keeps reclaiming its pages as fast as the guest faults others back in (memoryTouchRate). Pinned memory cannot be overcommitted: below 1 with dmaMemory pinned is refused.',
    source: 'assumption: no overcommit unless studied (a configuration of the modelled set-up)',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'memoryTouchRate', label: 'Memory touch rate (whole memory)', ...BANDWIDTH, default: 800 * Mbps, group: 'DMA memory',
    doc: 'While the guest is overcommitted (residentFraction r below 1): the rate at which its CPUs touch pages spread over all of its memory (bit/s of 4 KiB pages), beyond its hot set. A share 1 − r of those touches finds the page reclaimed and faults it back in, and the host, holding the guest at r, reclaims as many: (1 − r) × this rate. Its reclaim does not see device accesses (they set no accessed bit in its page tables), so every resident page not pinned is taken at the same rate λ = (1 − r) × rate / (r × memorySize): a DMA buffer left unused for t is gone with probability 1 − e^(−λt). Pinned (vIOMMU-mapped) pages are never taken.',
    source: 'assumption: 100 MB/s of touches to cold pages, a guest scanning a large data set; no measured figure for a guest\'s spread of accesses was found (Clark et al. 2005 measure writes to the hot set, memory touched beyond it is workload-specific)',
    sourceKind: 'assumption', range: { lo: 8 * Mbps, hi: 8_000 * Mbps, why: '1 MB/s (a mostly idle guest) to 1 GB/s (a guest streaming through its memory)' }
  },
  {
    key: 'viommuMode', label: 'vIOMMU unmap policy', ...oneOf('strict', 'deferred', 'optimistic'), default: 'deferred', group: 'DMA memory',
    doc: 'How the guest\'s IOMMU driver tears mappings down (dmaMemory viommu). strict: every map and every unmap traps (two exits per buffer). deferred: every map traps, unmaps are collected and torn down by one trapped invalidation per viommuBatch. optimistic (Amit et al. 2011\'s optimistic teardown): a mapping is kept alive for viommuTeardown after its unmap; mapping a page still mapped costs nothing, expired mappings are torn down in batches.',
    source: 'assumption: Linux\'s default IOMMU mode is deferred (intel-iommu "lazy" unmapping; strict with intel_iommu=strict); Amit et al., USENIX ATC 2011, add optimistic teardown (a configuration of the guest, not a measured quantity)',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

export const VM: KindSpec = {
  kind: 'vm',
  label: 'VM',
  description: 'A virtual machine on a host — a guest running applications, or an explicit driver domain. Reaches devices through one technique per attachment; "count" lets one node stand for n identical guests.',
  params: [...IDENTITY, ...SCHEDULING, ...DRIVER, ...NET_QOS, ...MIGRATION, ...BONDING, ...NIC_QOS, ...DMA_MEMORY],
  connectsTo: [],
  placedOn: ['host']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type VmParamKey = (typeof IDENTITY | typeof SCHEDULING | typeof DRIVER | typeof NET_QOS | typeof MIGRATION | typeof BONDING | typeof NIC_QOS | typeof DMA_MEMORY)[number]['key']
