// The NP-NIC kind: the IXP2400-based self-virtualizing NIC of 004 — micro-engines and
// their contexts, SDRAM, the NP side of the PCI path, VIFs, the interrupt identifier
// register and bounce buffers — plus the host-side VIF driver costs measured in 004.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { NP_COSTS } from './costs'
import { BANDWIDTH, BOOLEAN, DURATION, FREQUENCY, Gbps, KiB, MiB, GiB, Mbps, SIZE, US, count, oneOf } from '../param-kit'

const PROCESSOR = [
  {
    key: 'contextsPerMe', label: 'Hardware contexts per ME', ...count(1, 64), default: 8, group: 'Network processor',
    doc: 'Hardware threads per micro-engine; a context runs until it yields (typically on a memory or I/O access), switching at almost no cost.',
    source: '004 §2: "Each micro-engine supports 8 hardware contexts with minimal context switching overhead"; §4.3.1: scheduling is non-preemptive',
    sourceKind: 'measured'
  },
  {
    key: 'meClock', label: 'Micro-engine clock', ...FREQUENCY, default: 600e6, group: 'Network processor',
    doc: 'Clock of each micro-engine; ME costs in cycles take cycles / clock.',
    source: 'assumption: 600 MHz, Intel\'s IXP2400 product data; the seeds name the IXP2400 (004 §2) but not its clock',
    sourceKind: 'assumption', range: { lo: 400000000, hi: 600000000, why: 'the IXP2400 shipped at 400 and 600 MHz' }
  },
  {
    key: 'xscaleClock', label: 'XScale clock', ...FREQUENCY, default: 600e6, group: 'Network processor',
    doc: 'Clock of the XScale control core, which creates, destroys and configures VIFs. Descriptive: VIFs are created before a run and the XScale is off the data path, so no number depends on it.', descriptive: true,
    source: '004 §2 (XScale for control functions); 600 MHz is an assumption from IXP2400 product data',
    sourceKind: 'assumption', range: { lo: 400000000, hi: 600000000, why: 'the IXP2400 shipped at 400 and 600 MHz' }
  },
  {
    key: 'egressMes', label: 'Egress MEs', ...count(1, 64), default: 1, group: 'Network processor',
    doc: 'Micro-engines whose contexts form the egress pool; each VIF gets one context from the pool for polling its send queue.',
    source: '004 §2: egress contexts are "selected among a pool of contexts belonging to a single micro-engine"',
    sourceKind: 'measured'
  },
  {
    key: 'ingressMes', label: 'Ingress MEs', ...count(1, 64), default: 1, group: 'Network processor',
    doc: 'Micro-engines whose contexts demultiplex received packets onto VIF receive queues, shared by all VIFs.',
    source: '004 §2: "Ingress is managed for all VIFs by a pool of contexts on a micro-engine"',
    sourceKind: 'measured'
  },
  {
    key: 'phyMes', label: 'Physical rx/tx MEs', ...count(2, 64), default: 2, group: 'Network processor',
    doc: 'Micro-engines driving the physical port: one transmits, the others receive frames from the port in parallel (mePktRxCycles each). Their time counts as network latency.',
    source: '004 §2: "Two other micro-engines are used for physical network input and output"; §4.3.1',
    sourceKind: 'measured'
  },
  {
    key: 'sdramSize', label: 'SDRAM size', ...SIZE, min: 1 * MiB, max: 64 * GiB, default: 256 * MiB, group: 'Memory',
    doc: 'NP memory holding the VIF send queues (downstream communication space), partitioned among VIFs: each VIF gets at most sdramSize / (VIFs × 2 KiB) send-queue slots.',
    source: '004 §4.1: "RadiSys ENP2611 … with 256MB SDRAM"; §3: send queues live in NP SDRAM',
    sourceKind: 'measured'
  },
  {
    key: 'sdramLatency', label: 'SDRAM access latency', ...DURATION, max: 100 * US, default: 300, group: 'Memory',
    doc: 'Time for one ME SDRAM read (e.g. polling a send queue); the issuing context yields meanwhile.',
    source: 'assumption: a few hundred ns for IXP2400 DRAM; 004 gives no figure',
    sourceKind: 'assumption', range: { lo: 150, hi: 600, why: 'half to twice the assumed 300 ns: 150–600 ns for DDR behind the IXP2400\'s memory controller' }
  },
  {
    key: 'sdramBandwidth', label: 'SDRAM bandwidth', ...BANDWIDTH, default: 19.2 * Gbps, group: 'Memory',
    doc: 'Total SDRAM bandwidth shared by host PCI writes into send queues and ME reads; polling by many contexts competes for it.',
    source: 'assumption: one 64-bit DDR channel at 300 MT/s (IXP2400 product data); 004 §4.3.1 reports the resulting polling contention',
    sourceKind: 'assumption', range: { lo: 9600000000, hi: 19200000000, why: 'the 19.2 Gbps peak of one 64-bit DDR channel at 300 MT/s; sustained rates are down to half of it' }
  }
] as const satisfies readonly ParamSpec[]

const PCI_SIDE = [
  {
    key: 'npPciWriteBandwidth', label: 'NP → host PCI write bandwidth', ...BANDWIDTH, default: 500 * Mbps, group: 'PCI (NP side)',
    doc: 'Rate at which MEs write packets into host bounce buffers by programmed I/O through the bridge window. Shared by all ingress traffic: the bottleneck of the NP-NIC.',
    source: 'calibrated from 004 §1 "≈ 475 Mbps" TCP goodput of one VIF: 004 §4.3.2 names the NP → host path the bottleneck (§7 blames ME programmed I/O; Fig 5 is not in the text), so one VIF\'s goodput is this bandwidth × 1448 / 1518 (TCP payload per frame with headers): 500 Mbps × 1448 / 1518 = 476.9 Mbps ≈ 475',
    sourceKind: 'calibrated', range: { lo: 450000000, hi: 550000000, why: '475 Mbps ± 5 % read off the text, divided by 1448/1518: the fact pins this to about ± 10 %' }
  },
  {
    key: 'npPciWriteLatency', label: 'NP PCI write latency', ...DURATION, max: 100 * US, default: 300, group: 'PCI (NP side)',
    doc: 'Time for one ME posted write to land in host memory or raise the master interrupt, not counting bridge hops.',
    source: 'assumption: like the host side, a fraction of a microsecond per posted write',
    sourceKind: 'assumption', range: { lo: 150, hi: 1000, why: 'a posted write lands in 0.15–1 µs on a 66 MHz bus' }
  },
  {
    key: 'bridgeHops', label: 'Bridges to host', ...count(0, 16), default: 1, group: 'PCI (NP side)',
    doc: 'PCI-to-PCI bridges between the board and the host bus; each adds the host\'s bridge hop latency per direction.',
    source: '004 §2: SDRAM and registers are exported "via the Intel 21555 non-transparent PCI-to-PCI bridge"',
    sourceKind: 'measured'
  },
  {
    key: 'hostWindow', label: 'Host memory window', ...SIZE, min: 4 * KiB, max: 64 * GiB, default: 64 * MiB, group: 'PCI (NP side)',
    doc: 'Host memory the NP can address; all NP → host data goes to bounce buffers inside it, so at most hostWindow / bounceEntrySize bounce-buffer entries are usable.',
    source: '004 §3: "current firmware restrictions limit the addressability of host memory by the NP to 64MB … the hard limit is 2GB"',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

const VIFS = [
  {
    key: 'lineRate', label: 'Line rate', ...BANDWIDTH, default: 1 * Gbps, group: 'VIFs',
    doc: 'Physical port speed.',
    source: '004 §4.1: the gigabit ports of both NP-NICs connect to a gigabit switch; §1: 100 Mbps links run at full speed',
    sourceKind: 'measured'
  },
  {
    key: 'pipelineLatency', label: 'MAC/PHY latency', ...DURATION, max: 100 * US, default: 1000, group: 'VIFs',
    doc: 'Fixed time a frame spends in the board\'s MAC and PHY per direction, beyond serialization (the physical rx/tx micro-engines\' share is in their cycle costs).',
    source: 'assumption: ≈ 1 µs per direction, as for the commodity NIC; 004 §4.3.1 counts the physical rx/tx time as network latency without giving it',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: '0.5–3 µs per direction for a gigabit MAC/PHY' }
  },
  {
    key: 'vifLimit', label: 'VIF limit', ...count(1, 4096), default: 64, group: 'VIFs',
    doc: 'Most VIFs the NP-NIC will create; guests beyond it get none.',
    source: 'assumption: 004 runs up to 32 VIFs; the 64-entry bounce-buffer table (§3) allows at most one entry per VIF at 64',
    sourceKind: 'assumption', range: { lo: 32, hi: 64, why: '004 runs 32 VIFs; the 64-entry bounce-buffer table allows at most 64' }
  },
  {
    key: 'sendQueueSlots', label: 'Send queue slots per VIF', ...count(1, 4096), default: 128, group: 'VIFs',
    doc: 'Packet buffers in each VIF\'s send queue in NP SDRAM (bounded by sdramSize); a full queue blocks the guest driver until the NP has read a message out.',
    source: '004 §2: queue sizes are configurable and "determine transmit and receive buffer lengths"; 128 is an assumption',
    sourceKind: 'assumption', range: { lo: 32, hi: 512, why: 'configurable (004 §2); Linux drivers use tens to hundreds of buffers' }
  },
  {
    key: 'txCompletionSignals', label: 'Send-completion signals', ...BOOLEAN, default: false, group: 'VIFs',
    doc: 'Whether the NP also signals the guest when a transmission completes (the VIF\'s send bit, a second bank of identifier bits; with MSI-X, the VIF\'s vector): each costs an interrupt, its routing and an upcall in which the guest finds no message. Off: only receives interrupt.',
    source: '004 §2: "Delivery of these signals is programmable; the driver can selectively choose to enable/disable them"; off is an assumption',
    sourceKind: 'assumption'
  },
  {
    key: 'identifierBits', label: 'Identifier bits (per direction)', ...count(1, 1024), default: 8, group: 'Interrupts',
    doc: 'Distinct VIF identifiers per direction in the interrupt identifier register (its width is twice this: one send and one receive bit per VIF). Past this many VIFs, bits are shared and one interrupt signals every VIF on the bit.',
    source: '004 §3: 16-bit identifier register, two bits per VIF, shared past 8 VIFs; §5.1: "a small (8 bit) identifier"',
    sourceKind: 'measured'
  },
  {
    key: 'idSharing', label: 'Identifier sharing', ...oneOf('modulo', 'block'), default: 'modulo', group: 'Interrupts',
    doc: 'How VIFs map to identifier bits when they outnumber them: VIF i → bit i mod n, or contiguous blocks of ⌈VIFs / n⌉.',
    source: '004 §5.1: each ID shared among ⌈8/n⌉ domains; the mapping itself is an assumption',
    sourceKind: 'assumption'
  },
  {
    key: 'signalOrder', label: 'Shared-bit signal order', ...oneOf('list-order', 'rotating'), default: 'list-order', group: 'Interrupts',
    doc: 'Order in which the hypervisor signals the VIFs sharing a bit: always list order (the last spot waits longest) or rotating the first spot.',
    source: 'assumption: 004 §5.1 measures latency for guests "assigned the last spot in the sharing list", which implies a fixed list order',
    sourceKind: 'assumption'
  },
  {
    key: 'msiVectors', label: 'MSI vectors', ...count(0, 2048), default: 0, group: 'Interrupts',
    doc: 'MSI-X vectors for VIF signals instead of the identifier register (004 §5.1\'s proposal): a vector per VIF names its target, so the hypervisor reads no identifier register, and no VIF is signalled redundantly while vectors ≥ VIFs (past that, VIFs share vectors modulo). 0 = not available: use the identifier register.',
    source: '004 §3: the board and bridge lack MSIs (0); MSIs (up to 32 on PCI, 2048 on PCIe) would remove the need for the identifier',
    sourceKind: 'measured'
  },
  {
    key: 'bounceBufferEntries', label: 'Bounce-buffer table entries', ...count(1, 4096), default: 64, group: 'Bounce buffers',
    doc: 'Entries of the lookup table mapping host memory into the NP\'s PCI space; VIF receive queues are built from them.',
    source: '004 §3: "mapped into the NP\'s PCI address space via a 64 entry look up table mechanism"',
    sourceKind: 'measured'
  },
  {
    key: 'bounceSlotBytes', label: 'Receive slot size', ...SIZE, min: 64, max: 64 * KiB, default: 2 * KiB, group: 'Bounce buffers',
    doc: 'Bytes of bounce buffer each received packet occupies in a VIF receive queue; a VIF\'s queue holds (entries / VIFs) × entry size / slot size packets, and a packet arriving at a full queue is dropped.',
    source: 'assumption: one 2 KiB slot per MTU-sized frame, as Linux NIC drivers allocate; 004 §3 says queue sizes are configurable',
    sourceKind: 'assumption', range: { lo: 1536, hi: 4096, why: 'Linux NIC drivers allocate 1.5–2 KiB per MTU frame; page-sized slots would be 4 KiB' }
  },
  {
    key: 'bounceEntrySize', label: 'Bounce-buffer entry size', ...SIZE, min: 4 * KiB, max: 1 * GiB, default: 64 * KiB, group: 'Bounce buffers',
    doc: 'Host memory each table entry maps; a VIF\'s receive queue holds entries / VIFs × this bytes of packet slots.',
    source: '004 §3: each entry "maps a configurable PAGE_SIZE area"; 64 KiB is an assumption',
    sourceKind: 'assumption', range: { lo: 4096, hi: 1048576, why: 'a configurable PAGE_SIZE area (004 §3): from one 4 KiB page to 1 MiB' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (attack): the read-only mapping of a VIF's receive descriptor ring as an explicit switch.
const PROTECTION = [
  {
    key: 'vifRingReadOnly', label: 'VIF descriptor ring read-only', ...BOOLEAN, default: true, group: 'VIFs',
    doc: 'The hypervisor maps a VIF\'s receive descriptor ring into its guest read-only, so a guest write to it faults into the hypervisor and is refused. Off (a study of a writable mapping): a guest can rewrite descriptors and make the NP write a frame into host memory it does not own; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '004 §3: the receive descriptor ring is mapped read-only into the guest "because a malicious guest could" otherwise point the NP at arbitrary memory',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

export const NP_NIC: KindSpec = {
  kind: 'np-nic',
  label: 'NP-NIC',
  description: 'A programmable network processor board (IXP2400: XScale + micro-engines × hardware contexts) that implements virtual interfaces itself: send queues in its SDRAM, receive queues in host bounce buffers, an interrupt identifier register. Also usable as a plain NIC by a driver domain.',
  params: [...PROCESSOR, ...PCI_SIDE, ...VIFS, ...NP_COSTS, ...PROTECTION],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch'],
  placedOn: ['host']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type NpNicParamKey = (typeof PROCESSOR | typeof PCI_SIDE | typeof VIFS | typeof NP_COSTS | typeof PROTECTION)[number]['key']
