// The Host Gateway kind (000): the DMA engine in a host through which consumers submit
// I/O programs from user space, which adds memory credentials, validates the DCs'
// protected DMA and raises I/O page faults; also the program and message sizes.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, Gbps, MS, RATIO, SIZE, US, KiB, count, oneOf } from '../param-kit'

const SUBMISSION = [
  {
    key: 'buildCyclesPerCommand', label: 'Program build (per command)', ...CYCLES, default: 560, group: 'Consumer side',
    doc: 'Consumer CPU work in the I/O access library to encode one command of a program.',
    source: '000 §3.2: "the I/O access library builds a class-specific I/O program"; ≈ 0.2 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 280, hi: 1400, why: '000 gives no numbers: 0.1–0.5 µs to encode a command' }
  },
  {
    key: 'submitCycles', label: 'User-space submission', ...CYCLES, default: 700, group: 'Consumer side',
    doc: 'Consumer CPU work to post a program to the HG queue and ring its doorbell (one posted PCI write), without a system call or VM exit.',
    source: '000 §3.2: the HG supports submission "directly from user space, without kernel or hypervisor involvement"; ≈ 0.25 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 350, hi: 2800, why: '000 gives no numbers: 0.125–1 µs for a queue post and a doorbell write' }
  },
  {
    key: 'completionCycles', label: 'Completion handling', ...CYCLES, default: 700, group: 'Consumer side',
    doc: 'Consumer CPU work in the I/O access library to take one status message from the completion queue and hand its result on.',
    source: 'assumption: ≈ 0.25 µs, like a submission; 000 §3.2 says only that a status message notifies the consumer',
    sourceKind: 'assumption', range: { lo: 350, hi: 2800, why: '000 gives no numbers: 0.125–1 µs to take a status message' }
  },
  {
    key: 'completionNotify', label: 'Completion notification', ...oneOf('interrupt', 'poll'), default: 'interrupt', group: 'Consumer side',
    doc: 'How the consumer learns of the status message: an interrupt (virtual interrupt for a VM) or polling a completion queue.',
    source: '000 §3.2: a status message notifies the consumer; the mechanism is not given, interrupt is an assumption',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

const PDMA = [
  {
    key: 'credentialInsert', label: 'Memory credential generation', ...DURATION, max: 10 * MS, default: 300, group: 'Protected DMA',
    doc: 'HG time to generate the memory credentials of a program (address range and address-space id, cryptographically sealed) and append them.',
    source: '000 §3, §3.6: the HG generates memory credentials on the fly per request; ≈ 0.3 µs in HG hardware is an assumption',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: '000 gives no numbers: 0.1–1 µs for a hash in HG hardware' }
  },
  {
    key: 'pdmaValidate', label: 'PDMA validation', ...DURATION, max: 10 * MS, default: 300, group: 'Protected DMA',
    doc: 'HG time to validate the memory credential of one PDMA access by a DC before performing it.',
    source: '000 §3.2: "The HG validates the memory credential before executing a PDMA memory access request"; cost is an assumption',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: '000 gives no numbers: 0.1–1 µs for a hash check in HG hardware' }
  },
  {
    key: 'pdmaBandwidth', label: 'PDMA engine bandwidth', ...BANDWIDTH, default: 8 * Gbps, group: 'Protected DMA',
    doc: 'Rate at which the HG moves data between consumer memory and the interconnect.',
    source: '000 §3: the HG is "an elaborate DMA engine", like an InfiniBand HCA; 8 Gbps (4x SDR data rate) is an assumption',
    sourceKind: 'assumption', range: { lo: 4000000000, hi: 16000000000, why: 'HCA-class DMA engines of the era: 4–16 Gbps (4x SDR is 8, 4x DDR 16)' }
  },
  {
    key: 'pdmaChunk', label: 'PDMA chunk', ...SIZE, min: 64, max: 64 * 1024 * KiB, default: 4 * KiB, group: 'Protected DMA',
    doc: 'Largest single PDMA access; larger buffers take several, each validated.',
    source: 'assumption: one page, the unit of dynamic pinning (000 §3.6)',
    sourceKind: 'assumption', range: { lo: 4096, hi: 65536, why: 'one 4 KiB page up to a 64 KiB burst' }
  },
  {
    key: 'pinMode', label: 'Pinning', ...oneOf('dynamic', 'static'), default: 'dynamic', group: 'Protected DMA',
    doc: 'Dynamic: no registration, a non-present page raises an I/O page fault. Static: buffers are pinned and registered per request (pinCyclesPerPage), never faulting.',
    source: '000 §3.6: "dynamic pinning" avoids explicit pinning and registration',
    sourceKind: 'measured'
  },
  {
    key: 'pinCyclesPerPage', label: 'Static pin + register (per page)', ...CYCLES, default: 5600, group: 'Protected DMA',
    doc: 'Static mode: consumer CPU work per page to pin and register it, and to unpin it afterwards (a privileged crossing).',
    source: '000 §3.6: pinning "requires context-switching into privileged software"; ≈ 2 µs per page is an assumption',
    sourceKind: 'assumption', range: { lo: 2800, hi: 28000, why: '1–10 µs per page for a privileged pin and registration' }
  },
  {
    key: 'ioPageFaultRate', label: 'I/O page fault probability', ...RATIO, default: 0, group: 'Protected DMA',
    doc: 'Dynamic mode: probability that a PDMA page is not present and faults.',
    source: '000 §3.6: I/O page faults are "assumed to be rare"; 0 by default (an assumption) so that runs without faults are the baseline',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies; 000 §3.6 assumes faults rare: held at 0' }
  },
  {
    key: 'ioPageFault', label: 'I/O page fault service', ...DURATION, max: 1_000 * MS, default: 20 * US, group: 'Protected DMA',
    doc: 'Time for privileged software to handle an I/O page fault and restart the access; the DC waits meanwhile.',
    source: '000 §3.6: "Privileged software is responsible for handling the page fault and restarting the I/O access"; ≈ 20 µs (a minor fault plus a privileged round trip) is an assumption',
    sourceKind: 'assumption', range: { lo: 5000, hi: 100000, why: 'a minor fault and a privileged round trip: 5–100 µs' }
  },
  {
    key: 'maxConcurrentFaults', label: 'Concurrent faults before throttling', ...count(1, 4096), default: 4, group: 'Protected DMA',
    doc: 'Faults the HG services at once; beyond this it slows the DC down.',
    source: '000 §3.6: "the PDMA protocol allows the HG to slow down the DC if too many I/O page faults are handled concurrently"; 4 is an assumption',
    sourceKind: 'assumption', range: { lo: 1, hi: 16, why: '000 gives no numbers: one to a few tens' }
  }
] as const satisfies readonly ParamSpec[]

const PROTOCOL = [
  {
    key: 'programHeaderSize', label: 'Program header', ...SIZE, max: 1024 * KiB, default: 64, group: 'Protocol',
    doc: 'Bytes per program besides commands: target device id, program id, device credential.',
    source: '000 §3.1: a program carries device id, unique program id and device credential; size is an assumption',
    sourceKind: 'assumption', range: { lo: 32, hi: 128, why: 'ids and a credential: 32–128 bytes' }
  },
  {
    key: 'commandSize', label: 'Command', ...SIZE, max: 1024 * KiB, default: 32, group: 'Protocol',
    doc: 'Bytes per command of a program (payload data travels by PDMA, not inline).',
    source: 'assumption: opcode, flags, a buffer address and length fit in 32 bytes; 000 §3.1 defines no encoding',
    sourceKind: 'assumption', range: { lo: 16, hi: 64, why: 'opcode, flags, address and length: 16–64 bytes' }
  },
  {
    key: 'credentialSize', label: 'Memory credential', ...SIZE, max: 1024 * KiB, default: 20, group: 'Protocol',
    doc: 'Bytes of memory credential the HG appends per buffer.',
    source: 'assumption: a 160-bit keyed hash',
    sourceKind: 'assumption', range: { lo: 16, hi: 32, why: 'a 128- to 256-bit keyed hash' }
  },
  {
    key: 'statusSize', label: 'Status message', ...SIZE, max: 1024 * KiB, default: 64, group: 'Protocol',
    doc: 'Bytes of the completion status message from the DC.',
    source: 'assumption: program id, status code and counts fit in 64 bytes; 000 §3.2 describes the message but not its size',
    sourceKind: 'assumption', range: { lo: 32, hi: 128, why: 'program id, status and counts: 32–128 bytes' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (attack): PDMA validation as an explicit switch.
const PROTECTION = [
  {
    key: 'pdmaValidation', label: 'PDMA validation', ...BOOLEAN, default: true, group: 'Protection',
    doc: 'The HG validates the memory credential of every PDMA access (pdmaValidate each) and refuses one outside the consumer\'s memory. Off (a study of "what if there were no PDMA checks"): no validation time, and a DMA into another consumer\'s memory is performed; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '000 §3.2: "The HG validates the memory credential before executing a PDMA memory access request"',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

export const HOST_GATEWAY: KindSpec = {
  kind: 'host-gateway',
  label: 'Host Gateway',
  description: 'The Host Gateway (000) of a host with DC consumers: consumers submit I/O programs to it from user space; it appends memory credentials, carries requests over InfiniBand, shared memory or TCP to DCs, and validates their protected DMA into consumer memory.',
  params: [...SUBMISSION, ...PDMA, ...PROTOCOL, ...PROTECTION],
  connectsTo: ['dc'],
  placedOn: ['host']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type HgParamKey = (typeof SUBMISSION | typeof PDMA | typeof PROTOCOL | typeof PROTECTION)[number]['key']
