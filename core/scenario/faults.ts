// An experiment's fault schedule (issue 12, docs/faults.md) applied to the built world, and what
// it measures. Each fault is an event at its `at` (from the run's start, warm-up included) and,
// with `until`, another at its end:
//   link-down / link-up   both directions of an Ethernet link drop every frame that finishes its
//                          serialization while the link is down (models/link/wire.ts); the devices
//                          at its ends lose their carrier, which a bond's MII monitor sees.
//   device-fail / -repair a NIC stops serving: every link of it is down (its frames in flight and
//                          all it would send or receive are lost); its carrier is lost.
//   dc-fail               a DC stops: its cores and device queue make no progress (their servers
//                          run at a negligible speed, so work in service and queued waits, none is
//                          lost) and its Ethernet links are down; with `until` it resumes.
//   packet-loss           each frame on the link (both directions) is dropped with probability
//                          `lossRate`, drawn from the seeded stream "fault/<link>/<direction>".
// Storage (docs/faults.md "Storage"): a link down also loses the storage-array messages that finish
// their serialization on it (the initiator's command timer fails them; dm-multipath fails the path
// and retries on another: core/models/storage/array/multipath.ts); device-fail / device-repair of a
// disk, ssd, nvme or storage array stops / restarts the device (core/models/storage/device-base.ts:
// commands hang until the OS's command timeout, then the device goes offline and they fail).
// `io_errors`: block requests the guests saw fail in the measured period.
// TCP (the stream workload) recovers lost segments by its retransmission timeout; ping, RPC
// and I/O programs lose the request in flight unless given a probeTimeout / requestTimeout, with
// which they give it up (ping) or retransmit it (rpc, io-program; docs/faults.md).
//
// `outage_ms` (per workload, and the run's largest): the longest stretch of the measured period in
// which the workload completed no work (Workload.progress: bytes delivered in order, probes
// answered, requests or operations completed), seen by sampling every workload's progress every
// OUTAGE_TICK_NS from the end of warm-up to the run's end — so it is exact to that resolution, and
// a workload that never stalls reports one tick or less. Without a fault schedule it is null.
import type { Wire } from '../models/link/wire'
import { BondEndpoint } from '../models/net/bond'
import { durationNs } from '../project/resolve'
import type { Experiment } from '../project/schema'
import type { Workload } from '../workloads/types'
import { ScenarioError } from './build-endpoints'
import { STORAGE_HOPS, WIRES } from './build-storage'
import type { ArrayHop } from '../models/storage/array/array-model'
import { BlockDeviceBase } from '../models/storage/device-base'
import { workloadInfo } from './build-workloads'
import { breakdownMetric } from './metrics-breakdown'
import type { Metrics, MissingReasons } from './types'
import type { World } from './world'

/** Resolution of outage_ms: workloads' progress is sampled this often (ns) in runs with faults. */
export const OUTAGE_TICK_NS = 100_000
/** A stopped DC's servers run at this speed (work per ns): nothing completes within any run. */
const STOPPED_SPEED = 1e-12

type Fault = NonNullable<Experiment['faults']>[number]

/** The reason outage_ms and the fault metrics are null in a run without faults. */
export const NO_FAULT_REASON = 'no fault was scheduled (set the experiment\'s "faults")'

export class FaultRun {
  private readonly faults: readonly Fault[]
  private readonly wiresOf = new Map<string, Wire[]>()
  private readonly linksOf = new Map<string, string[]>()
  private readonly downCount = new Map<Wire, number>()
  private readonly bondsOf = new Map<string, { bond: BondEndpoint; index: number }[]>()
  private readonly bonds: BondEndpoint[] = []
  private readonly allWires: Wire[] = []
  /** Storage-array hops of each link (both directions), and how many faults hold each down. */
  private readonly hopsOf = new Map<string, ArrayHop[]>()
  private readonly hopDown = new Map<ArrayHop, number>()
  /** Block requests completed with an error to a guest (all, and at the end of warm-up). */
  private ioErrors = 0
  private ioErrorsAtReset = 0
  private readonly hasStorage: boolean
  private readonly watched: { id: string; wl: Workload; last: number; since: number; longest: number }[] = []
  private readonly tickId: number
  private dropsAtReset = 0
  private failoversAtReset = 0
  private measuring = false

  constructor(private readonly w: World, exp: Experiment, private readonly workloads: readonly Workload[]) {
    this.faults = exp.faults ?? []
    for (const link of w.project.topology.links) {
      if (link.kind !== 'ethernet') continue
      const wires = [link.from, link.to].flatMap((end) => {
        const wire = w.shared.find(WIRES, `${link.id}/${end}`)
        return wire === undefined ? [] : [wire]
      })
      this.wiresOf.set(link.id, wires)
      this.allWires.push(...wires)
      const hops = w.shared.find(STORAGE_HOPS, link.id)
      if (hops !== undefined) this.hopsOf.set(link.id, hops)
      for (const end of [link.from, link.to]) this.linksOf.set(end, [...(this.linksOf.get(end) ?? []), link.id])
    }
    for (const ep of new Set(w.endpoints.values())) {
      if (!(ep instanceof BondEndpoint)) continue
      this.bonds.push(ep)
      ep.members.forEach((m, index) => {
        const dev = w.endpointDevice.get(m.id)
        if (dev !== undefined) this.bondsOf.set(dev, [...(this.bondsOf.get(dev) ?? []), { bond: ep, index }])
      })
    }
    // a block request a guest sees fail (a failed device, no path left with noPathRetry "fail", a RAID with no member left)
    this.hasStorage = this.faults.length > 0 && w.blockPorts.size > 0
    if (this.hasStorage) {
      for (const port of w.blockPorts.values()) {
        const inner = port.onComplete
        port.onComplete = ((req: number, ok: boolean, ...rest: unknown[]) => {
          if (!ok) this.ioErrors++
          ;(inner as (...a: unknown[]) => void)(req, ok, ...rest)
        }) as typeof port.onComplete
      }
    }
    const id = w.sim.register((arg) => this.apply(arg >> 1, (arg & 1) === 1), 'faults')
    this.faults.forEach((f, i) => {
      this.wiresFor(f) // refuses a target the run cannot fault before anything runs
      w.sim.schedule(durationNs(f.at), id, i * 2)
      if (f.until !== undefined) w.sim.schedule(durationNs(f.until), id, i * 2 + 1)
    })
    this.tickId = w.sim.register(() => this.tick(), 'faults/outage')
  }

  /** End of warm-up: measure from now (drops, failovers, outages). */
  startMeasuring(): void {
    this.dropsAtReset = this.allWires.reduce((s, x) => s + x.faultDrops, 0)
    this.failoversAtReset = this.bonds.reduce((s, b) => s + b.failovers, 0)
    this.ioErrorsAtReset = this.ioErrors
    if (this.faults.length === 0 || this.measuring) return
    this.measuring = true
    const now = this.w.sim.now
    for (const wl of this.workloads) {
      const info = workloadInfo(wl)
      if (info === undefined || wl.progress === undefined) continue
      this.watched.push({ id: info.id, wl, last: wl.progress(), since: now, longest: 0 })
    }
    if (this.watched.length > 0) this.w.sim.schedule(OUTAGE_TICK_NS, this.tickId, 0)
  }

  private tick(): void {
    this.sampleProgress()
    this.w.sim.schedule(OUTAGE_TICK_NS, this.tickId, 0)
  }

  private sampleProgress(): void {
    const now = this.w.sim.now
    for (const x of this.watched) {
      const p = x.wl.progress!()
      if (p !== x.last) {
        x.last = p
        x.since = now
      } else x.longest = Math.max(x.longest, now - x.since)
    }
  }

  /**
   * Refuses, before anything runs, a fault the run cannot apply: a storage device that is not
   * built, packet loss on a link only storage messages cross (iSCSI's TCP retransmission is not
   * modelled), a link with neither network frames nor storage messages.
   */
  private wiresFor(f: Fault): void {
    if ((f.kind === 'device-fail' || f.kind === 'device-repair') && this.w.blockDevices.has(f.target)) return
    const links = f.kind === 'link-down' || f.kind === 'link-up' || f.kind === 'packet-loss' ? [f.target] : (this.linksOf.get(f.target) ?? [])
    for (const l of links) {
      const wires = this.wiresOf.get(l) ?? []
      if (wires.length > 0) continue
      if (f.kind === 'packet-loss' && this.hopsOf.has(l)) throw new ScenarioError(`fault packet-loss of "${f.target}": link "${l}" carries only storage-array messages, whose loss and TCP retransmission are not modelled; take the link down instead`)
      if (!this.hopsOf.has(l) && links.length === 1) throw new ScenarioError(`fault ${f.kind} of "${f.target}": link "${l}" carries neither Ethernet frames nor storage messages in this run`)
    }
  }

  /** A disk, ssd, nvme or storage array of the run, or undefined. */
  private storageDevice(id: string): BlockDeviceBase | undefined {
    const d = this.w.blockDevices.get(id)
    return d instanceof BlockDeviceBase ? d : undefined
  }

  private apply(i: number, ending: boolean): void {
    const f = this.faults[i]
    switch (f.kind) {
      case 'link-down': return this.setDown([f.target], ending ? -1 : 1)
      case 'link-up': return this.setDown([f.target], -1)
      case 'device-fail': case 'device-repair': {
        const dev = this.storageDevice(f.target)
        if (dev !== undefined) return f.kind === 'device-fail' && !ending ? dev.fail() : dev.repair()
        return this.setDown(this.linksOf.get(f.target) ?? [], f.kind === 'device-fail' && !ending ? 1 : -1)
      }
      case 'dc-fail': {
        const dev = this.w.devices.get(f.target)
        if (dev?.kind === 'dc') {
          for (const srv of [dev.dc.cores, dev.dc.device]) for (let s = 0; s < srv.servers; s++) srv.setSpeed(s, ending ? 1 : STOPPED_SPEED)
        }
        return this.setDown(this.linksOf.get(f.target) ?? [], ending ? -1 : 1)
      }
      case 'packet-loss': {
        const wires = this.wiresOf.get(f.target) ?? []
        wires.forEach((wire, k) => {
          wire.lossRate = ending ? 0 : (f.lossRate ?? 0)
          if (wire.lossDraw === undefined) {
            const rng = this.w.rng.stream(`fault/${f.target}/${k}`)
            wire.lossDraw = () => rng.uniform()
          }
        })
      }
    }
  }

  /** Takes `links` down (delta +1) or brings them back (−1), and tells the bonds whose members' carrier changed. */
  private setDown(links: readonly string[], delta: number): void {
    const ends = new Set<string>()
    for (const l of links) {
      for (const wire of this.wiresOf.get(l) ?? []) {
        const n = Math.max(0, (this.downCount.get(wire) ?? 0) + delta)
        this.downCount.set(wire, n)
        wire.down = n > 0
      }
      for (const hop of this.hopsOf.get(l) ?? []) {
        const n = Math.max(0, (this.hopDown.get(hop) ?? 0) + delta)
        this.hopDown.set(hop, n)
        hop.down = n > 0
      }
      const link = this.w.project.topology.links.find((x) => x.id === l)
      if (link !== undefined) ends.add(link.from).add(link.to)
    }
    for (const dev of ends) {
      const bonds = this.bondsOf.get(dev)
      if (bonds === undefined) continue
      const up = (this.linksOf.get(dev) ?? []).every((l) => (this.wiresOf.get(l) ?? []).every((x) => !x.down))
      for (const { bond, index } of bonds) bond.carrierChanged(index, up)
    }
  }

  /** The run's fault metrics: outage_ms (largest over workloads, and per workload), fault_drops, bond_failovers. */
  addMetrics(m: Metrics, missing: MissingReasons): void {
    if (this.faults.length === 0) {
      m.outage_ms = null
      missing.outage_ms = NO_FAULT_REASON
      return
    }
    this.sampleProgress()
    m.fault_drops = this.allWires.reduce((s, x) => s + x.faultDrops, 0) - this.dropsAtReset
    if (this.bonds.length > 0) m.bond_failovers = this.bonds.reduce((s, b) => s + b.failovers, 0) - this.failoversAtReset
    if (this.hasStorage) m.io_errors = this.ioErrors - this.ioErrorsAtReset
    if (this.watched.length === 0) {
      m.outage_ms = null
      missing.outage_ms = 'no workload of the experiment reports its progress (ping, stream, rpc, io-program and block workloads do)'
      return
    }
    let worst = 0
    for (const x of this.watched) {
      const ms = x.longest / 1e6
      m[breakdownMetric('byWorkload', x.id, 'outage_ms')] = ms
      worst = Math.max(worst, ms)
    }
    m.outage_ms = worst
  }
}
