// The Host kind: physical CPUs with hyperthreads, the hypervisor and its costs, the
// credit scheduler and where domains sit; its I/O side (PCI, IOMMU, interrupts, split
// drivers, guest kernel) is in io-params.ts.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, FREQUENCY, Gbps, MS, count, factor, oneOf } from '../param-kit'
import { HOST_IO_PARAMS } from './io-params'
import { IO_PAGE_FAULT_PARAMS } from './io-page-fault-params'
import { DEFAULT_HOST_PROFILE, HOST_PROFILE_IDS } from './profiles'

const PLACEMENTS = ['first-hyperthreads', 'second-hyperthreads', 'any'] as const

// Hardware profile (core/models/host/profiles.ts): fills the values the host does not set.
const PROFILE = [
  {
    key: 'profile', label: 'Hardware profile', ...oneOf(...HOST_PROFILE_IDS), default: DEFAULT_HOST_PROFILE, group: 'Profile',
    doc: 'A named, sourced set of hardware values (CPU generation, clock and count, memory copy bandwidth, exit costs, PCI/PCIe generation, IOMMU, the NICs\' capabilities). A parameter set on the host overrides its profile value; a value neither sets is the catalog default. The default is the 2006 testbed, whose values are the catalog defaults. See docs/profiles.md.',
    source: '004 §4.1: the default profile is the testbed the catalog defaults describe (2.8 GHz Xeons, PCI, IXP2400); the other profiles cite their papers and datasheets per value',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

const CPU = [
  {
    key: 'logicalCpus', label: 'Logical CPUs', ...count(1, 4096), default: 4, group: 'CPU',
    doc: 'Hardware threads the hypervisor schedules on (cores × hyperthreads).',
    source: '004 §4.1: "dual 2-way HT Pentium Xeons (a total of 4 logical processors)"',
    sourceKind: 'measured'
  },
  {
    key: 'threadsPerCore', label: 'Hyperthreads per core', ...count(1, 8), default: 2, group: 'CPU',
    doc: 'Logical CPUs sharing one core (execution units, caches, TLB). Logical CPUs are numbered first hyperthreads of all cores first, then the second ones, and so on.',
    source: '004 §4.1: 2-way HT Xeons; §4.2.1: dom0 on the first hyperthreads, domUs on the second',
    sourceKind: 'measured'
  },
  {
    key: 'clock', label: 'Clock', ...FREQUENCY, default: 2.8e9, group: 'CPU',
    doc: 'Core clock; every cost given in cycles takes cycles / clock of CPU time.',
    source: '004 §4.1: "2.80GHz servers"',
    sourceKind: 'measured'
  },
  {
    key: 'htSlowdown', label: 'Hyperthread slowdown', ...factor(1, 4), default: 1.5, group: 'CPU',
    doc: 'Factor by which work on a logical CPU stretches while its sibling hyperthread is also busy (1 = no interference).',
    source: 'assumption: 004 §4.2.1 says sharing a core with a dom0 hyperthread "effectively reduces the speed" of a guest but gives no number; Netburst HT gains 10–30 % combined throughput, i.e. each busy sibling runs at ≈ 0.6–0.7 of solo speed',
    sourceKind: 'assumption', range: { lo: 1.2, hi: 2, why: 'Netburst hyperthreading gains 10–30 % combined throughput, less under cache pressure: each busy sibling runs at 0.5–0.85 of solo speed' }
  },
  {
    key: 'memCopyBandwidth', label: 'Memory copy bandwidth', ...BANDWIDTH, default: 8 * Gbps, group: 'CPU',
    doc: 'Rate of a CPU memcpy of packet data not in cache (e.g. from a buffer a device just wrote). Copy time = bytes × 8 / this, charged to the copying CPU.',
    source: 'calibrated jointly with np-nic vifRecvFixedCycles from 004 §4.3.1 "message receive ≈ 9.42 µs" (1 VIF, 1500-byte messages, local copy out of the bounce buffer); the split is a judgement: ≈ 1 GB/s cache-cold copy on a 2006 Netburst Xeon with DDR memory gives 1500 B × 8 / 8 Gbps = 1.5 µs of copy, and 9.42 − 1.5 = 7.92 µs is left as the fixed part',
    sourceKind: 'calibrated', range: { lo: 4000000000, hi: 16000000000, why: '0.5–2 GB/s cache-cold memcpy on 2006 DDR/DDR2 Xeons' }
  }
] as const satisfies readonly ParamSpec[]

const HYPERVISOR = [
  {
    key: 'virtualized', label: 'Hypervisor present', ...BOOLEAN, default: true, group: 'Hypervisor costs',
    doc: 'Off: the host runs one native OS (the baseline of the `native` technique) and no hypervisor cost is charged.',
    source: 'DOMAIN.md techniques: `native` is the baseline; 004 §4.1 runs Xen 3.0',
    sourceKind: 'measured'
  },
  {
    key: 'vmExitCycles', label: 'VM exit + entry', ...CYCLES, default: 1000, group: 'Hypervisor costs',
    doc: 'Direct cost of one VM exit: the round trip of a trap from a hardware-virtualized guest into the hypervisor and back (excluding the handler\'s own work and the indirect cost, vmExitIndirectCycles). Charged as hypervisor work per trapped I/O access (emulated, VPIO hooked ports), per external-interrupt and EOI exit of an injected interrupt, and per timer and halt exit of a guest\'s tick.',
    source: '002 "VPIO Issue 1/2: Exit Costs": "O(1000) cycle exits" (Palacios on AMD SVM)',
    sourceKind: 'measured', range: { lo: 500, hi: 2000, why: '002 gives the order only ("O(1000) cycle exits"): a factor of two either way' }
  },
  {
    key: 'hypercallCycles', label: 'Hypercall', ...CYCLES, default: 1000, group: 'Hypervisor costs',
    doc: 'A paravirtual guest\'s call into the hypervisor and return (e.g. the event-channel send of netfront, a grant operation).',
    source: 'assumption: same order as a VM exit (002: O(1000) cycles); 004 §3.2 calls hypervisor calls costly on x86 and says they must be batched',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: 'a privilege round trip costs 0.2–1 µs on 2006 x86, the order of a VM exit' }
  },
  {
    key: 'contextSwitchCycles', label: 'Domain switch', ...CYCLES, default: 5600, group: 'Hypervisor costs',
    doc: 'Switching a physical CPU from one domain\'s vCPU to another\'s: state save/restore, page-table switch and TLB flush with the TLB refill it causes (Netburst has no tagged TLB, so every switch pays it). Charged by the scheduler on every switch; a domain switched in cold also pays its cache refill (domainCacheRefillCycles, cacheWarmDomains).',
    source: 'assumption: ≈ 2 µs at 2.8 GHz for a Xen 3.0 world switch with a full TLB flush and TLB refill on Netburst (no tagged TLB, no process-context identifiers before Nehalem/Westmere); the cache refill is separate (domainCacheRefillCycles); 004 §5.1 attributes cumulative latency to these switches when redundant signals wake many domains',
    sourceKind: 'assumption', range: { lo: 2800, hi: 14000, why: '1–5 µs for a world switch with a full TLB flush and its refill on Netburst' }
  },
  {
    key: 'pageFlipCycles', label: 'Page flip', ...CYCLES, default: 8400, group: 'Hypervisor costs',
    doc: 'Transferring one page from the driver domain to a guest (grant transfer: page-table updates in both domains, TLB shootdown). Used by netback in page-flip mode.',
    source: 'assumption: ≈ 3 µs; 004 §4.1 (backend uses page flipping) and §4.2.2 (remapping and page-transfer overheads in Xen, after [21])',
    sourceKind: 'assumption', range: { lo: 4200, hi: 16800, why: '1.5–6 µs: page-table updates in two domains plus a TLB shootdown' }
  }
] as const satisfies readonly ParamSpec[]

// Exits, interrupt delivery and per-VM fixed overhead (issue 10, hardware path): appended as one
// block so that other groups' edits merge cleanly.
const EXITS = [
  {
    key: 'vmExitIndirectCycles', label: 'VM exit indirect cost', ...CYCLES, default: 2000, group: 'Hypervisor costs',
    doc: 'Guest CPU work after every VM exit of a hardware-virtualized guest: refilling the TLB entries and cache lines the exit and the hypervisor\'s handler displaced (the "indirect cost" of an exit). Charged to the guest on its vCPU after each external-interrupt, EOI, trapped I/O, timer and halt exit.',
    source: 'assumption: Gordon et al. ASPLOS 2012 (ELI) and Agesen et al. USENIX ATC 2012 name the indirect cost (cache/TLB pollution) of exits beside the direct round trip but the model does not take a number from them; on VT-x without VPIDs (Netburst and Core 2, the 2006 Xeon) every VM entry and exit invalidates the TLB (Intel SDM vol. 3, VPID), so the guest refills tens of TLB entries (≈ 50 × ≈ 25-cycle walks) plus the L1 lines the handler evicted (≈ 50 × ≈ 12 cycles): ≈ 2,000 cycles',
    sourceKind: 'assumption', range: { lo: 500, hi: 6000, why: 'with VPIDs (Nehalem and later) only cache pollution is left (a few hundred cycles); without them a full TLB refill of a large working set costs several thousand' }
  },
  {
    key: 'interruptDelivery', label: 'Interrupt delivery', ...oneOf('exit', 'eli', 'posted'), default: 'exit', group: 'Hypervisor costs',
    doc: 'How a hardware-virtualized guest receives interrupts. exit: every physical interrupt exits to the hypervisor, which injects it, and the guest\'s EOI traps (VT-x/SVM of 2006–2012). eli: exitless interrupts (Gordon et al. ASPLOS 2012) — interrupts of an assigned device (pass-through, an SR-IOV VF on its own vector) go straight to the guest through a shadow IDT and its EOI does not exit; other interrupts (the guest\'s timer, shared vectors) still exit. posted: VT-d posted interrupts with APICv — device interrupts reach the guest without exit and every EOI (timer included) is virtualized.',
    source: '001 "Challenges": "The actual device posts a physical completion interrupt, which is handled by the hypervisor", which then posts a virtual interrupt to the VM (exit, the default, as on the 2006–2012 hardware the seeds and literature projects model); eli: Gordon et al., ASPLOS 2012 (shadow IDT, exitless EOI through the x2APIC); posted: Intel VT-d posted interrupts with APIC virtualization (virtual EOI)',
    sourceKind: 'measured'
  },
  {
    key: 'guestTimerHz', label: 'Guest timer frequency', ...count(0, 10_000), default: 250, group: 'Hypervisor costs',
    doc: 'Timer interrupts per second of every guest on this host (the guest kernel\'s HZ; 0 = tickless, no periodic ticks). Each tick of a hardware-virtualized guest is an external-interrupt exit, an injection, the guest\'s tick handler and an EOI exit (no EOI exit with posted delivery); an idle guest halts again afterwards (a HLT exit). A paravirtual guest\'s tick is a hypervisor timer event and an upcall. The vCPU must be scheduled for every tick, so each running guest costs host CPU even when idle.',
    source: 'assumption: Linux 2.6.13 and later default to HZ = 250 (kernel/Kconfig.hz); 2.6.0–2.6.12 and several distribution kernels used 1000, and the guests\' HZ is not stated in the seeds',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: 'the Linux HZ choices 100, 250 and 1000' }
  },
  {
    key: 'guestTickCycles', label: 'Guest tick handler', ...CYCLES, default: 4200, group: 'Hypervisor costs',
    doc: 'Guest CPU work of one timer tick: interrupt entry, timekeeping update, scheduler tick, expired timers (excluding exits, charged separately).',
    source: 'assumption: ≈ 1.5 µs at 2.8 GHz for a Linux 2.6 timer interrupt with its softirq; the seeds give no number',
    sourceKind: 'assumption', range: { lo: 1500, hi: 15000, why: 'a timer interrupt with timekeeping and scheduler tick: 0.5–5 µs on 2006 x86' }
  }
] as const satisfies readonly ParamSpec[]

const SCHEDULER = [
  {
    key: 'schedulerTimeslice', label: 'Time slice', ...DURATION, min: 100_000, max: 1_000 * MS, default: 30 * MS, group: 'CPU scheduler',
    doc: 'Credit scheduler: longest time a vCPU runs before the scheduler may preempt it for another runnable vCPU.',
    source: 'DOMAIN.md "CPU scheduling": Xen credit scheduler, 30 ms slices',
    sourceKind: 'measured'
  },
  {
    key: 'schedulerTick', label: 'Accounting period', ...DURATION, min: 100_000, max: 1_000 * MS, default: 10 * MS, group: 'CPU scheduler',
    doc: 'Credit scheduler tick: every tick the running vCPU loses its boost and its time slice is checked; every 3 ticks (the accounting period, 30 ms at 10 ms as in Xen) credits are recomputed from reservations, weights and caps.',
    source: 'assumption: Xen credit scheduler default tick of 10 ms (brief); DOMAIN.md names the scheduler, not the period',
    sourceKind: 'assumption', range: { lo: 10000000, hi: 30000000, why: 'the credit scheduler ticks every 10 ms and accounts every 30 ms; which period 004\'s Xen 3.0 used is not stated' }
  },
  {
    key: 'boostOnWake', label: 'Boost on wake', ...BOOLEAN, default: true, group: 'CPU scheduler',
    doc: 'A vCPU woken by an event (interrupt, event channel) with credit left jumps ahead of other runnable vCPUs. This is why I/O latency stays low until CPU contention grows.',
    source: 'DOMAIN.md "CPU scheduling": "a boost for vCPUs woken by an event"',
    sourceKind: 'measured'
  },
  {
    key: 'schedulerRatelimit', label: 'Rate limit', ...DURATION, max: 100 * MS, default: 0, group: 'CPU scheduler',
    doc: 'Minimum run time before a boosted wake-up may preempt the running vCPU (0 = preempt at once).',
    source: 'assumption: 0, as in Xen 3.0 used by 004 §4.1 (the credit scheduler\'s rate limit came later, with a 1 ms default)',
    sourceKind: 'assumption', range: { lo: 0, hi: 1000000, why: '0 in Xen 3.0 (004 §4.1); later Xen defaults to 1 ms' }
  },
  {
    key: 'driverDomainVcpus', label: 'Driver domain vCPUs', ...count(1, 64), default: 1, group: 'CPU scheduler',
    doc: 'vCPUs of the implicit driver domain (dom0): 1 = uniprocessor, 2 = SMP. A VM node with role "driver-domain" overrides this.',
    source: '004 §4.1: "uniprocessor dom0 and a SMP dom0 with support for 2 processors"',
    sourceKind: 'measured'
  },
  {
    key: 'driverDomainWeight', label: 'Driver domain weight', ...count(1, 65535), default: 256, group: 'CPU scheduler',
    doc: 'Credit-scheduler weight of the implicit driver domain.',
    source: 'assumption: the Xen default weight 256, as for guests',
    sourceKind: 'assumption', range: { lo: 256, hi: 256, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'driverDomainPlacement', label: 'Driver domain placement', ...oneOf(...PLACEMENTS), default: 'first-hyperthreads', group: 'CPU scheduler',
    doc: 'Logical CPUs the driver domain\'s vCPUs may run on.',
    source: '004 §4.1: "the first hyperthreads of all CPUs are assigned to dom0"',
    sourceKind: 'measured'
  },
  {
    key: 'guestPlacement', label: 'Guest placement', ...oneOf(...PLACEMENTS), default: 'second-hyperthreads', group: 'CPU scheduler',
    doc: 'Logical CPUs guest vCPUs may run on unless a VM sets its own placement.',
    source: '004 §4.1: "domUs share the second hyperthreads of all CPUs"',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

// QoS and resource controls of the driver domain and its backend (issue 12): appended as one block.
const QOS = [
  {
    key: 'driverDomainCap', label: 'Driver domain cap', ...count(0, 6400), default: 0, group: 'CPU scheduler',
    doc: 'Upper bound on the implicit driver domain\'s CPU use in percent of one logical CPU, over all its vCPUs (0 = none). A VM node with role "driver-domain" sets its own cap.',
    source: 'assumption: no cap, as in Xen\'s default for dom0 (xl sched-credit -d 0 shows cap 0); 001 "Challenges" names absolute limits as a control',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'driverDomainReservation', label: 'Driver domain reservation', ...count(0, 6400), default: 0, group: 'CPU scheduler',
    doc: 'CPU guaranteed to each vCPU of the implicit driver domain in percent of one logical CPU, credited before weights (0 = none).',
    source: 'assumption: none, as the credit scheduler of 004 §4.1 has no reservations; 001 "Challenges": "absolute reservation and limit settings, which bound a VM\'s minimum and maximum allocation"',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'netbackScheduler', label: 'Netback VIF scheduling', ...oneOf('round-robin', 'wfq'), default: 'round-robin', group: 'Split driver',
    doc: 'How the driver domain\'s netback chooses among guests\' interfaces with transmit requests: round-robin (one request per interface in turn, Xen netback\'s schedule list) or wfq (weighted fair queueing by the VMs\' netShares: self-clocked fair queueing on request bytes, so under contention each interface gets netback\'s service in proportion to its shares). A study switch: stock netback is round-robin.',
    source: 'Xen 3.0 netback (linux-2.6-xen-sparse/drivers/xen/netback/netback.c): net_schedule_list, served from its head, an interface with more requests re-added at its tail (round robin); wfq: Golestani, "A self-clocked fair queueing scheme", IEEE INFOCOM 1994',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

export const HOST: KindSpec = {
  kind: 'host',
  label: 'Host',
  description: 'A physical machine: logical CPUs with hyperthreads, a hypervisor with its costs and credit scheduler, a PCI bus with bridges, an optional IOMMU and the interrupt path. VMs, NICs, NP-NICs and Host Gateways are placed inside it.',
  params: [...PROFILE, ...CPU, ...HYPERVISOR, ...EXITS, ...SCHEDULER, ...HOST_IO_PARAMS, ...QOS, ...IO_PAGE_FAULT_PARAMS],
  connectsTo: []
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type HostParamKey = (typeof PROFILE | typeof CPU | typeof HYPERVISOR | typeof EXITS | typeof SCHEDULER | typeof HOST_IO_PARAMS | typeof QOS | typeof IO_PAGE_FAULT_PARAMS)[number]['key']
