// A small block-I/O world for the served front ends' tests (issue 11), built by hand so the
// front ends are tested against the contracts alone: a default host with a driver domain and
// guests, a fake storage device (BlockDeviceModel: a fixed service time, NCQ-like parallel
// queue, an interrupt per completion) and a fake back end (BlockTarget: a fixed service time in
// the driver domain), and a closed-loop fio-like job per guest at a queue depth. The DC of
// scalable-io is a real DcModel behind a real Host Gateway and shared-memory links.
import { RngStreams, Simulator } from '../../../core/sim'
import { defaultLinkParams, defaultParams } from '../../../core/models/catalog'
import { DC_MODELS, DcModel } from '../../../core/models/dc/dc-model'
import { HgModel } from '../../../core/models/host-gateway/hg-model'
import { HostModel } from '../../../core/models/host/host-model'
import type { HostParamKey } from '../../../core/models/host/params'
import { MessageLink } from '../../../core/models/link/message-link'
import { PacketPool } from '../../../core/models/packet'
import type { KindParams } from '../../../core/models/param-read'
import { makeRunStats, type RunStats } from '../../../core/models/run-stats'
import { SharedObjects, type SharedKey } from '../../../core/models/shared-objects'
import { BlockOp, BlockPool, type BlockDeviceModel, type BlockDone, type BlockPort, type BlockQueueSink, type BlockTarget } from '../../../core/models/storage/block'
import { VDISK_FRONT_PARAMS } from '../../../core/models/storage/vdisk/front-params'
import type { VmParamKey } from '../../../core/models/vm/params'
import { technique } from '../../../core/techniques/registry'
import type { BlockAttachContext } from '../../../core/techniques/types'
import type { Domain } from '../../../core/models/host/domain'

const GiB = 1024 ** 3

/** A storage device with a fixed service time per command, serving up to queueDepth at once per queue. */
export class FakeDevice implements BlockDeviceModel {
  readonly id = 'ssd0'
  readonly kind = 'ssd' as const
  readonly capacityBytes = 64 * GiB
  readonly queueDepth = 32
  readonly queueCount: number
  readonly sinks: (BlockQueueSink | undefined)[]
  submitted = 0
  private readonly sim: Simulator
  private readonly serviceNs: number
  private readonly doneId: number
  private readonly queueOf = new Map<number, number>()

  constructor(sim: Simulator, serviceNs: number, queues = 1) {
    this.sim = sim
    this.serviceNs = serviceNs
    this.queueCount = queues
    this.sinks = new Array<BlockQueueSink | undefined>(queues).fill(undefined)
    this.doneId = sim.register((req) => {
      const sink = this.sinks[this.queueOf.get(req)!]!
      sink.complete(req, true)
      sink.interrupt()
    }, 'fake-device/done')
  }

  bindQueue(q: number, sink: BlockQueueSink): void {
    if (q < 0 || q >= this.queueCount) throw new Error(`no queue ${q}`)
    if (this.sinks[q] !== undefined) throw new Error(`queue ${q} of "${this.id}" is taken`)
    this.sinks[q] = sink
  }

  submit(q: number, req: number): void {
    this.submitted++
    this.queueOf.set(req, q)
    this.sim.schedule(this.serviceNs, this.doneId, req)
  }
}

/** A back end with a fixed service time (its own CPU in the driver domain: `cpuNs` per request). */
export class FakeBackend implements BlockTarget {
  readonly capacityBytes = 256 * GiB
  submitted = 0
  /** Spread of the service time: uniform in serviceNs × [1 − jitter, 1 + jitter] (deterministic stream). */
  jitter = 0
  private readonly rng = new RngStreams(11).stream('fake-backend')
  private readonly sim: Simulator
  private readonly serviceNs: number
  private readonly dones = new Map<number, BlockDone>()
  private readonly doneId: number

  constructor(sim: Simulator, serviceNs: number) {
    this.sim = sim
    this.serviceNs = serviceNs
    this.doneId = sim.register((req) => {
      const d = this.dones.get(req)!
      this.dones.delete(req)
      d(req, true)
    }, 'fake-backend/done')
  }

  submit(req: number, done: BlockDone): void {
    this.submitted++
    this.dones.set(req, done)
    const f = this.jitter > 0 ? 1 + this.jitter * (2 * this.rng.uniform32() - 1) : 1
    this.sim.schedule(Math.round(this.serviceNs * f), this.doneId, req)
  }
}

export interface BlockRunOptions {
  technique: 'emulated' | 'paravirtual' | 'vpio' | 'scalable-io'
  vdisk?: Record<string, number | string | boolean>
  host?: Record<string, number | string | boolean>
  vm?: Record<string, number | string | boolean>
  hg?: Record<string, number | string | boolean>
  /** Service time of the fake back end / device (ns). */
  serviceNs?: number
  queueDepth?: number
  blockSize?: number
  op?: BlockOp
  /** Byte offset of the first request (requests then step by the block size). */
  offset?: number
  durationNs?: number
  guests?: number
  /** Spread of the fake back end's service time (0 … 1). */
  jitter?: number
}

export interface BlockRunResult {
  ios: number
  failed: number
  iops: number
  meanLatencyUs: number
  /** Host CPU time (every domain and the hypervisor) per completed I/O, µs. */
  cpuPerIoUs: number
  /** The driver domain's own CPU time per completed I/O, µs (hypervisor work on its behalf — grant operations — is the hypervisor's). */
  dom0PerIoUs: number
  /** Hypervisor CPU time per completed I/O, µs. */
  hvPerIoUs: number
  /** Kernel events per completed I/O (the fake device / back end adds 1). */
  eventsPerIo: number
  stats: RunStats
  ports: BlockPort[]
  device: FakeDevice
  backend: FakeBackend
}

export function vdiskDefaults(over: Record<string, number | string | boolean> = {}): Record<string, number | string | boolean> {
  return { ...Object.fromEntries(VDISK_FRONT_PARAMS.map((p) => [p.key, p.default])), ...over }
}

/** Runs closed-loop jobs (one per guest) against virtual disks of `technique`; returns what they measured. */
export function runBlock(o: BlockRunOptions): BlockRunResult {
  const sim = new Simulator()
  const stats = makeRunStats()
  const hostParams = { ...defaultParams('host'), ...o.host } as KindParams<HostParamKey>
  const host = new HostModel(sim, 'h', hostParams, stats)
  const spec = (name: string, role: 'driver' | 'guest'): Parameters<HostModel['addDomain']>[0] => ({
    name, role, vcpus: 1, weight: 256, cap: 0, placement: host.defaultPlacement(role), pinCpu: -1
  })
  const dom0 = host.addDomain(spec('dom0', 'driver'))
  const blocks = new BlockPool()
  const shared = new SharedObjects()
  const rng = new RngStreams(7)
  const serviceNs = o.serviceNs ?? 50_000
  const device = new FakeDevice(sim, serviceNs, o.technique === 'scalable-io' ? 2 : 1)
  const backend = new FakeBackend(sim, serviceNs)
  backend.jitter = o.jitter ?? 0
  if (o.technique === 'scalable-io') {
    const hg = new HgModel(sim, stats, rng.stream('hg/faults'), 'hg0', { ...defaultParams('host-gateway'), ...o.hg })
    const dc = new DcModel(sim, new PacketPool(), stats, rng.stream('dc/dc'), 'dc0', defaultParams('dc'))
    const lp = defaultLinkParams('shared-memory')
    dc.connect({ hostId: 'h', hg, up: new MessageLink(sim, 'l/up', lp), down: new MessageLink(sim, 'l/down', lp) })
    shared.get(DC_MODELS, '', () => new Map<string, DcModel>()).set('dc0', dc)
  }
  const vdisk = vdiskDefaults(o.vdisk)
  const vm = { ...defaultParams('vm'), ...o.vm } as KindParams<VmParamKey>
  const t = technique(o.technique)!
  const ports: BlockPort[] = []
  const guests: Domain[] = []
  for (let g = 0; g < (o.guests ?? 1); g++) {
    const dom = host.addDomain(spec(`g${g}`, 'guest'))
    guests.push(dom)
    const ctx: BlockAttachContext = {
      sim, blocks, stats, rng, host, domain: dom, driverDomain: dom0, device, deviceParams: {}, vdisk, portId: g, vm,
      backend: () => backend,
      shared: <T>(key: SharedKey<T>, id: string, make: () => T): T => shared.get(key, id, make)
    }
    ports.push(t.attachBlock!(ctx))
  }
  const qd = o.queueDepth ?? 1, bs = o.blockSize ?? 4096, op = o.op ?? BlockOp.Read
  let next = 0, ios = 0, failed = 0, latSum = 0
  const issue = (p: BlockPort, flow: number): void => {
    const off = ((o.offset ?? 0) + (next++ % 4096) * bs) % p.capacityBytes
    p.submit(blocks.alloc(op, off, bs, flow, sim.now))
  }
  ports.forEach((p, flow) => {
    p.onComplete = (req, ok) => {
      ios++
      if (!ok) failed++
      latSum += sim.now - blocks.born[req]
      blocks.release(req)
      issue(p, flow)
    }
    for (let i = 0; i < qd; i++) issue(p, flow)
  })
  const duration = o.durationNs ?? 50_000_000
  sim.run({ until: duration })
  const acct = host.accounts
  let cpu = 0
  for (let a = 0; a < acct.names.length; a++) cpu += acct.busyByAcct[a]
  return {
    ios, failed, iops: ios / (duration / 1e9), meanLatencyUs: ios === 0 ? NaN : latSum / ios / 1000,
    cpuPerIoUs: cpu / ios / 1000, dom0PerIoUs: acct.busyByAcct[dom0.acct] / ios / 1000, hvPerIoUs: acct.busyByAcct[0] / ios / 1000,
    eventsPerIo: sim.eventsFired / ios, stats, ports, device, backend
  }
}
