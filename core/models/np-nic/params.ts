// The NP-NIC kind: the IXP2400-based self-virtualizing NIC of 004 — micro-engines and
// their contexts, SDRAM, the NP side of the PCI path, VIFs, the interrupt identifier
// register and bounce buffers — plus the host-side VIF driver costs measured in 004.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { NP_COSTS } from './costs'
import { BANDWIDTH, BOOLEAN, DURATION, FREQUENCY, Gbps, KiB, MiB, GiB, Mbps, SIZE, US, count, oneOf } from '../param-kit'

const PROCESSOR: ParamSpec[] = [
  {
    key: 'microEngines', label: 'Micro-engines', ...count(1, 64), default: 8, group: 'Network processor',
    doc: 'Specialized packet-processing cores on the NP.',
    source: '004 §2: "8 specialized communication cores, termed micro-engines"'
  },
  {
    key: 'contextsPerMe', label: 'Hardware contexts per ME', ...count(1, 64), default: 8, group: 'Network processor',
    doc: 'Hardware threads per micro-engine; a context runs until it yields (typically on a memory or I/O access), switching at almost no cost.',
    source: '004 §2: "Each micro-engine supports 8 hardware contexts with minimal context switching overhead"; §4.3.1: scheduling is non-preemptive'
  },
  {
    key: 'meClock', label: 'Micro-engine clock', ...FREQUENCY, default: 600e6, group: 'Network processor',
    doc: 'Clock of each micro-engine; ME costs in cycles take cycles / clock.',
    source: 'assumption: 600 MHz, Intel\'s IXP2400 product data; the seeds name the IXP2400 (004 §2) but not its clock'
  },
  {
    key: 'xscaleClock', label: 'XScale clock', ...FREQUENCY, default: 600e6, group: 'Network processor',
    doc: 'Clock of the XScale control core, which creates, destroys and configures VIFs (off the data path).',
    source: '004 §2 (XScale for control functions); 600 MHz is an assumption from IXP2400 product data'
  },
  {
    key: 'egressMes', label: 'Egress MEs', ...count(1, 64), default: 1, group: 'Network processor',
    doc: 'Micro-engines whose contexts form the egress pool; each VIF gets one context from the pool for polling its send queue.',
    source: '004 §2: egress contexts are "selected among a pool of contexts belonging to a single micro-engine"'
  },
  {
    key: 'egressAssignment', label: 'Egress context assignment', ...oneOf('round-robin', 'least-loaded'), default: 'round-robin', group: 'Network processor',
    doc: 'How a new VIF is given its egress context; with more VIFs than contexts, several VIFs share one.',
    source: '004 §2: "For simple load balancing, this context is selected … in a round robin fashion"'
  },
  {
    key: 'ingressMes', label: 'Ingress MEs', ...count(1, 64), default: 1, group: 'Network processor',
    doc: 'Micro-engines whose contexts demultiplex received packets onto VIF receive queues, shared by all VIFs.',
    source: '004 §2: "Ingress is managed for all VIFs by a pool of contexts on a micro-engine"'
  },
  {
    key: 'phyMes', label: 'Physical rx/tx MEs', ...count(2, 64), default: 2, group: 'Network processor',
    doc: 'Micro-engines driving the physical port (one receive, one transmit). Their time counts as network latency.',
    source: '004 §2: "Two other micro-engines are used for physical network input and output"; §4.3.1'
  },
  {
    key: 'sdramSize', label: 'SDRAM size', ...SIZE, min: 1 * MiB, max: 64 * GiB, default: 256 * MiB, group: 'Memory',
    doc: 'NP memory holding the VIF send queues (downstream communication space), partitioned among VIFs.',
    source: '004 §4.1: "RadiSys ENP2611 … with 256MB SDRAM"; §3: send queues live in NP SDRAM'
  },
  {
    key: 'sdramLatency', label: 'SDRAM access latency', ...DURATION, max: 100 * US, default: 300, group: 'Memory',
    doc: 'Time for one ME SDRAM read (e.g. polling a send queue); the issuing context yields meanwhile.',
    source: 'assumption: a few hundred ns for IXP2400 DRAM; 004 gives no figure'
  },
  {
    key: 'sdramBandwidth', label: 'SDRAM bandwidth', ...BANDWIDTH, default: 19.2 * Gbps, group: 'Memory',
    doc: 'Total SDRAM bandwidth shared by host PCI writes into send queues and ME reads; polling by many contexts competes for it.',
    source: 'assumption: one 64-bit DDR channel at 300 MT/s (IXP2400 product data); 004 §4.3.1 reports the resulting polling contention'
  }
]

const PCI_SIDE: ParamSpec[] = [
  {
    key: 'npPciWriteBandwidth', label: 'NP → host PCI write bandwidth', ...BANDWIDTH, default: 500 * Mbps, group: 'PCI (NP side)',
    doc: 'Rate at which MEs write packets into host bounce buffers by programmed I/O through the bridge window. Shared by all ingress traffic: the bottleneck of the NP-NIC.',
    source: 'assumption: 004 §4.3.2 says the ingress (NP → host) path is the bottleneck and §7 blames ME programmed I/O; Fig 5 is not in the text. 500 Mbps caps one VIF\'s TCP goodput near the ≈ 475 Mbps of 004 §1'
  },
  {
    key: 'npPciReadBandwidth', label: 'NP PCI read bandwidth', ...BANDWIDTH, default: 100 * Mbps, group: 'PCI (NP side)',
    doc: 'Rate at which MEs can read host memory across PCI; the VIF design avoids it (send queues live in NP SDRAM).',
    source: 'assumption: 004 §3 and §5.2: "both NP and host PCI read bandwidth are very limited"; taken as 1/5 of the write rate'
  },
  {
    key: 'npPciWriteLatency', label: 'NP PCI write latency', ...DURATION, max: 100 * US, default: 300, group: 'PCI (NP side)',
    doc: 'Time for one ME posted write to land in host memory or raise the master interrupt, not counting bridge hops.',
    source: 'assumption: like the host side, a fraction of a microsecond per posted write'
  },
  {
    key: 'bridgeHops', label: 'Bridges to host', ...count(0, 16), default: 1, group: 'PCI (NP side)',
    doc: 'PCI-to-PCI bridges between the board and the host bus; each adds the host\'s bridge hop latency per direction.',
    source: '004 §2: SDRAM and registers are exported "via the Intel 21555 non-transparent PCI-to-PCI bridge"'
  },
  {
    key: 'hostWindow', label: 'Host memory window', ...SIZE, min: 4 * KiB, max: 64 * GiB, default: 64 * MiB, group: 'PCI (NP side)',
    doc: 'Host memory the NP can address; all NP → host data goes to bounce buffers inside it.',
    source: '004 §3: "current firmware restrictions limit the addressability of host memory by the NP to 64MB … the hard limit is 2GB"'
  }
]

const VIFS: ParamSpec[] = [
  {
    key: 'lineRate', label: 'Line rate', ...BANDWIDTH, default: 1 * Gbps, group: 'VIFs',
    doc: 'Physical port speed.',
    source: '004 §4.1: the gigabit ports of both NP-NICs connect to a gigabit switch; §1: 100 Mbps links run at full speed'
  },
  {
    key: 'pipelineLatency', label: 'MAC/PHY latency', ...DURATION, max: 100 * US, default: 1000, group: 'VIFs',
    doc: 'Fixed time a frame spends in the board\'s MAC and PHY per direction, beyond serialization (the physical rx/tx micro-engines\' share is in their cycle costs).',
    source: 'assumption: ≈ 1 µs per direction, as for the commodity NIC; 004 §4.3.1 counts the physical rx/tx time as network latency without giving it'
  },
  {
    key: 'vifLimit', label: 'VIF limit', ...count(1, 4096), default: 64, group: 'VIFs',
    doc: 'Most VIFs the NP-NIC will create; guests beyond it get none.',
    source: 'assumption: 004 runs up to 32 VIFs; the 64-entry bounce-buffer table (§3) allows at most one entry per VIF at 64'
  },
  {
    key: 'sendQueueSlots', label: 'Send queue slots per VIF', ...count(1, 4096), default: 128, group: 'VIFs',
    doc: 'Packet buffers in each VIF\'s send queue in NP SDRAM; a full queue blocks the guest driver.',
    source: '004 §2: queue sizes are configurable and "determine transmit and receive buffer lengths"; 128 is an assumption'
  },
  {
    key: 'txCompletionSignals', label: 'Send-completion signals', ...BOOLEAN, default: false, group: 'VIFs',
    doc: 'Whether the NP also signals the guest when a transmission completes (the send bit of the VIF); off, only receives interrupt.',
    source: '004 §2: "Delivery of these signals is programmable; the driver can selectively choose to enable/disable them"; off is an assumption'
  },
  {
    key: 'identifierBits', label: 'Identifier bits (per direction)', ...count(1, 1024), default: 8, group: 'Interrupts',
    doc: 'Distinct VIF identifiers per direction in the interrupt identifier register (its width is twice this: one send and one receive bit per VIF). Past this many VIFs, bits are shared and one interrupt signals every VIF on the bit.',
    source: '004 §3: 16-bit identifier register, two bits per VIF, shared past 8 VIFs; §5.1: "a small (8 bit) identifier"'
  },
  {
    key: 'idSharing', label: 'Identifier sharing', ...oneOf('modulo', 'block'), default: 'modulo', group: 'Interrupts',
    doc: 'How VIFs map to identifier bits when they outnumber them: VIF i → bit i mod n, or contiguous blocks of ⌈VIFs / n⌉.',
    source: '004 §5.1: each ID shared among ⌈8/n⌉ domains; the mapping itself is an assumption'
  },
  {
    key: 'signalOrder', label: 'Shared-bit signal order', ...oneOf('list-order', 'rotating'), default: 'list-order', group: 'Interrupts',
    doc: 'Order in which the hypervisor signals the VIFs sharing a bit: always list order (the last spot waits longest) or rotating the first spot.',
    source: '004 §5.1: latency measured for guests "assigned the last spot in the sharing list"'
  },
  {
    key: 'msiVectors', label: 'MSI vectors', ...count(0, 2048), default: 0, group: 'Interrupts',
    doc: 'Message-signalled interrupts per VIF signal instead of the identifier register (0 = not available: use the identifier register).',
    source: '004 §3: MSIs (up to 32 on PCI, 2048 on PCIe) would remove the need for the identifier, but the board and bridge lack them'
  },
  {
    key: 'bounceBufferEntries', label: 'Bounce-buffer table entries', ...count(1, 4096), default: 64, group: 'Bounce buffers',
    doc: 'Entries of the lookup table mapping host memory into the NP\'s PCI space; VIF receive queues are built from them.',
    source: '004 §3: "mapped into the NP\'s PCI address space via a 64 entry look up table mechanism"'
  },
  {
    key: 'bounceSlotBytes', label: 'Receive slot size', ...SIZE, min: 64, max: 64 * KiB, default: 2 * KiB, group: 'Bounce buffers',
    doc: 'Bytes of bounce buffer each received packet occupies in a VIF receive queue; a VIF\'s queue holds (entries / VIFs) × entry size / slot size packets, and a packet arriving at a full queue is dropped.',
    source: 'assumption: one 2 KiB slot per MTU-sized frame, as Linux NIC drivers allocate; 004 §3 says queue sizes are configurable'
  },
  {
    key: 'bounceEntrySize', label: 'Bounce-buffer entry size', ...SIZE, min: 4 * KiB, max: 1 * GiB, default: 64 * KiB, group: 'Bounce buffers',
    doc: 'Host memory each table entry maps; a VIF\'s receive queue holds entries / VIFs × this bytes of packet slots.',
    source: '004 §3: each entry "maps a configurable PAGE_SIZE area"; 64 KiB is an assumption'
  }
]

export const NP_NIC: KindSpec = {
  kind: 'np-nic',
  label: 'NP-NIC',
  description: 'A programmable network processor board (IXP2400: XScale + micro-engines × hardware contexts) that implements virtual interfaces itself: send queues in its SDRAM, receive queues in host bounce buffers, an interrupt identifier register. Also usable as a plain NIC by a driver domain.',
  params: [...PROCESSOR, ...PCI_SIDE, ...VIFS, ...NP_COSTS],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch'],
  placedOn: ['host']
}
