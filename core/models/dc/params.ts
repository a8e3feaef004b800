// The DC kind: a Device Controller of the Scalable I/O architecture (000) — its own cores,
// polling or interrupt-driven, running I/O programs for many consumers, checking device
// credentials, with an offloaded TCP/IP stack and the device it controls.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, FREQUENCY, Gbps, MS, RATIO, US, count, oneOf } from '../param-kit'

const NO_NUMBERS = '000 is a position paper and gives no measurements'

const CORES = [
  {
    key: 'cores', label: 'Cores', ...count(1, 4096), default: 2, group: 'Cores',
    doc: 'Dedicated cores running I/O programs; shared by all consumers, so they are the DC\'s bottleneck.',
    source: `000 §3: a DC may be a separate machine, a processor of an SMP or a CPU thread; 2 is an assumption (${NO_NUMBERS})`,
    sourceKind: 'assumption', range: { lo: 1, hi: 8, why: '000 gives no numbers: a core or thread of an SMP up to a small dedicated machine' }
  },
  {
    key: 'clock', label: 'Clock', ...FREQUENCY, default: 2.8e9, group: 'Cores',
    doc: 'Clock of the DC cores; DC costs in cycles take cycles / clock.',
    source: '000 §3.3: stacks are "not moved to an inferior platform"; assumption: the same CPU as 004\'s hosts',
    sourceKind: 'assumption', range: { lo: 2000000000, hi: 3200000000, why: '000 gives no numbers: the same class of CPU as the hosts (000 §3.3: not an inferior platform)' }
  },
  {
    key: 'mode', label: 'Request detection', ...oneOf('polling', 'interrupt'), default: 'polling', group: 'Cores',
    doc: 'Polling cores spin on their queues (always busy, no interrupt cost); interrupt-driven cores sleep and pay an interrupt per arrival.',
    source: '000 §3.5: "the isolated device controller can work in polling mode most of the time"',
    sourceKind: 'measured'
  },
  {
    key: 'pollDetectLatency', label: 'Polling detection delay', ...DURATION, max: 10 * MS, default: 200, group: 'Cores',
    doc: 'Mean time for a polling core to notice a newly arrived request.',
    source: `assumption: one pass over the queues of a tight polling loop (${NO_NUMBERS}); 004 §5.2 shows polling beats interrupts`,
    sourceKind: 'assumption', range: { lo: 50, hi: 1000, why: '000 gives no numbers: one pass over a handful to hundreds of queues' }
  },
  {
    key: 'interruptCycles', label: 'Interrupt + wake-up', ...CYCLES, default: 5600, group: 'Cores',
    doc: 'Interrupt-driven mode: cost per arrival of taking the interrupt and switching to the handler.',
    source: '004 §5.2: interrupt notification costs saving/restoring context and OS interrupt processing; ≈ 2 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 2800, hi: 14000, why: '1–5 µs of interrupt entry and context switch' }
  }
] as const satisfies readonly ParamSpec[]

const PROGRAMS = [
  {
    key: 'perProgramCycles', label: 'Per I/O program', ...CYCLES, default: 5600, group: 'I/O programs',
    doc: 'Receive a PDMA request, parse the program, look up the class handler, send the status message.',
    source: `000 §3.2 execution flow; ≈ 2 µs is an assumption (${NO_NUMBERS})`,
    sourceKind: 'assumption', range: { lo: 2800, hi: 14000, why: '000 gives no numbers: half to 2.5× the assumed 2 µs' }
  },
  {
    key: 'perCommandCycles', label: 'Per command', ...CYCLES, default: 2800, group: 'I/O programs',
    doc: 'Interpret and dispatch one command of a program (conditions included). Combining k commands in one program pays this k times but the round trip once.',
    source: `000 §3.4: command combining removes the round trips of dependent operations; ≈ 1 µs is an assumption`,
    sourceKind: 'assumption', range: { lo: 1400, hi: 8400, why: '000 gives no numbers: half to 3× the assumed 1 µs' }
  },
  {
    key: 'credentialCheckCycles', label: 'Credential check (HMAC)', ...CYCLES, default: 4200, group: 'I/O programs',
    doc: 'Verify the device credential of a program: a keyed cryptographic hash over the capability. A failed check denies the program.',
    source: '000 §3: credentials "involve cryptographic hashes with keys shared between the issuer and the enforcer", like OSD; ≈ 1.5 µs for an HMAC over a short capability is an assumption',
    sourceKind: 'assumption', range: { lo: 2100, hi: 14000, why: 'an HMAC over a short capability: 0.75–5 µs in software of the era' }
  },
  {
    key: 'forgedCredentialRate', label: 'Invalid credentials', ...RATIO, default: 0, group: 'I/O programs',
    doc: 'Fraction of programs whose device credential fails the check (forged, expired or for another device); the DC denies them and returns a failed status.',
    source: '000 §3: the DC "only allows execution of an I/O operation if the credentials pass validation"; 0 (every consumer holds a valid credential) is an assumption',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies (forged credentials), 0 for valid consumers: held at 0' }
  },
  {
    key: 'maxOutstanding', label: 'Outstanding programs', ...count(1, 4096), default: 256, group: 'I/O programs',
    doc: 'Programs the DC accepts at once; further submissions wait at the Host Gateway.',
    source: `000 §3.1: the protocol is asynchronous, consumers submit multiple programs; 256 is an assumption`,
    sourceKind: 'assumption', range: { lo: 64, hi: 1024, why: '000 gives no numbers: queue depths of tens to a thousand' }
  },
  {
    key: 'tcpSendCycles', label: 'Offloaded TCP/IP send', ...CYCLES, default: 4200, group: 'Offloaded stack',
    doc: 'The DC\'s own TCP/IP stack per sent segment (TCP class).',
    source: '000 §3.3: a stack runs better "in a confined environment (e.g. an isolated core)"; assumption: 25 % below the host\'s shared-core tcpSendCycles',
    sourceKind: 'assumption', range: { lo: 2800, hi: 8400, why: '1–3 µs per segment for an offloaded stack' }
  },
  {
    key: 'tcpRecvCycles', label: 'Offloaded TCP/IP receive', ...CYCLES, default: 6300, group: 'Offloaded stack',
    doc: 'The DC\'s own TCP/IP stack per received segment.',
    source: '000 §3.3; assumption: 25 % below the host\'s tcpRecvCycles',
    sourceKind: 'assumption', range: { lo: 4200, hi: 12600, why: '1.5–4.5 µs per segment for an offloaded stack' }
  },
  {
    key: 'memCopyBandwidth', label: 'Memory copy bandwidth', ...BANDWIDTH, default: 8 * Gbps, group: 'Offloaded stack',
    doc: 'Rate of staging copies in DC memory: the offloaded stack copies every frame it sends or receives once between the PDMA buffer and its socket buffers, bytes × 8 / this on a DC core.',
    source: 'assumption: as the host\'s memCopyBandwidth (itself calibrated from 004 §4.3.1)',
    sourceKind: 'assumption', range: { lo: 4000000000, hi: 16000000000, why: 'as the host\'s memCopyBandwidth: 0.5–2 GB/s' }
  }
] as const satisfies readonly ParamSpec[]

const DEVICE = [
  {
    key: 'deviceService', label: 'Device service time', ...DURATION, max: 1_000 * MS, default: 1 * US, group: 'Attached device',
    doc: 'Time the controlled device needs per command (handing a packet to the NIC; a rotating disk would take milliseconds).',
    source: 'assumption: a NIC hand-off; the wire time comes from the DC\'s Ethernet link',
    sourceKind: 'assumption', range: { lo: 200, hi: 5000, why: 'a NIC hand-off of 0.2–5 µs' }
  },
  {
    key: 'deviceQueueDepth', label: 'Device queue depth', ...count(1, 4096), default: 32, group: 'Attached device',
    doc: 'Commands the attached device works on concurrently.',
    source: 'assumption: 32, a typical NIC or disk command queue; 000 gives no device figures',
    sourceKind: 'assumption', range: { lo: 8, hi: 256, why: 'NIC and disk command queues of 8–256' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (attack): the DC's protections as explicit switches, and the replay check's cost.
const PROTECTION = [
  {
    key: 'credentialChecks', label: 'Credential checks (HMAC)', ...BOOLEAN, default: true, group: 'Protection',
    doc: 'The DC verifies every program\'s device credential (credentialCheckCycles on its cores) and denies one that fails. Off (a study of "what if there were no credentials"): no check is paid and a forged credential runs; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '000 §3: the DC "only allows execution of an I/O operation if the credentials pass validation"',
    sourceKind: 'measured'
  },
  {
    key: 'replayChecks', label: 'Replay check (program id)', ...BOOLEAN, default: true, group: 'Protection',
    doc: 'The DC refuses a program whose unique program id it has already seen from that consumer (a replayed, validly signed program), paying replayCheckCycles per program. Off: a replay passes the HMAC and runs; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '000 §3.1: a program carries a "unique program id" beside its device credential; checking it against the ids already seen is an assumption about how a DC uses it',
    sourceKind: 'assumption'
  },
  {
    key: 'replayCheckCycles', label: 'Replay check', ...CYCLES, default: 200, group: 'Protection',
    doc: 'DC core work to look a program id up in the window of recently seen ids and insert it (a hash-table probe), per program while replayChecks is on.',
    source: 'assumption: one hash-table probe and insert, ≈ 70 ns at 2.8 GHz; 000 gives no figure',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: 'a hash probe that hits the cache (≈ 40 ns) to one that misses twice (≈ 350 ns)' }
  }
] as const satisfies readonly ParamSpec[]

export const DC: KindSpec = {
  kind: 'dc',
  label: 'DC',
  description: 'A Device Controller (000): dedicated cores that run consumers\' I/O programs, enforce device credentials, run offloaded stacks (e.g. TCP/IP) and access consumer memory through the Host Gateway\'s protected DMA.',
  params: [...CORES, ...PROGRAMS, ...DEVICE, ...PROTECTION],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch', 'host-gateway']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type DcParamKey = (typeof CORES | typeof PROGRAMS | typeof DEVICE | typeof PROTECTION)[number]['key']
