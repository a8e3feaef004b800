// Workload kinds as catalog entries: each kind's parameters (unit, default, bounds, source)
// — pure data that validation, the designer and the workload modules (core/workloads) all
// read. Behaviour lives in core/workloads.
import type { ParamSpec, TechniqueId } from './catalog-types'
import { BOOLEAN, CYCLES, DURATION, KiB, MS, RATIO, SIZE, count, factor, oneOf } from './param-kit'

export const WORKLOAD_KIND_IDS = ['ping', 'stream', 'rpc', 'io-program', 'block', 'attack'] as const
export type WorkloadKindId = (typeof WORKLOAD_KIND_IDS)[number]

/** Parameters every workload accepts (read by the scenario, not the workload). */
export const COMMON_WORKLOAD_PARAMS = [
  {
    key: 'activeFlows', label: 'Active flows', ...count(0, 65535), default: 0, sourceKind: 'measured',
    doc: 'Run traffic on only the last this many pairs (0 = all): the others exist and are attached but stay idle. Used for 004 §5.1, where only the guests in the last spot of each identifier\'s sharing list run psapp.',
    source: '004 §5.1: "a latency experiment … between guests that are assigned the \'last spot\' in the sharing list for an ID"'
  },
  // Choosing one of a VM's network interfaces (issue 10: several NICs per VM).
  {
    key: 'clientAttachment', label: 'Client interface (attachment)', dimension: 'string', default: '', sourceKind: 'assumption',
    doc: 'The id of one attachment of a client VM: that VM\'s flows use that interface alone (its device and technique), as an application that binds its socket to one interface\'s address, instead of the bond of all its attachments. Empty: the VM\'s own endpoint (its one attachment, or the bond of several).',
    source: 'assumption: a selector, not a measured quantity; the default keeps every VM on its bond'
  },
  {
    key: 'serverAttachment', label: 'Server interface (attachment)', dimension: 'string', default: '', sourceKind: 'assumption',
    doc: 'The id of one attachment of a server VM: frames to that VM are addressed to that interface alone (its device and technique) instead of the bond of all its attachments. Empty: the VM\'s own endpoint.',
    source: 'assumption: a selector, not a measured quantity; the default keeps every VM on its bond'
  }
] as const satisfies readonly ParamSpec[]

export const PING_PARAMS = [
  {
    key: 'probeBytes', label: 'Probe size', ...SIZE, min: 60, max: 9000, default: 64, sourceKind: 'measured',
    doc: 'Frame size of each probe, Ethernet header included.',
    source: '004 §4.1: "The client sends 64-byte probe messages to the server using packet sockets"'
  },
  {
    key: 'waitMax', label: 'Longest wait between probes', ...DURATION, default: 100 * MS, sourceKind: 'measured',
    doc: 'After each reply the client waits a uniform random time in [0, waitMax] before the next probe.',
    source: '004 §4.1: "it waits for a random amount of time between 0 and 100ms before sending the next probe"'
  },
  {
    key: 'probeTimeout', label: 'Probe timeout', ...DURATION, default: 0, sourceKind: 'assumption',
    doc: 'How long the client waits for a probe\'s reply before it gives the probe up and, after its usual random wait, sends the next (0 = wait for ever, as psapp does). A reply that comes after its probe was given up is ignored. With a fault schedule (docs/faults.md) a lost probe otherwise stops its flow for the rest of the run.',
    source: 'assumption: 004 §4.1 describes no timeout (the client waits for each reply), so none by default; a timeout is a study setting, like ping -W'
  }
] as const satisfies readonly ParamSpec[]

export const STREAM_PARAMS = [
  {
    key: 'window', label: 'TCP window', ...SIZE, min: 1460, max: 64 * 1024 * 1024, default: 65535, sourceKind: 'measured',
    doc: 'Receiver window the server keeps open (bytes): at most this much data is unacknowledged per flow.',
    source: '004 §4.2.2 runs iperf "with the default sender/receiver window sizes" on Linux 2.6.12: tcp_rmem default 87380 B, of which tcp_adv_win_scale = 2 advertises ¾ = 65535 B'
  },
  {
    key: 'mss', label: 'Segment payload (MSS)', ...SIZE, min: 64, max: 9000, default: 1448, sourceKind: 'assumption',
    doc: 'Payload bytes per segment: 1460 on a 1500-byte MTU minus 12 bytes of TCP timestamps.',
    source: 'assumption: Linux 2.6 enables TCP timestamps by default, so 1448 of 1460 bytes carry data on 004\'s 1500-byte Ethernet'
  },
  {
    key: 'headerBytes', label: 'IP + TCP headers', ...SIZE, min: 40, max: 120, default: 52, sourceKind: 'assumption',
    doc: 'Header bytes per segment and per pure ACK (IPv4 20 + TCP 20 + timestamps 12).',
    source: 'assumption: IPv4 and TCP with the timestamp option, Linux 2.6 defaults'
  },
  {
    key: 'ackEvery', label: 'Segments per ACK', ...count(1, 64), default: 2, sourceKind: 'assumption',
    doc: 'Delayed ACKs: the receiver acknowledges every this many full segments.',
    source: 'assumption: RFC 1122 / Linux delayed ACK, one ACK per two full-sized segments'
  },
  {
    key: 'delayedAck', label: 'Delayed ACK timeout', ...DURATION, default: 40 * MS, sourceKind: 'assumption',
    doc: 'Longest a receiver holds back an ACK for a lone segment.',
    source: 'assumption: Linux TCP_DELACK_MIN = 40 ms'
  },
  {
    key: 'initialCwnd', label: 'Initial congestion window', ...count(1, 1000), default: 3, sourceKind: 'assumption',
    doc: 'Segments a new connection may send before its first ACK.',
    source: 'assumption: RFC 3390 as in Linux 2.6: min(4·MSS, max(2·MSS, 4380 B)) = 3 segments of 1448 B'
  },
  {
    key: 'minRto', label: 'Minimum retransmission timeout', ...DURATION, default: 200 * MS, sourceKind: 'assumption',
    doc: 'A flow with unacknowledged data and no progress for this long retransmits from the oldest unacknowledged byte.',
    source: 'assumption: Linux TCP_RTO_MIN = 200 ms'
  },
  {
    key: 'messageBytes', label: 'Application message size', ...SIZE, min: 1, max: 64 * 1024 * 1024, default: 8 * 1024, sourceKind: 'measured',
    doc: 'Bytes the application passes per write on the client and per read on the server (iperf -l, netperf -m/-M), independent of the MSS: each write or read costs the host\'s socketCallCycles, so small messages cost more CPU per byte. The stack still sends full segments (Nagle coalesces small writes of a bulk sender).',
    source: '004 §4.1 runs iperf with default parameters: iperf 2\'s default TCP read/write length is 8 KB (iperf -l, "default 8 KB")'
  }
] as const satisfies readonly ParamSpec[]

export const RPC_PARAMS = [
  {
    key: 'outstanding', label: 'Requests outstanding', ...count(1, 4096), default: 1, sourceKind: 'assumption',
    doc: 'Requests each client keeps in flight; a reply releases the next request (closed loop).',
    source: 'DOMAIN.md workloads: "rpc — closed-loop request/response with N outstanding"'
  },
  {
    key: 'requestBytes', label: 'Request size', ...SIZE, min: 28, max: 1500, default: 128, sourceKind: 'assumption',
    doc: 'IP packet bytes of a request (one frame).',
    source: 'assumption: a small RPC request that fits one frame'
  },
  {
    key: 'responseBytes', label: 'Response size', ...SIZE, min: 28, max: 1500, default: 512, sourceKind: 'assumption',
    doc: 'IP packet bytes of a response (one frame).',
    source: 'assumption: a small RPC response that fits one frame'
  },
  {
    key: 'serviceCycles', label: 'Server work per request', ...CYCLES, default: 5600, sourceKind: 'assumption',
    doc: 'Server application work per request between receiving it and replying, on the server\'s vCPU.',
    source: 'assumption: ≈ 2 µs at 2.8 GHz, a light key-value lookup'
  },
  {
    key: 'thinkTime', label: 'Think time', ...DURATION, default: 0, sourceKind: 'assumption',
    doc: 'Time a client waits after a reply before sending the next request (0 = at once).',
    source: 'assumption: 0, a saturating closed loop'
  },
  // Timeouts and retransmission (issue 12, docs/faults.md): a lost request or reply no longer stops the flow.
  {
    key: 'requestTimeout', label: 'Request timeout', ...DURATION, default: 0, sourceKind: 'assumption',
    doc: 'How long the client waits for a request\'s reply before it retransmits the request (the same request: a reply to any copy completes it, and its latency counts from the first transmission); 0 = wait for ever (no timeout, the behaviour without faults). A reply that comes after its request was completed or given up is ignored. Metrics request_timeouts and request_failures (present only with a timeout).',
    source: 'assumption: a study setting, 0 by default so runs without it are unchanged; real clients time out in deciseconds to minutes (nfs(5) timeo: 0.7 s over UDP, 60 s over TCP), far beyond the µs-scale runs here, so the study picks the value'
  },
  {
    key: 'requestRetries', label: 'Retransmissions per request', ...count(0, 1000), default: 3, sourceKind: 'assumption',
    doc: 'Retransmissions of a request after its first timeout; after the last one times out the client gives the request up (a soft-mounted NFS client\'s "major timeout": counted in request_failures) and goes on with its next request as after a reply. Used only with a requestTimeout.',
    source: 'assumption: nfs(5) retrans, whose default over UDP is 3 (a configuration of the RPC client, not a measured quantity)'
  },
  {
    key: 'requestBackoff', label: 'Timeout back-off (×)', ...factor(1, 16), default: 2, sourceKind: 'assumption',
    doc: 'Each retransmission waits this many times longer than the previous attempt (exponential back-off; 1 = a fixed timeout), at most 60 s (nfs(5)\'s ceiling) unless the requestTimeout itself is longer. Used only with a requestTimeout.',
    source: 'assumption: nfs(5) over UDP and Sun RPC: "After each retransmission, the NFS client doubles the timeout for that request" (up to 60 s); NFS over TCP backs off linearly instead (a configuration, not a measured quantity)'
  }
] as const satisfies readonly ParamSpec[]

export const IO_PROGRAM_PARAMS = [
  {
    key: 'commands', label: 'Commands per operation', ...count(1, 1024), default: 4, sourceKind: 'measured',
    doc: 'Dependent commands one operation needs (each may depend on the previous one\'s result).',
    source: '000 §3.4: "a sequence of dependent operations"; 4 is an assumption'
  },
  {
    key: 'combine', label: 'Combine commands', ...BOOLEAN, default: true, sourceKind: 'measured',
    doc: 'On: one I/O program of k commands per operation. Off: k programs of one command each, each submitted after the previous one\'s status.',
    source: '000 §3.4: command combining "eliminates the round-trip delay otherwise associated with execution of a sequence of dependent operations"'
  },
  {
    key: 'bytesPerCommand', label: 'Data per command', ...SIZE, max: 64 * 1024 * 1024, default: 4096, sourceKind: 'assumption',
    doc: 'Bytes each command moves between consumer memory and the device by protected DMA (0 = control only).',
    source: 'assumption: one page per command'
  },
  {
    key: 'direction', label: 'Data direction', ...oneOf('to-device', 'from-device'), default: 'to-device', sourceKind: 'measured',
    doc: 'To the device (the DC reads consumer memory, e.g. a send or a write) or from it (the DC writes consumer memory, e.g. a read).',
    source: '000 §3.2: the DC invokes PDMA memory access operations at the HG in either direction'
  },
  {
    key: 'outstanding', label: 'Operations outstanding', ...count(1, 4096), default: 1, sourceKind: 'assumption',
    doc: 'Operations each consumer keeps in flight (the protocol is asynchronous, 000 §3.1).',
    source: 'assumption: 1, a latency-bound consumer'
  },
  {
    key: 'thinkTime', label: 'Think time', ...DURATION, default: 0, sourceKind: 'assumption',
    doc: 'Time a consumer waits after an operation before starting the next one in that slot.',
    source: 'assumption: 0, a saturating closed loop'
  },
  // Timeouts and retries (issue 12, docs/faults.md): a program that a failed DC holds is given up and resubmitted.
  {
    key: 'requestTimeout', label: 'Program timeout', ...DURATION, default: 0, sourceKind: 'assumption',
    doc: 'How long the consumer waits for a program\'s status before it gives that submission up and resubmits the program (0 = wait for ever, the behaviour without faults). A status that comes after its submission was given up is ignored (the DC still does the work: there is no abort). Metrics request_timeouts and request_failures (present only with a timeout).',
    source: 'assumption: a study setting, 0 by default so runs without it are unchanged; 000 describes no timeout; block-layer drivers time a command out in tens of seconds (Linux nvme_core io_timeout 30 s, recalled, not re-checked), beyond these runs, so the study picks the value'
  },
  {
    key: 'requestRetries', label: 'Resubmissions per program', ...count(0, 1000), default: 5, sourceKind: 'assumption',
    doc: 'Resubmissions of a program after its first timeout; after the last one times out the operation fails (counted in request_failures) and the slot starts its next operation. Used only with a requestTimeout.',
    source: 'assumption: Linux nvme_core max_retries, whose default is 5 (recalled, not re-checked; a configuration, not a measured quantity)'
  },
  {
    key: 'requestBackoff', label: 'Timeout back-off (×)', ...factor(1, 16), default: 1, sourceKind: 'assumption',
    doc: 'Each resubmission waits this many times longer than the previous attempt (1 = the same timeout every time), at most 60 s unless the requestTimeout itself is longer. Used only with a requestTimeout.',
    source: 'assumption: the Linux block layer gives every attempt of a command the same timeout (no back-off), so 1 (recalled, not re-checked; a configuration)'
  }
] as const satisfies readonly ParamSpec[]

// Issue 11 (blockcore): the fio-like block workload on a VM's virtual disk. Defaults are fio's own.
export const BLOCK_PARAMS = [
  {
    key: 'pattern', label: 'Access pattern', ...oneOf('read', 'write', 'randread', 'randwrite', 'rw', 'randrw'), default: 'read', sourceKind: 'measured',
    doc: 'fio\'s rw: sequential (read, write, rw) or random (randread, randwrite, randrw) offsets within the working set; rw and randrw mix reads and writes by readRatio. Sequential jobs each start at their own slice of the working set and wrap at its end.',
    source: 'fio(1) HOWTO, "rw=str": read, write, randread, randwrite, rw/readwrite, randrw; "Default: read"'
  },
  {
    key: 'readRatio', label: 'Read share (rw, randrw)', ...RATIO, default: 0.5, sourceKind: 'measured',
    doc: 'Share of the requests of a mixed pattern (rw, randrw) that are reads, drawn per request from the job\'s own random stream; ignored by the pure patterns.',
    source: 'fio(1) HOWTO, "rwmixread=int": "Percentage of a mixed workload that should be reads. Default: 50"'
  },
  {
    key: 'blockSize', label: 'Block size', ...SIZE, min: 512, max: 16 * 1024 * KiB, default: 4 * KiB, sourceKind: 'measured',
    doc: 'Bytes per request; a multiple of the 512-byte sector.',
    source: 'fio(1) HOWTO, "bs=int": "The block size in bytes used for I/O units. Default: 4096"'
  },
  {
    key: 'queueDepth', label: 'Queue depth (per job)', ...count(1, 4096), default: 1, sourceKind: 'measured',
    doc: 'Requests each job keeps outstanding (asynchronous I/O, fio\'s iodepth): a completion releases the next request of its job (closed loop).',
    source: 'fio(1) HOWTO, "iodepth=int": "Number of I/O units to keep in flight against the file. … Default: 1"'
  },
  {
    key: 'jobs', label: 'Jobs (per VM copy)', ...count(1, 256), default: 1, sourceKind: 'measured',
    doc: 'Independent jobs per VM copy (fio\'s numjobs), each with its own queue depth and random streams; job j runs on vCPU j modulo the VM\'s vCPUs.',
    source: 'fio(1) HOWTO, "numjobs=int": "Create the specified number of clones of this job. … Default: 1"'
  },
  {
    key: 'thinkTime', label: 'Think time', ...DURATION, default: 0, sourceKind: 'measured',
    doc: 'Time a job waits after a completion before it issues the request that replaces it (0 = at once).',
    source: 'fio(1) HOWTO, "thinktime=time": "Stall the job for the specified period of time after an I/O has completed before issuing the next. … Default: 0"'
  },
  {
    key: 'workingSet', label: 'Working set', ...SIZE, max: 2 ** 46, default: 0, sourceKind: 'measured',
    doc: 'Bytes of the virtual disk the offsets fall in, from offset 0 (0 = the whole virtual disk); at most the virtual disk\'s capacity.',
    source: 'fio(1) HOWTO, "size=int": "The total size of file I/O for each thread of this job. … If not given, … the full size of the … device"'
  }
] as const satisfies readonly ParamSpec[]

// Issue 12: a misbehaving guest (core/workloads/attack.ts).
export const ATTACK_KINDS = ['rogue-dma', 'ring-tamper', 'forged-credential', 'replayed-credential', 'interrupt-storm', 'doorbell-flood', 'device-state'] as const
/** The techniques each attack can be staged on: where the guest reaches what the attack needs. */
export const ATTACK_TECHNIQUES: Readonly<Record<(typeof ATTACK_KINDS)[number], readonly TechniqueId[]>> = {
  'rogue-dma': ['passthrough', 'sriov', 'vpio', 'scalable-io'],
  'ring-tamper': ['self-virtualized'],
  'forged-credential': ['scalable-io'],
  'replayed-credential': ['scalable-io'],
  'interrupt-storm': ['passthrough', 'sriov', 'vpio', 'self-virtualized', 'paravirtual', 'emulated'],
  'doorbell-flood': ['passthrough', 'sriov', 'vpio', 'self-virtualized', 'paravirtual', 'emulated'],
  'device-state': ['vpio']
}

export const ATTACK_PARAMS = [
  {
    key: 'kind', label: 'Attack', ...oneOf(...ATTACK_KINDS), default: 'rogue-dma', sourceKind: 'measured',
    doc: 'What the attacker tries: rogue-dma (program its device to DMA into a victim\'s memory: pass-through, SR-IOV, VPIO, scalable I/O), ring-tamper (rewrite its VIF\'s receive descriptors: self-virtualized), forged-credential / replayed-credential (a program with a forged, or a replayed validly signed, device credential to a DC: scalable I/O), interrupt-storm (make its device interrupt the host), doorbell-flood (ring its virtual device\'s doorbell with nothing queued), device-state (leave a VPIO device mid-command at a handoff: VPIO).',
    source: 'issue 12 after the seeds\' threats: 001/003 (IOMMU), 002 (DMA validation, reusable handoff), 000 (HMAC credentials, PDMA), 004 §3 (read-only ring)'
  },
  {
    key: 'rate', label: 'Attempts per second', ...count(1, 10_000_000), default: 10_000, sourceKind: 'assumption',
    doc: 'Attempts the attacker starts per second, evenly spaced (per attacker VM copy); each is work on its vCPU first, so a slow vCPU queues them.',
    source: 'assumption: a study input, not a measured quantity'
  },
  {
    key: 'bytes', label: 'Bytes per attempt', ...SIZE, min: 1, max: 64 * 1024 * 1024, default: 4096, sourceKind: 'assumption',
    doc: 'Bytes one attempt tries to write into the victim\'s memory or device (a DMA, a descriptor\'s frame, a command\'s data); what a successful attempt corrupts.',
    source: 'assumption: one page'
  },
  {
    key: 'attemptCycles', label: 'Attacker work per attempt', ...CYCLES, default: 2800, sourceKind: 'assumption',
    doc: 'Attacker vCPU work to build one attempt (a descriptor or program and its doorbell write), before the device or the protection sees it.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz, the same order as a native driver posting one send descriptor (nic driverTxCycles 2800)'
  }
] as const satisfies readonly ParamSpec[]

/** A workload's parameter keys, from its catalog entry: a misspelled key is a compile error. */
export type ParamKeyOf<T extends readonly ParamSpec[]> = T[number]['key']
export type PingKey = ParamKeyOf<typeof PING_PARAMS>
export type StreamKey = ParamKeyOf<typeof STREAM_PARAMS>
export type RpcKey = ParamKeyOf<typeof RPC_PARAMS>
export type IoProgramKey = ParamKeyOf<typeof IO_PROGRAM_PARAMS>
export type BlockKey = ParamKeyOf<typeof BLOCK_PARAMS>
export type AttackKey = ParamKeyOf<typeof ATTACK_PARAMS>

export interface WorkloadKindSpec {
  readonly kind: WorkloadKindId
  readonly label: string
  readonly description: string
  /** The kind's own parameters (COMMON_WORKLOAD_PARAMS come on top). */
  readonly params: readonly ParamSpec[]
  /** Clients work on their own (I/O programs to a device): without servers each client is its own flow. */
  readonly serverless: boolean
  /** Techniques its endpoints must be attached with; undefined = any technique that carries frames. */
  readonly techniques?: readonly TechniqueId[]
  /** Its packets cross the network from client to server (a link path must join their devices). */
  readonly network: boolean
  /** Its clients drive their virtual disk (an attachment to a storage device), not a network interface. */
  readonly block?: boolean
}

export const WORKLOAD_KINDS: Readonly<Record<WorkloadKindId, WorkloadKindSpec>> = Object.freeze({
  ping: {
    kind: 'ping', label: 'Ping (psapp)', params: PING_PARAMS, serverless: false, network: true,
    description: '004\'s psapp: 64-byte probes on a packet socket, echoed by the server; RTT per flow.'
  },
  stream: {
    kind: 'stream', label: 'Stream (iperf)', params: STREAM_PARAMS, serverless: false, network: true,
    description: 'A bulk TCP transfer from client to server (iperf); goodput per flow.'
  },
  rpc: {
    kind: 'rpc', label: 'RPC', params: RPC_PARAMS, serverless: false, network: true,
    description: 'Closed-loop request/response with N outstanding; transactions per second and latency.'
  },
  'io-program': {
    kind: 'io-program', label: 'I/O programs', params: IO_PROGRAM_PARAMS, serverless: true, network: false,
    techniques: ['scalable-io'],
    description: '000\'s consumers submitting I/O programs of k commands to a DC through the Host Gateway.'
  },
  block: {
    kind: 'block', label: 'Block I/O (fio)', params: BLOCK_PARAMS, serverless: true, network: false, block: true,
    description: 'fio-like jobs on each client VM\'s virtual disk: sequential or random reads and writes at a queue depth; IOPS, latency percentiles and CPU per I/O.'
  },
  attack: {
    kind: 'attack', label: 'Attack (misbehaving guest)', params: ATTACK_PARAMS, serverless: false, network: false,
    description: 'A hostile guest (the clients) against the VMs it pairs with (the servers, its targets): rogue DMA, descriptor-ring tampering, forged or replayed DC credentials, interrupt storms, doorbell floods, or a device left in a non-reusable state; counts attempts stopped and succeeded and the victim bytes corrupted.'
  }
} satisfies Record<WorkloadKindId, WorkloadKindSpec>)

const byKind = new Map<string, ReadonlyMap<string, ParamSpec>>(
  WORKLOAD_KIND_IDS.map((k) => [k, new Map([...WORKLOAD_KINDS[k].params, ...COMMON_WORKLOAD_PARAMS].map((p) => [p.key, p]))])
)

export function isWorkloadKind(kind: string): kind is WorkloadKindId {
  return Object.hasOwn(WORKLOAD_KINDS, kind)
}

/** Every parameter a workload of `kind` accepts (its own, then the common ones). */
export function workloadParamSpecs(kind: WorkloadKindId): readonly ParamSpec[] {
  return [...WORKLOAD_KINDS[kind].params, ...COMMON_WORKLOAD_PARAMS]
}

/** The parameter `key` of workload kind `kind`, or undefined. */
export function workloadParamSpec(kind: string, key: string): ParamSpec | undefined {
  return byKind.get(kind)?.get(key)
}
