// The workload registry: one module per workload kind, looked up by the project's kind.
import { attack } from './attack'
import { block } from './block'
import { ioProgram } from './io-program'
import { ping } from './ping'
import { rpc } from './rpc'
import { stream } from './stream'
import type { WorkloadKind } from './types'

const KINDS = new Map<string, WorkloadKind>()

export function registerWorkload(w: WorkloadKind): void {
  KINDS.set(w.kind, w)
}

export function workloadKind(kind: string): WorkloadKind | undefined {
  return KINDS.get(kind)
}

for (const w of [ping, stream, rpc, ioProgram, block, attack]) registerWorkload(w)
