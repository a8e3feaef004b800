// What a workload may ask of an endpoint that runs I/O programs (scalable-io, 000 §3.4):
// submit a program of k dependent commands, each moving some bytes to or from the device
// by protected DMA; the completion comes back on the consumer's vCPU with its tag.
import type { Endpoint } from './types'

export interface ProgramPort {
  /** Submits one program of `commands` dependent commands, each moving `bytes` (to the device if `toDevice`). */
  submitProgram(commands: number, bytes: number, toDevice: boolean, tag: number): void
  /** Set by the workload: a program finished (`ok` false when the DC denied its credential). */
  onProgramDone: (tag: number, ok: boolean) => void
}

export function isProgramPort(ep: Endpoint): ep is Endpoint & ProgramPort {
  return typeof (ep as Partial<ProgramPort>).submitProgram === 'function'
}
