// The contract between techniques and workloads: one domain's network interface as a workload sees
// it, which a technique builds (core/techniques) and a workload drives (core/workloads). It lives
// here, below both, so that neither layer imports the other.
import type { Domain } from '../host/domain'
import type { HostModel } from '../host/host-model'

/** What the device under an endpoint does for the stack (the guest's own driver on a commodity NIC); absent: nothing. */
export interface EndpointOffload {
  /** Largest send the stack may hand the driver in one packet (TSO), bytes; 0 = segment in software. */
  readonly tsoBytes: number
  /** The NIC checksums: the stack pays no per-byte checksum. */
  readonly checksum: boolean
}

/** One domain's network interface, as workloads see it. */
export interface Endpoint {
  /** Global endpoint id: the "MAC address" frames are switched and demultiplexed by. */
  readonly id: number
  readonly domain: Domain
  readonly host: HostModel
  /** Hands a packet to the driver; call it from the domain's context (after the app's work), on vCPU `vcpu` (default 0) where the technique honours it. */
  send(pkt: number, vcpu?: number): void
  /** The device's stateless offloads as this endpoint's stack sees them (undefined: none). */
  readonly offload?: EndpointOffload
  /** The vCPU that processes flow `flow`'s packets (receive-side scaling); undefined: vCPU 0. */
  vcpuOf?(flow: number): number
  /** Set by the scenario: a packet reached the domain's socket layer (on its vCPU). */
  onReceive: (pkt: number) => void
  /**
   * Frames addressed to endpoint `id` are this interface's too (a bond's address moved to this
   * member: core/scenario/bond-rebind.ts), for techniques whose back end finds the guest by the
   * frame's address in software (paravirtual, emulated); absent where the device does (a NIC's queues).
   */
  alias?(id: number): void
}

// What a workload may ask of an endpoint that runs I/O programs (scalable-io, 000 §3.4):
// submit a program of k dependent commands, each moving some bytes to or from the device
// by protected DMA; the completion comes back on the consumer's vCPU with its tag.
export interface ProgramPort {
  /** Submits one program of `commands` dependent commands, each moving `bytes` (to the device if `toDevice`). */
  submitProgram(commands: number, bytes: number, toDevice: boolean, tag: number): void
  /** Set by the workload: a program finished (`ok` false when the DC denied its credential). */
  onProgramDone: (tag: number, ok: boolean) => void
}

export function isProgramPort(ep: Endpoint): ep is Endpoint & ProgramPort {
  return typeof (ep as Partial<ProgramPort>).submitProgram === 'function'
}
