// NP-NIC costs per packet: micro-engine work on the egress and ingress paths (004
// Fig 4's stages) and the host-side VIF driver costs that 004 §4.3.1 measured.
import type { ParamSpec } from '../catalog-types'
import { CYCLES, DURATION, SIZE, US, count } from '../param-kit'

const FIG4 = 'Fig 4 (ME latency micro-benchmarks) gives no numbers in the text'

const MICRO_ENGINE = [
  {
    key: 'meMsgRecvCycles', label: 'ME msg recv', ...CYCLES, default: 200, group: 'Micro-engine costs',
    doc: 'Egress: ME work for a VIF\'s context to find and take a new message in its send queue, plus one SDRAM read (sdramLatency) per poll.',
    source: `004 §4.3.1 "msg recv … involves polling the send queue in SDRAM"; assumption: ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 100, hi: 400, why: 'Fig 4 has no numbers in the text: half to twice a short ME routine' }
  },
  {
    key: 'mePollCycles', label: 'ME cycles per poll', ...CYCLES, default: 20, group: 'Micro-engine costs',
    doc: 'Egress: ME instructions a context executes per send-queue poll besides the SDRAM read (compare head and tail, branch). The contexts of one ME share its core for this work.',
    source: `004 §4.3.1 "msg recv … involves polling the send queue in SDRAM"; assumption: a short compare-and-branch loop of ≈ 20 instructions; ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 10, hi: 50, why: 'a compare-and-branch loop of 10–50 instructions' }
  },
  {
    key: 'sdramAccessOverhead', label: 'SDRAM access occupancy', ...DURATION, max: 100 * US, default: 50, group: 'Micro-engine costs',
    doc: 'Time one SDRAM access holds the memory channel besides its data transfer (row activation, precharge, bus turnaround). Polls of all egress contexts queue for the channel: the polling contention that makes egress cost grow with the number of VIFs.',
    source: '004 §4.3.1: "the cost of the egress path increases due to increased SDRAM polling contention by micro-engine contexts"; assumption: ≈ 15 cycles of a 300 MHz DDR channel',
    sourceKind: 'assumption', range: { lo: 25, hi: 100, why: '8–30 cycles of a 300 MHz DDR channel' }
  },
  {
    key: 'pollBytes', label: 'Bytes read per poll', ...SIZE, max: 4096, default: 16, group: 'Micro-engine costs',
    doc: 'Bytes one send-queue poll reads from SDRAM (the ring\'s head and tail indices), at sdramBandwidth.',
    source: 'assumption: two 64-bit ring indices; 004 §3 puts the send queue and its ring structure in NP SDRAM',
    sourceKind: 'assumption', range: { lo: 8, hi: 64, why: 'two 32-bit indices up to one 64-byte burst' }
  },
  {
    key: 'mePktTxCycles', label: 'ME pkt tx', ...CYCLES, default: 150, group: 'Micro-engine costs',
    doc: 'Egress: enqueue the packet on the physical port\'s transmit queue.',
    source: `004 §4.3.1 "pkt tx"; assumption: ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 75, hi: 300, why: 'Fig 4 has no numbers in the text: half to twice' }
  },
  {
    key: 'mePktRxCycles', label: 'ME pkt rx', ...CYCLES, default: 150, group: 'Micro-engine costs',
    doc: 'Ingress: dequeue the packet from the physical port\'s receive queue.',
    source: `004 §4.3.1 "pkt rx"; assumption: ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 75, hi: 300, why: 'Fig 4 has no numbers in the text: half to twice' }
  },
  {
    key: 'meDemuxCycles', label: 'ME channel demux', ...CYCLES, default: 120, group: 'Micro-engine costs',
    doc: 'Ingress: hash the destination MAC to the VIF\'s receive queue. Independent of the number of VIFs.',
    source: `004 §4.3.1: ingress cost does not change with VIFs "since we use hashing"; assumption: ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 60, hi: 240, why: 'Fig 4 has no numbers in the text: half to twice a hash lookup' }
  },
  {
    key: 'meMsgSendCycles', label: 'ME msg send', ...CYCLES, default: 300, group: 'Micro-engine costs',
    doc: 'Ingress: ME work to copy the packet into the VIF\'s bounce buffer and raise the interrupt, excluding the PCI transfer itself (npPciWriteBandwidth, npPciWriteLatency).',
    source: `004 §4.3.1 "msg send - copying the packet into host memory and interrupting the host via a pair of PCI write transactions"; assumption: ${FIG4}`,
    sourceKind: 'assumption', range: { lo: 150, hi: 600, why: 'Fig 4 has no numbers in the text: half to twice' }
  },
  {
    key: 'msgSendPciWrites', label: 'PCI writes per msg send', ...count(1, 16), default: 2, group: 'Micro-engine costs',
    doc: 'Posted PCI write transactions per delivered packet (data, then identifier/interrupt), each paying npPciWriteLatency.',
    source: '004 §4.3.1: "a pair of PCI write transactions"',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

const HOST_DRIVER = [
  {
    key: 'vifSendFixedCycles', label: 'VIF send, fixed part', ...CYCLES, default: 12516, group: 'Host-side VIF driver',
    doc: 'Guest (or driver-domain) driver work per message sent besides the data: ring slot, descriptor and index updates across PCI. The data adds bytes × 8 / host pciWriteBandwidth of CPU-stalling PCI writes.',
    source: 'calibrated: the remainder of 004 §4.3.1 "message send (PCI write) ≈ 14.47 µs" with 1 VIF, taken as 1500-byte messages (the size §4.3.2 uses): 14.47 µs − 10.0 µs (1500 B × 8 at host pciWriteBandwidth 1.2 Gbps) = 4.47 µs = 12516 cycles at 2.8 GHz',
    sourceKind: 'calibrated', range: { lo: 6900, hi: 23700, why: 'the remainder moves with the assumed split: host pciWriteBandwidth 1.0–2.0 Gbps leaves 14.47 − 12.0 … 14.47 − 6.0 µs = 2.47–8.47 µs' }
  },
  {
    key: 'vifRecvFixedCycles', label: 'VIF receive, fixed part', ...CYCLES, default: 22176, group: 'Host-side VIF driver',
    doc: 'Driver work per message received besides the copy: read the (read-only) ring, allocate an skb, hand the packet up, return the slot. The copy out of the bounce buffer adds bytes × 8 / host memCopyBandwidth.',
    source: 'calibrated: the remainder of 004 §4.3.1 "message receive ≈ 9.42 µs" (local copy) with 1 VIF, taken as 1500-byte messages: 9.42 µs − 1.5 µs (1500 B × 8 at host memCopyBandwidth 8 Gbps) = 7.92 µs = 22176 cycles at 2.8 GHz',
    sourceKind: 'calibrated', range: { lo: 17900, hi: 24300, why: 'the remainder moves with the assumed split: host memCopyBandwidth 4–16 Gbps leaves 9.42 − 3.0 … 9.42 − 0.75 µs = 6.42–8.67 µs' }
  },
  {
    key: 'vifSpuriousCheckCycles', label: 'Redundant signal check', ...CYCLES, default: 1400, group: 'Host-side VIF driver',
    doc: 'Driver work when a signal finds its receive queue empty (a redundant signal from a shared identifier bit).',
    source: '004 §5.1: sharing causes "redundant signaling of guest domains and redundant checking for new network packets"; ≈ 0.5 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 700, hi: 2800, why: '0.25–1 µs: read a ring index and return' }
  }
] as const satisfies readonly ParamSpec[]

export const NP_COSTS = [...MICRO_ENGINE, ...HOST_DRIVER] as const satisfies readonly ParamSpec[]
