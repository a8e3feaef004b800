// Pre-copy live migration (issue 12; Clark et al., NSDI 2005, as Xen implements it in
// xc_domain_save.c). Each entry of an experiment's `migrations` migrates one VM node at `at` (a
// node standing for several identical guests sends their memories together, as one image):
//   1. (pass-through / SR-IOV with migrationFailover = bond-to-paravirtual) the guest's bond fails
//      over to a paravirtual interface: the guest's vCPUs are held for failoverOutage (its traffic
//      stalls), then pre-copy starts;
//   2. round 0 sends every page; round k sends the pages dirtied during round k−1. The guest
//      dirties pages at `dirtyRate` (page writes/s) plus the pages its received packets and disk
//      reads write (counted from the run's traffic into the VM); the writes land in its writable
//      working set, so a round of w writes dirties WWS·(1 − e^(−w/WWS)) distinct pages;
//   3. each round is rate limited (Clark §5.1): round 0 at migrationMinRate, later rounds at the
//      previous round's dirtying rate + migrationRateIncrement; pre-copy stops when that rate would
//      exceed migrationMaxRate, or (Xen) after migrationMaxRounds rounds, a round that sent fewer than
//      migrationStopPages pages, or more than migrationMaxFactor × memory sent;
//   4. stop-and-copy: the VM pauses (its vCPUs are held, so its workloads stall), the last dirty
//      pages and the device state are sent at migrationMaxRate, then the VM resumes. The downtime
//      is from the pause to the last byte's arrival.
// Pages go out in frames of the link's MTU on the link's real transmitter (shared FIFO with the
// workloads' frames, so their throughput drops and their latency rises during migration), each
// frame after the source driver domain spent migrationCyclesPerPage per page on it; the target
// driver domain spends as much per page received. At the switch-over the VM resumes on the target
// host (rehome.ts: its vCPUs and network interface there, the switches re-learn its address); not
// modelled (docs/migration.md): re-homing a bonded VM, a DC consumer or a virtual disk's path, and
// the failback to a VF on the target.
import { num, str } from '../models/param-read'
import type { VmParamKey } from '../models/vm/params'
import type { KindParams } from '../models/param-read'
import type { Wire } from '../models/link/wire'
import { BlockOp } from '../models/storage/block'
import { isStorageKind } from '../models/storage/storage-kinds'
import { durationNs } from '../project/resolve'
import type { Experiment, Migration } from '../project/schema'
import { params } from './build-hosts'
import { ScenarioError } from './build-endpoints'
import { WIRES } from './build-storage'
import { rehome } from './rehome'
import type { Metrics, MissingReasons } from './types'
import type { World } from './world'
import type { Domain } from '../models/host/domain'

const PAGE = 4096

/** One migration's outcome, for the metrics. */
export interface MigrationOutcome {
  readonly vm: string
  startNs: number
  /** Set when the VM resumed on the target. */
  endNs: number | undefined
  downtimeNs: number | undefined
  failoverNs: number
  bytes: number
  rounds: number
}

/** The migrations of a run, once built. */
export interface MigrationsOfRun {
  readonly outcomes: readonly MigrationOutcome[]
}

const RUNS = new WeakMap<World, MigrationsOfRun>()

/** The link a migration leaves the source host on: the given one, or the Ethernet link of a network device of the VM. */
export function migrationLink(w: World, m: Migration): { wire: Wire; linkId: string } {
  const links = w.project.topology.links
  const nodeOf = (id: string): { host?: string } | undefined => w.project.topology.nodes.find((n) => n.id === id)
  const srcHost = nodeOf(m.vm)?.host
  const candidates = m.link !== undefined
    ? links.filter((l) => l.id === m.link)
    : links.filter((l) => l.kind === 'ethernet' && w.project.topology.attachments.some((a) => a.vm === m.vm && (a.device === l.from || a.device === l.to)))
  for (const l of candidates) {
    // the direction that leaves the source host: from the end placed on it
    const [a] = nodeOf(l.from)?.host === srcHost ? [l.from] : nodeOf(l.to)?.host === srcHost ? [l.to] : [l.from]
    const wire = w.shared.find(WIRES, `${l.id}/${a}`)
    if (wire !== undefined) return { wire, linkId: l.id }
  }
  throw new ScenarioError(`migration of VM "${m.vm}": no Ethernet link to carry it${m.link !== undefined ? ` ("${m.link}" is not a built Ethernet link)` : ' (name one with "link")'}`)
}

class PreCopy {
  readonly out: MigrationOutcome
  private readonly p: KindParams<VmParamKey>
  private readonly doms: readonly Domain[]
  private readonly srcDom: Domain
  private readonly dstDom: Domain
  private readonly wire: Wire
  private readonly framePayload: number
  private readonly pagesPerFrame: number
  private readonly cpuNsPerPage: number
  private readonly dstNsPerPage: number
  private readonly memPages: number
  private readonly wwsPages: number
  private readonly writesPerNs: number
  /** Page writes from I/O into the VM (received packets, disk reads) since the last look. */
  ioPages = 0
  // the round in progress
  private toSend = 0
  private roundRateBps = 0
  private roundStart = 0
  private roundSent = 0
  private totalSentPages = 0
  private nextAllowed = 0
  private inflight = 0
  private preparing = false
  private timerPending = false
  private readonly window: number
  private stopCopy = false
  private pauseStart = 0
  private pausedUntil = 0
  private readonly frameHandler: number
  private readonly arriveHandler: number
  private readonly sim: World['sim']

  constructor(private readonly w: World, m: Migration, wire: Wire, doms: readonly Domain[], failover: boolean) {
    this.sim = w.sim
    const node = w.project.topology.nodes.find((n) => n.id === m.vm)!
    this.p = params(w, node)
    this.doms = doms
    const src = node.host!
    this.srcDom = w.driverDomains.get(src)!
    const dst = w.driverDomains.get(m.to)
    if (dst === undefined) throw new ScenarioError(`migration of VM "${m.vm}": "${m.to}" is not a host`)
    this.dstDom = dst
    this.wire = wire
    this.framePayload = Math.max(PAGE, Math.floor(wire.spec.mtu / PAGE) * PAGE)
    this.pagesPerFrame = this.framePayload / PAGE
    this.cpuNsPerPage = w.hosts.get(src)!.cyc(num(this.p, 'migrationCyclesPerPage'))
    this.dstNsPerPage = w.hosts.get(m.to)!.cyc(num(this.p, 'migrationCyclesPerPage'))
    // each copy of the VM is its own guest: their memories are sent back to back as one image
    this.window = num(this.p, 'migrationWindow')
    this.memPages = Math.ceil(num(this.p, 'memorySize') / PAGE) * doms.length
    this.wwsPages = Math.min(this.memPages, Math.ceil(num(this.p, 'writableWorkingSet') / PAGE) * doms.length)
    this.writesPerNs = (num(this.p, 'dirtyRate') / 8 / PAGE / 1e9) * doms.length
    this.out = { vm: m.vm, startNs: durationNs(m.at), endNs: undefined, downtimeNs: undefined, failoverNs: 0, bytes: 0, rounds: 0 }
    this.frameHandler = w.sim.register(() => { this.timerPending = false; this.pump() }, `migrate/${m.vm}/frame`)
    this.arriveHandler = w.sim.register((pages) => this.dstDom.run(0, pages * this.dstNsPerPage, undefined, 0), `migrate/${m.vm}/arrive`)
    w.sim.after(this.out.startNs, () => {
      if (!failover) return this.startRound(this.memPages, num(this.p, 'migrationMinRate'))
      const outage = num(this.p, 'failoverOutage')
      this.out.failoverNs = outage
      this.hold(outage)
      w.sim.after(outage, () => this.startRound(this.memPages, num(this.p, 'migrationMinRate')))
    })
  }

  /** Holds every vCPU of the VM's copies for `ns` (a pause: their queued work waits). */
  private hold(ns: number): void {
    const d = Math.ceil(ns)
    if (d <= 0) return
    this.pausedUntil = Math.max(this.pausedUntil, this.sim.now + d)
    for (const dom of this.doms) for (let i = 0; i < dom.vcpus.length; i++) dom.runHv(i, d, undefined, 0)
  }

  private startRound(pages: number, rateBps: number): void {
    this.out.rounds++
    this.toSend = pages
    this.roundSent = 0
    this.roundRateBps = rateBps
    this.roundStart = this.sim.now
    this.ioPages = 0
    this.nextAllowed = this.sim.now
    this.pump()
  }

  /**
   * Starts the next frame when the round has pages left, the connection's window has room and
   * the round's rate allows it: the source driver domain prepares its pages, then it queues on
   * the link's transmitter behind whatever the workloads queued there.
   */
  private pump(): void {
    if (this.preparing || this.timerPending) return
    if (this.toSend <= 0) {
      if (this.inflight === 0) this.endRound()
      return
    }
    const pages = Math.min(this.pagesPerFrame, this.toSend)
    if (this.inflight > 0 && this.inflight + pages * PAGE > this.window) return
    if (this.sim.now < this.nextAllowed) {
      this.timerPending = true
      this.sim.schedule(this.nextAllowed - this.sim.now, this.frameHandler, 0)
      return
    }
    this.toSend -= pages
    this.roundSent += pages
    this.preparing = true
    this.nextAllowed = Math.max(this.sim.now, this.nextAllowed) + Math.ceil((pages * PAGE * 8 * 1e9) / this.roundRateBps)
    this.srcDom.run(0, pages * this.cpuNsPerPage, this.prepared, pages)
  }

  private readonly prepared = (pages: number): void => {
    this.preparing = false
    const bytes = pages * PAGE
    const wireBytes = bytes + Math.ceil(bytes / this.wire.spec.mtu) * this.wire.spec.overheadBytes
    this.out.bytes += bytes
    this.inflight += bytes
    this.wire.bytesSent += wireBytes
    this.wire.tx.submit((wireBytes * 8 * 1e9) / this.wire.spec.rateBps, this.serialized, pages)
    this.pump()
  }

  private readonly serialized = (pages: number): void => {
    this.inflight -= pages * PAGE
    this.sim.schedule(Math.ceil(this.wire.spec.propagationNs), this.arriveHandler, pages)
    this.pump()
  }

  private endRound(): void {
    const now = this.sim.now
    if (this.stopCopy) {
      // the last pages and the device state have been serialized: they arrive after propagation
      const end = now + Math.ceil(this.wire.spec.propagationNs)
      this.out.endNs = end
      this.out.downtimeNs = end - this.pauseStart
      if (end > this.pausedUntil) this.hold(end - this.pausedUntil)
      this.sim.after(end - now, () => rehome(this.w, this.out.vm)) // the VM resumes on the target (rehome.ts)
      return
    }
    const elapsed = Math.max(1, now - this.roundStart)
    this.totalSentPages += this.roundSent
    const writes = this.writesPerNs * elapsed + this.ioPages
    const dirty = Math.min(this.memPages, Math.round(this.wwsPages * (1 - Math.exp(-writes / this.wwsPages))))
    const dirtyBps = (dirty * PAGE * 8 * 1e9) / elapsed
    const nextRate = dirtyBps + num(this.p, 'migrationRateIncrement')
    const maxRate = num(this.p, 'migrationMaxRate')
    const last = this.out.rounds >= num(this.p, 'migrationMaxRounds') || this.roundSent < num(this.p, 'migrationStopPages') ||
      this.totalSentPages > this.memPages * num(this.p, 'migrationMaxFactor') || nextRate > maxRate
    if (!last) return this.startRound(dirty, nextRate)
    // stop-and-copy: pause, send the dirty pages and the device state at the maximum rate
    this.stopCopy = true
    this.pauseStart = now
    const stateBytes = num(this.p, 'deviceStateBytes') * this.doms.length
    const statePages = Math.ceil(stateBytes / PAGE)
    const planned = ((dirty + statePages) * PAGE * 8 * 1e9) / maxRate
    this.hold(planned)
    this.startRound(dirty + statePages, maxRate)
  }
}

/** Builds the experiment's migrations (call after the workloads set their receive handlers). */
export function buildMigrations(w: World, exp: Experiment): void {
  const list = exp.migrations ?? []
  if (list.length === 0) return
  const outcomes: MigrationOutcome[] = []
  for (const m of list) {
    const doms = w.vmDomains.get(m.vm)
    if (doms === undefined || doms.length === 0) throw new ScenarioError(`migration: "${m.vm}" is not a VM`)
    const node = w.project.topology.nodes.find((n) => n.id === m.vm)!
    const failover = str(params(w, node), 'migrationFailover') === 'bond-to-paravirtual'
    const direct = usesDirectDevice(w, m.vm)
    if (direct && !failover) throw new ScenarioError(`VM "${m.vm}" cannot migrate: ${DIRECT_REFUSAL}`)
    const { wire } = migrationLink(w, m)
    const run = new PreCopy(w, m, wire, doms, direct)
    outcomes.push(run.out)
    // I/O dirtying: every packet received and every disk read completed writes guest memory
    for (let copy = 0; copy < doms.length; copy++) {
      const ep = w.endpoints.get(`${m.vm}#${copy}`)
      if (ep !== undefined) {
        const inner = ep.onReceive
        ep.onReceive = (pkt) => { run.ioPages += Math.ceil(w.pool.bytes[pkt] / PAGE); inner(pkt) }
      }
      const port = w.blockPorts.get(`${m.vm}#${copy}`)
      if (port !== undefined) {
        const inner = port.onComplete
        port.onComplete = ((req: number, ...rest: unknown[]) => {
          if (w.blocks.op[req] === BlockOp.Read) run.ioPages += Math.ceil(w.blocks.bytes[req] / PAGE)
          ;(inner as (...a: unknown[]) => void)(req, ...rest)
        }) as typeof port.onComplete
      }
    }
  }
  RUNS.set(w, { outcomes })
}

/** Why a pass-through or SR-IOV guest cannot migrate (validation and the run say the same). */
export const DIRECT_REFUSAL = 'its NIC is pass-through or an SR-IOV VF, whose state lives in the device and whose DMA targets the source host\'s memory; the hypervisor can neither copy nor re-create it on the target (seed 001). Give the VM "migrationFailover": "bond-to-paravirtual" (its bond fails over to a paravirtual interface first, with an outage) or attach it paravirtual or emulated'

/** True when a network attachment of the VM is pass-through or SR-IOV (the ones that need a failover). */
export function usesDirectDevice(w: World, vm: string): boolean {
  const vars = w.project.variables
  return w.project.topology.attachments.some((a) => {
    if (a.vm !== vm || isStorageKind(w.project.topology.nodes.find((n) => n.id === a.device)?.kind)) return false
    const t = typeof a.technique === 'string' ? a.technique : vars[a.technique.var]
    return t === 'passthrough' || t === 'sriov'
  })
}

/** migration_* metrics: absent without migrations; null with the reason for one that did not finish in the run. */
export function migrationMetrics(w: World, runEndNs: number): { metrics: Metrics; missing: MissingReasons } {
  const run = RUNS.get(w)
  if (run === undefined) return { metrics: {}, missing: {} }
  const done = run.outcomes.filter((o) => o.endNs !== undefined)
  const metrics: Metrics = {}
  const missing: MissingReasons = {}
  const names = ['migration_total_ms', 'migration_downtime_ms', 'migration_bytes', 'migration_rounds'] as const
  if (done.length === 0) {
    const o = run.outcomes[0]
    const why = o.startNs >= runEndNs
      ? `the migration of "${o.vm}" starts at ${o.startNs / 1e6} ms, after the run's end (${runEndNs / 1e6} ms)`
      : `the migration of "${o.vm}" had not finished by the run's end (${runEndNs / 1e6} ms; ${o.rounds} round(s), ${Math.round(o.bytes / 1e6)} MB sent): make the run longer or start it earlier`
    for (const n of names) { metrics[n] = null; missing[n] = why }
    return { metrics, missing }
  }
  // several migrations: totals of the finished ones (bytes, rounds), the longest total time and downtime
  metrics.migration_total_ms = Math.max(...done.map((o) => (o.endNs! - o.startNs) / 1e6))
  metrics.migration_downtime_ms = Math.max(...done.map((o) => o.downtimeNs! / 1e6))
  metrics.migration_bytes = done.reduce((s, o) => s + o.bytes, 0)
  metrics.migration_rounds = done.reduce((s, o) => s + o.rounds, 0)
  const fo = done.filter((o) => o.failoverNs > 0)
  if (fo.length > 0) metrics.migration_failover_ms = Math.max(...fo.map((o) => o.failoverNs / 1e6))
  return { metrics, missing }
}
