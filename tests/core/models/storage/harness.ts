// A closed-loop load generator straight on a storage device model (no technique, no CPU): it
// binds queues, keeps `depth` requests outstanding per queue with fio-like patterns, and
// measures IOPS and latency. Used by the device tests of issue 11 until the block workload
// drives devices through the techniques.
import type { BlockDeviceBase } from '../../../../core/models/storage/device-base'
import { RngStreams, Simulator } from '../../../../core/sim'
import { defaultParams } from '../../../../core/models/catalog'
import { PciBus } from '../../../../core/models/host/pci-bus'
import { BlockOp, BlockPool, type BlockDeviceModel, type BlockTarget } from '../../../../core/models/storage/block'
import { makeRunStats, type RunStats } from '../../../../core/models/run-stats'
import type { DeviceEnv } from '../../../../core/models/storage/device-base'
import { DiskModel } from '../../../../core/models/storage/disk/disk-model'
import { SsdModel } from '../../../../core/models/storage/ssd/ssd-model'
import { NvmeModel } from '../../../../core/models/storage/nvme/nvme-model'
import { StorageArrayModel, makeHop } from '../../../../core/models/storage/array/array-model'
import { Server } from '../../../../core/sim'
import { HostModel } from '../../../../core/models/host/host-model'

export type Params = Record<string, number | string | boolean>

export function env(hostParams: Params = {}): DeviceEnv & { sim: Simulator; blocks: BlockPool; stats: RunStats; bus: PciBus } {
  return { sim: new Simulator(), blocks: new BlockPool(), stats: makeRunStats(), bus: new PciBus({ ...defaultParams('host'), ...hostParams }) }
}

export const disk = (p: Params = {}, e = env()) => ({ e, d: new DiskModel(e, 'disk', { ...defaultParams('disk'), ...p }) })
export const ssd = (p: Params = {}, e = env()) => ({ e, d: new SsdModel(e, 'ssd', { ...defaultParams('ssd'), ...p }) })
export const nvme = (p: Params = {}, e = env()) => ({ e, d: new NvmeModel(e, 'nvme', { ...defaultParams('nvme'), ...p }, Number(defaultParams('host').pciReadLatency)) })

/** An array reached from host "h" over one 1 Gb/s link (or `hops` links through switches). */
export function array(p: Params = {}, link: { bps?: number; delayNs?: number; hops?: number } = {}, e = env()) {
  const d = new StorageArrayModel(e, 'array', { ...defaultParams('storage-array'), ...p })
  const n = link.hops ?? 1
  const mk = (dir: string) => Array.from({ length: n }, (_, i) => makeHop(e.sim, `l${i}/${dir}`, link.bps ?? 1e9, 1500, 38, link.delayNs ?? 1000))
  d.addRoute({ host: 'h', nicDma: new Server(e.sim, { name: 'nic/dma' }), nicDmaBps: 4.264e9, nicDescNs: 500, bus: e.bus, toArray: mk('up'), toHost: mk('down') })
  return { e, d }
}

/** A host "h" with one driver domain of `vcpus` vCPUs, for initiators. */
export function hostWithDomain(e: { sim: Simulator; stats: RunStats }, hostParams: Params = {}, vcpus = 1) {
  const host = new HostModel(e.sim, 'h', { ...defaultParams('host'), ...hostParams }, e.stats)
  const domain = host.addDomain({ name: 'h/dom0', role: 'driver', vcpus, weight: 256, cap: 0, placement: 'any', pinCpu: -1 })
  return { host, domain }
}

export type Pattern = 'read' | 'randread' | 'write' | 'randwrite' | 'randrw'

export interface Load {
  pattern: Pattern
  bytes?: number
  depth?: number
  /** Queues driven (each with `depth` outstanding); default [0]. */
  queues?: number[]
  workingSet?: number
  /** Start offset of the working set. */
  base?: number
  durationNs?: number
  warmupNs?: number
  seed?: number
  /** For storage arrays: open sessions from host "h" instead of binding queues. */
  sessions?: boolean
  /** Drive these block targets (e.g. array initiators) instead of device queues, `depth` each. */
  targets?: BlockTarget[]
  /** Idle time between a completion and the next request of that queue. */
  thinkNs?: number
  /** The device fails at this time (issue 12: its commands hang until its commandTimeout, then fail). */
  failAtNs?: number
}

export interface Result {
  iops: number
  meanUs: number
  perQueue: number[]
  completions: number
  interrupts: number
}

/** Runs `load` on `dev` and returns what it measured (after the warm-up). */
export function drive(dev: BlockDeviceModel, e: { sim: Simulator; blocks: BlockPool }, load: Load): Result {
  const bytes = load.bytes ?? 4096
  const depth = Math.min(load.depth ?? 1, load.targets === undefined ? dev.queueDepth : Infinity)
  const ws = Math.min(load.workingSet ?? dev.capacityBytes, dev.capacityBytes - (load.base ?? 0))
  const base = load.base ?? 0
  const rng = new RngStreams(load.seed ?? 1).stream('test/offsets')
  const warm = load.warmupNs ?? 0
  const end = warm + (load.durationNs ?? 200_000_000)
  const blocks = e.blocks, sim = e.sim
  const think = load.thinkNs ?? 0
  const qs = load.targets !== undefined ? load.targets.map((_, i) => i) : load.queues ?? [0]
  const perQueue = qs.map(() => 0)
  let done = 0, latency = 0, interrupts = 0
  const cursor = qs.map((_, i) => base + i * Math.floor(ws / qs.length / bytes) * bytes)
  const slots = Math.floor(ws / bytes)
  const issue = (qi: number, q: number): void => {
    const rand = load.pattern.startsWith('rand')
    const off = rand ? rng.below(slots) * bytes + base : cursor[qi]
    if (!rand) cursor[qi] = base + ((cursor[qi] - base + bytes) % (slots * bytes))
    const write = load.pattern === 'write' || load.pattern === 'randwrite' || (load.pattern === 'randrw' && rng.uniform() < 0.5)
    const r = blocks.alloc(write ? BlockOp.Write : BlockOp.Read, off, bytes, qi, sim.now)
    if (load.targets !== undefined) load.targets[qi].submit(r, (req, ok) => sinks[qi].complete(req, ok))
    else dev.submit(q, r)
  }
  const sinks: { complete(r: number, ok: boolean): void; interrupt(): void }[] = []
  const queueIds: number[] = []
  qs.forEach((q, qi) => {
    const sink = {
      complete(r: number, ok: boolean) {
        if (sim.now >= warm && blocks.born[r] >= warm) {
          done++
          perQueue[qi]++
          latency += sim.now - blocks.born[r]
        }
        blocks.release(r)
        // a failed command ends its queue's job (as fio stops a job at its first I/O error)
        if (sim.now < end && ok) {
          if (think > 0) sim.after(think, () => issue(qi, queueIds[qi]))
          else issue(qi, queueIds[qi])
        }
      },
      interrupt() { interrupts++ }
    }
    sinks.push(sink)
    if (load.targets !== undefined) queueIds.push(qi)
    else if (load.sessions === true) queueIds.push((dev as StorageArrayModel).openSession('h', sink))
    else {
      dev.bindQueue(q, sink)
      queueIds.push(q)
    }
  })
  qs.forEach((_, qi) => { for (let i = 0; i < depth; i++) issue(qi, queueIds[qi]) })
  if (load.failAtNs !== undefined) sim.after(load.failAtNs, () => (dev as BlockDeviceBase).fail())
  sim.run({ until: end })
  const span = (end - warm) / 1e9
  return { iops: done / span, meanUs: done > 0 ? latency / done / 1000 : NaN, perQueue: perQueue.map((n) => n / span), completions: done, interrupts }
}

/** Binds queue `q` and returns a probe: submit one request now, run until idle, return its latency (ns). */
export function prober(dev: BlockDeviceModel, e: { sim: Simulator; blocks: BlockPool }, q = 0): (op: BlockOp, offset: number, bytes: number, at?: number) => number {
  let t = -1
  dev.bindQueue(q, { complete: (r) => { t = e.sim.now; e.blocks.release(r) }, interrupt: () => {} })
  return (op, offset, bytes, at) => {
    if (at !== undefined) e.sim.run({ until: at })
    const start = e.sim.now
    dev.submit(q, e.blocks.alloc(op, offset, bytes, 0, start))
    e.sim.run()
    return t - start
  }
}
