// Test rig for the back-end stages: a default host with a driver domain, fake member devices (a
// fixed service time on a Server, counting what reaches them), and a closed-loop fio-like driver.
import { RngStreams, Server, Simulator } from '../../../../../core/sim'
import { defaultParams } from '../../../../../core/models/catalog'
import { HostModel } from '../../../../../core/models/host/host-model'
import type { HostParamKey } from '../../../../../core/models/host/params'
import type { Domain } from '../../../../../core/models/host/domain'
import type { KindParams } from '../../../../../core/models/param-read'
import { makeRunStats, type RunStats } from '../../../../../core/models/run-stats'
import { BlockOp, BlockPool, type BlockDone, type BlockTarget } from '../../../../../core/models/storage/block'
import { VDISK_BACKEND_PARAMS } from '../../../../../core/models/storage/backend/params'
import { buildBackendChain } from '../../../../../core/models/storage/backend/index'
import { BackendRegistry } from '../../../../../core/models/storage/backend/metrics'

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

/** A member device: one request at a time, a fixed service time per request; counts what it served. */
export class FakeDisk implements BlockTarget {
  readonly server: Server
  readonly dones: (BlockDone | undefined)[] = []
  reads = 0
  writes = 0
  flushes = 0
  bytesWritten = 0
  bytesRead = 0
  readonly log: [BlockOp, number, number][] = []
  constructor(sim: Simulator, readonly blocks: BlockPool, readonly serviceNs: number, readonly capacityBytes = 64 * GiB, servers = 1) {
    this.server = new Server(sim, { servers })
  }
  submit(req: number, done: BlockDone): void {
    this.dones[req] = done
    const op = this.blocks.op[req] as BlockOp
    this.log.push([op, this.blocks.offset[req], this.blocks.bytes[req]])
    if (op === BlockOp.Read) { this.reads++; this.bytesRead += this.blocks.bytes[req] }
    else if (op === BlockOp.Write) { this.writes++; this.bytesWritten += this.blocks.bytes[req] }
    else this.flushes++
    this.server.submit(this.serviceNs, this.fin, req)
  }
  private readonly fin = (req: number): void => {
    const d = this.dones[req]!
    this.dones[req] = undefined
    d(req, true)
  }
}

export interface Rig {
  sim: Simulator
  blocks: BlockPool
  stats: RunStats
  host: HostModel
  dom0: Domain
  disks: FakeDisk[]
  registry: BackendRegistry
  target: BlockTarget
  vdisk: Record<string, number | string | boolean>
}

export function vdiskParams(over: Record<string, number | string | boolean> = {}): Record<string, number | string | boolean> {
  const p: Record<string, number | string | boolean> = {}
  for (const s of VDISK_BACKEND_PARAMS) p[s.key] = s.default
  return { ...p, ...over }
}

/** A back end built over `members` fake disks (service times in ns), with `over` back-end params. */
export function rig(over: Record<string, number | string | boolean> = {}, members: number[] = [20_000], opts: { crashAtNs?: number; host?: Record<string, unknown>; capacity?: number } = {}): Rig {
  const sim = new Simulator()
  const blocks = new BlockPool()
  const stats = makeRunStats()
  const host = new HostModel(sim, 'h', { ...defaultParams('host'), ...opts.host } as KindParams<HostParamKey>, stats)
  const dom0 = host.addDomain({ name: 'dom0', role: 'driver', vcpus: 1, weight: 256, cap: 0, placement: 'first-hyperthreads', pinCpu: -1 })
  const disks = members.map((ns) => new FakeDisk(sim, blocks, ns, opts.capacity ?? 64 * GiB))
  const registry = new BackendRegistry(sim)
  const vdisk = vdiskParams(over)
  const target = buildBackendChain({ sim, blocks, stats, host, driverDomain: dom0, vdisk, bottoms: disks, registry, crashAtNs: opts.crashAtNs })
  return { sim, blocks, stats, host, dom0, disks, registry, target, vdisk }
}

export interface LoadResult {
  completed: number
  meanLatencyNs: number
  latencies: number[]
  iops: number
}

/**
 * A closed loop of `depth` outstanding requests for `durationNs`: op Read or Write (or a mix by
 * `readRatio`), `bytes` each, at random aligned offsets within `workingSet` (seeded), or sequential.
 */
export function drive(r: Rig, o: { op?: BlockOp; readRatio?: number; bytes?: number; depth?: number; durationNs: number; workingSet?: number; seed?: number; sequential?: boolean; maxRequests?: number }): LoadResult {
  const bytes = o.bytes ?? 4 * KiB
  const ws = o.workingSet ?? 1 * GiB
  const rng = new RngStreams(o.seed ?? 7).stream('load')
  const lat: number[] = []
  let issued = 0
  let seqPos = 0
  const end = r.sim.now + o.durationNs
  const issue = (): void => {
    if (r.sim.now >= end || (o.maxRequests !== undefined && issued >= o.maxRequests)) return
    issued++
    const op = o.readRatio !== undefined ? (rng.uniform() < o.readRatio ? BlockOp.Read : BlockOp.Write) : (o.op ?? BlockOp.Read)
    const off = o.sequential ? (seqPos = (seqPos + bytes) % ws) : rng.below(Math.floor(ws / bytes)) * bytes
    const req = r.blocks.alloc(op, off, bytes, 0, r.sim.now)
    r.target.submit(req, done)
  }
  const done: BlockDone = (req) => {
    lat.push(r.sim.now - r.blocks.born[req])
    r.blocks.release(req)
    issue()
  }
  for (let i = 0; i < (o.depth ?? 1); i++) issue()
  r.sim.run({ until: end })
  const mean = lat.length > 0 ? lat.reduce((a, b) => a + b, 0) / lat.length : NaN
  return { completed: lat.length, meanLatencyNs: mean, latencies: lat, iops: lat.length / (o.durationNs / 1e9) }
}

/** CPU time (ns) charged to an account so far. */
export function busy(r: Rig, acct: number): number {
  r.host.sched.flush()
  return r.host.accounts.busyByAcct[acct]
}

/** One request through the back end, run to completion; returns its latency. */
export function once(r: Rig, op: BlockOp, offset: number, bytes: number): number {
  const req = r.blocks.alloc(op, offset, bytes, 0, r.sim.now)
  let lat = -1
  r.target.submit(req, (q) => { lat = r.sim.now - r.blocks.born[q]; r.blocks.release(q) })
  r.sim.run({ until: r.sim.now + 100e6 })
  return lat
}
