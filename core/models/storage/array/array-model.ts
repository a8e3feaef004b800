// A networked storage array at run time: a target (iSCSI or NFS) reached from a host's NIC
// over Ethernet links (directly or through switches). A command crosses the path as one
// message per direction: the host NIC's DMA engine and the host's PCI bus, then each link
// (serialized at its rate with framing per MTU-sized piece, store-and-forward, then the
// propagation, the links' per-message delay, the NIC's MAC/PHY latency and each switch's
// forwarding latency); writes carry their data towards the array, reads bring it back. At the
// array a controller core processes the command (targetCommandTime; NFS ×1.5 for the
// server's file-system work), then the battery-backed cache (64 KiB lines, LRU) serves it: a
// read of cached lines responds at once, a miss reads its stripe units from the disks (each a
// DiskModel: seek curve, rotation, NCQ reordering) and caches them; a write is cached and
// acknowledged (durable), then destaged to its disks; a write waits while dirty data fills the
// cache; a flush responds at once. Queues are initiator sessions (openSession). Simplified:
// a message is forwarded whole at a switch (store-and-
// forward per message, not per frame), TCP's windows and acknowledgements are not modelled.
// On a link the network also wires (host NIC ↔ switch, switch ↔ switch) the storage messages
// take turns with the network's frames on the same transmitter; they do not count towards a
// switch's output buffer (no frame is dropped for them).
import { Server, type Simulator } from '../../../sim'
import { BlockOp, type BlockQueueSink } from '../block'
import { BlockDeviceBase, PciDir, ReqInts, type DeviceEnv } from '../device-base'
import { DiskModel } from '../disk/disk-model'
import { defaultParams } from '../../catalog'
import type { PciBus } from '../../host/pci-bus'
import { num, str, type KindParams } from '../../param-read'
import type { ArrayParamKey } from './params'

/** Cache line of the array controller. */
export const ARRAY_CACHE_LINE = 64 * 1024
/** Protocol header bytes per message: iSCSI 48-byte BHS + TCP/IP 40; NFSv3 RPC call/reply ≈ 160 + TCP/IP 40. */
export const HEADER_BYTES = { iscsi: 88, nfs: 200 } as const
/** NFS server's file-system work per command relative to an iSCSI target's. */
export const NFS_TARGET_FACTOR = 1.5
/** Single-track seek of the array's 15,000 rpm disks (the disk kind's plausible low end). */
const FAST_DISK_SINGLE_TRACK = 200_000

/** One link of a path in one direction. */
export interface ArrayHop {
  /** Serializes messages onto the link (shared by every session whose path uses this link in this direction, and by the network's frames on a wired link). */
  readonly tx: Server
  readonly rateBps: number
  readonly mtu: number
  readonly overheadBytes: number
  /** Propagation + per-message delay + end latencies + the forwarding latency of a switch at the far end. */
  readonly delayNs: number
  /** The link is down (a `link-down` fault, or a NIC at its end failed): a message that finishes its serialization is lost. */
  down: boolean
  /** Link ids this hop crosses (one), for the path checker and the faults. */
  readonly linkId?: string
}

/** The host side of a session: the NIC's DMA engine and the host's bus, and the links each way. */
export interface ArrayRoute {
  readonly host: string
  readonly nicDma: Server
  readonly nicDmaBps: number
  readonly nicDescNs: number
  readonly bus: PciBus | undefined
  readonly toArray: readonly ArrayHop[]
  readonly toHost: readonly ArrayHop[]
}

/**
 * Makes a link direction's hop. `shared` (called at the first message, once the network is
 * wired) may return the transmitter of the network's own wire for this link direction, so that
 * storage messages and network frames queue for the same cable; otherwise the hop has its own.
 */
export function makeHop(sim: Simulator, name: string, rateBps: number, mtu: number, overheadBytes: number, delayNs: number, shared?: () => Server | undefined, linkId?: string): ArrayHop {
  let tx: Server | undefined
  return {
    get tx(): Server {
      if (tx === undefined) tx = shared?.() ?? new Server(sim, { name })
      return tx
    },
    rateBps, mtu: Math.max(1, mtu), overheadBytes, delayNs: Math.round(delayNs), down: false, linkId
  }
}

/** Is every link of the route up (both directions)? */
export function routeUp(route: ArrayRoute): boolean {
  for (const h of route.toArray) if (h.down) return false
  for (const h of route.toHost) if (h.down) return false
  return true
}

export class StorageArrayModel extends BlockDeviceBase {
  readonly kind = 'storage-array' as const
  readonly protocol: 'iscsi' | 'nfs'
  readonly controller: Server
  readonly disks: DiskModel[] = []
  readonly headerBytes: number
  /** The initiator's host CPU costs (cycles), read by initiator.ts. */
  readonly initiator: { submitCycles: number; completeCycles: number; cyclesPerKiB: number }
  cacheHits = 0
  cacheMisses = 0
  /** Dirty bytes in the controller cache. */
  dirty = 0
  /** Every path from each host (one per host NIC with an Ethernet path to the array, in the topology's order). */
  private readonly routesByHost = new Map<string, ArrayRoute[]>()
  /** Messages lost on a link that was down (since the start). */
  lostMessages = 0
  private readonly routeOf: (ArrayRoute | undefined)[]
  private readonly targetNs: number
  private readonly stripe: number
  private readonly cacheLines: number
  private readonly cache = new Map<number, true>()
  private readonly hop = new ReqInts()
  /** 0: towards the array, 1: back to the host. */
  private readonly dir = new ReqInts()
  private readonly left = new ReqInts()
  private readonly parent = new ReqInts()
  private readonly waitingWrites: number[] = []
  /** Stripe units waiting for a disk whose command queue is full, per disk. */
  private readonly diskWait: number[][] = []
  private readonly diskOf = new ReqInts()
  private readonly ids: { hopArrived: number; nicOut: number; nicIn: number }

  constructor(env: DeviceEnv, id: string, p: KindParams<ArrayParamKey>) {
    super({ sim: env.sim, blocks: env.blocks, stats: env.stats }, id, num(p, 'capacity'), num(p, 'sessions'), num(p, 'queueDepth'))
    this.commandTimeoutNs = num(p, 'commandTimeout')
    this.protocol = str(p, 'protocol') === 'nfs' ? 'nfs' : 'iscsi'
    this.headerBytes = HEADER_BYTES[this.protocol]
    this.targetNs = Math.round(num(p, 'targetCommandTime') * (this.protocol === 'nfs' ? NFS_TARGET_FACTOR : 1))
    this.stripe = num(p, 'stripeSize')
    this.cacheLines = Math.max(1, Math.floor(num(p, 'cacheSize') / ARRAY_CACHE_LINE))
    this.initiator = {
      submitCycles: num(p, 'initiatorSubmitCycles'), completeCycles: num(p, 'initiatorCompleteCycles'), cyclesPerKiB: num(p, 'initiatorCyclesPerKiB')
    }
    this.routeOf = new Array<ArrayRoute | undefined>(this.queueCount).fill(undefined)
    this.controller = new Server(this.sim, { name: `${id}/controller`, servers: num(p, 'targetCores') })
    const n = num(p, 'disks')
    const dp = {
      ...defaultParams('disk'), rpm: num(p, 'diskRpm'), seekAverage: num(p, 'diskSeekAverage'), mediaRate: num(p, 'diskMediaRate'),
      seekSingleTrack: FAST_DISK_SINGLE_TRACK, capacity: Math.max(1, Math.ceil(this.capacityBytes / n)), writeCache: false
    }
    const sink = { complete: (child: number) => this.diskDone(child), interrupt: () => {} }
    for (let i = 0; i < n; i++) {
      const d = new DiskModel({ sim: env.sim, blocks: env.blocks, stats: env.stats, stage: 'array_disk' }, `${id}/disk${i}`, dp)
      d.bindQueue(0, sink)
      this.disks.push(d)
      this.diskWait.push([])
    }
    this.ids = {
      hopArrived: this.sim.register((req) => this.hopArrived(req), `${id}/link`),
      nicOut: this.sim.register((req) => this.sendHop(req, 0), `${id}/nic-out`),
      nicIn: this.sim.register((req) => this.finish(req, true), `${id}/nic-in`)
    }
  }

  /** The path from host `host` (set by the world build for every host that can reach the array). */
  addRoute(route: ArrayRoute): void {
    this.routesByHost.set(route.host, [...(this.routesByHost.get(route.host) ?? []), route])
  }

  /** The paths from host `host` (0 when it cannot reach the array). */
  pathCount(host: string): number {
    return this.routesByHost.get(host)?.length ?? 0
  }

  /** Path `path` from host `host`. */
  route(host: string, path: number): ArrayRoute | undefined {
    return this.routesByHost.get(host)?.[path]
  }

  /** The OS's command timeout for this array's commands (ns): a lost command fails after it. */
  get commandTimeout(): number {
    return this.commandTimeoutNs
  }

  /** Can host `host` reach the array? */
  reachableFrom(host: string): boolean {
    return this.routesByHost.has(host)
  }

  /** Opens a session from `host`: binds the next free queue to `sink` and returns it; throws a user-facing Error when none is left or no path exists. */
  openSession(host: string, sink: BlockQueueSink, path = 0): number {
    const route = this.routesByHost.get(host)?.[path]
    if (route === undefined) throw new Error(`storage array "${this.id}" cannot be reached from host "${host}": draw an Ethernet link from a NIC of "${host}" to it, directly or through switches`)
    const q = this.freeQueue()
    if (q < 0) throw new Error(`storage array "${this.id}" accepts ${this.queueCount} sessions and all are open; raise its "sessions"`)
    this.bindQueue(q, sink)
    this.routeOf[q] = route
    return q
  }

  private routeFor(req: number): ArrayRoute {
    const r = this.routeOf[this.qOf.a[req]]
    if (r === undefined) throw new Error(`storage array "${this.id}": queue ${this.qOf.a[req]} has no network path (open it with openSession)`)
    return r
  }

  private msgBytes(req: number, toArray: boolean): number {
    const op = this.blocks.op[req]
    const data = (toArray && op === BlockOp.Write) || (!toArray && op === BlockOp.Read) ? this.blocks.bytes[req] : 0
    return this.headerBytes + data
  }

  private nicNs(route: ArrayRoute, bytes: number): number {
    return route.nicDescNs + (bytes * 8e9) / route.nicDmaBps
  }

  /** The initiator handed the command to the host NIC: DMA out of host memory, then the links. */
  protected start(_q: number, req: number): void {
    const route = this.routeFor(req)
    this.dir.set(req, 0)
    route.nicDma.submit(this.nicNs(route, this.msgBytes(req, true)), this.nicOutDone, req)
  }

  private readonly nicOutDone = (req: number): void => {
    const route = this.routeFor(req)
    const bytes = this.msgBytes(req, true)
    this.stats.counters.pciReadBytes += bytes
    const d = route.bus === undefined ? 0 : route.bus.delay(PciDir.ToDevice, bytes, this.nicNs(route, bytes), this.sim.now)
    if (d > 0) this.sim.schedule(d, this.ids.nicOut, req)
    else this.sendHop(req, 0)
  }

  private hops(req: number): readonly ArrayHop[] {
    const r = this.routeFor(req)
    return this.dir.a[req] === 0 ? r.toArray : r.toHost
  }

  private sendHop(req: number, k: number): void {
    this.hop.set(req, k)
    const h = this.hops(req)[k]
    const bytes = this.msgBytes(req, this.dir.a[req] === 0)
    const wire = bytes + Math.max(1, Math.ceil(bytes / h.mtu)) * h.overheadBytes
    h.tx.submit((wire * 8e9) / h.rateBps, this.serialized, req)
  }

  private readonly serialized = (req: number): void => {
    const h = this.hops(req)[this.hop.a[req]]
    if (h.down) return this.lose(req)
    this.sim.schedule(h.delayNs, this.ids.hopArrived, req)
  }

  /** The command (or its response) was lost on a link that is down: the array forgets it; the initiator's timer will fail it. */
  private lose(req: number): void {
    this.lostMessages++
    const q = this.qOf.a[req]
    this.outstanding[q]--
    this.sinks[q]!.lost?.(req)
  }

  private hopArrived(req: number): void {
    const k = this.hop.a[req] + 1
    if (k < this.hops(req).length) return this.sendHop(req, k)
    if (this.dir.a[req] === 0) this.controller.submit(this.targetNs, this.processed, req)
    else {
      const route = this.routeFor(req)
      const bytes = this.msgBytes(req, false)
      route.nicDma.submit(this.nicNs(route, bytes), this.nicInDone, req)
    }
  }

  private readonly nicInDone = (req: number): void => {
    const route = this.routeFor(req)
    const bytes = this.msgBytes(req, false)
    this.stats.counters.pciWriteBytes += bytes
    const d = route.bus === undefined ? 0 : route.bus.delay(PciDir.ToHost, bytes, this.nicNs(route, bytes), this.sim.now)
    if (d > 0) this.sim.schedule(d, this.ids.nicIn, req)
    else this.finish(req, true)
  }

  private respond(req: number): void {
    this.dir.set(req, 1)
    this.sendHop(req, 0)
  }

  /** The controller processed the command: serve it from the cache or the disks. */
  private readonly processed = (req: number): void => {
    const op = this.blocks.op[req]
    if (op === BlockOp.Flush) return this.respond(req) // the cache is battery-backed: cached writes are durable
    if (op === BlockOp.Write) {
      if (this.waitingWrites.length === 0 && this.writeFits(req)) this.cacheWrite(req)
      else this.waitingWrites.push(req)
      return
    }
    if (this.cached(req)) {
      this.cacheHits++
      return this.respond(req)
    }
    this.cacheMisses++
    this.toDisks(req, req, BlockOp.Read)
  }

  private lines(req: number): [number, number] {
    const off = this.blocks.offset[req]
    return [Math.floor(off / ARRAY_CACHE_LINE), Math.floor((off + Math.max(1, this.blocks.bytes[req]) - 1) / ARRAY_CACHE_LINE)]
  }

  private cached(req: number): boolean {
    const [a, b] = this.lines(req)
    for (let l = a; l <= b; l++) if (!this.cache.has(l)) return false
    for (let l = a; l <= b; l++) this.touch(l)
    return true
  }

  private touch(line: number): void {
    this.cache.delete(line)
    this.cache.set(line, true)
    while (this.cache.size > this.cacheLines) this.cache.delete(this.cache.keys().next().value!)
  }

  private writeFits(req: number): boolean {
    const b = this.blocks.bytes[req]
    return this.dirty + b <= Math.max(this.cacheLines * ARRAY_CACHE_LINE, b)
  }

  private cacheWrite(req: number): void {
    const [a, b] = this.lines(req)
    for (let l = a; l <= b; l++) this.touch(l)
    this.dirty += this.blocks.bytes[req]
    // destage: a request of the array's own (flow −1) carrying the write to its disks
    const copy = this.blocks.child(req, BlockOp.Write, this.blocks.offset[req], this.blocks.bytes[req])
    this.toDisks(copy, -1, BlockOp.Write)
    this.respond(req)
  }

  /** Splits `req` into stripe units on their disks; `owner` is the command to answer (−1: a destage). */
  private toDisks(req: number, owner: number, op: BlockOp): void {
    const off = this.blocks.offset[req], end = off + Math.max(1, this.blocks.bytes[req])
    const n = this.disks.length, s = this.stripe
    let parts = 0
    for (let o = off; o < end; o = (Math.floor(o / s) + 1) * s) parts++
    this.left.set(req, parts)
    for (let o = off; o < end;) {
      const unit = Math.floor(o / s)
      const next = Math.min(end, (unit + 1) * s)
      const disk = unit % n
      const diskOff = Math.floor(unit / n) * s + (o - unit * s)
      const child = this.blocks.child(req, op, diskOff, next - o)
      this.parent.set(child, req)
      this.diskOf.set(child, disk)
      const d = this.disks[disk]
      if (d.outstanding[0] < d.queueDepth) d.submit(0, child)
      else this.diskWait[disk].push(child)
      o = next
    }
    this.parent.set(req, owner)
  }

  private diskDone(child: number): void {
    const req = this.parent.a[child]
    const disk = this.diskOf.a[child]
    this.blocks.release(child)
    if (this.diskWait[disk].length > 0) this.disks[disk].submit(0, this.diskWait[disk].shift()!)
    if (--this.left.a[req] > 0) return
    const owner = this.parent.a[req]
    if (owner >= 0) {
      const [a, b] = this.lines(req)
      for (let l = a; l <= b; l++) this.touch(l)
      this.respond(req)
    } else {
      this.dirty -= this.blocks.bytes[req]
      this.blocks.release(req)
      while (this.waitingWrites.length > 0 && this.writeFits(this.waitingWrites[0])) this.cacheWrite(this.waitingWrites.shift()!)
    }
  }
}
