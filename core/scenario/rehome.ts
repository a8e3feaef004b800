// Re-homing a migrated VM on its target host (issue 12, docs/migration.md). After a live
// migration's switch-over the guest runs on the target: its vCPUs are the target's, its network
// interface is the target's device, and the network delivers its frames there.
//
// Built before the workloads, for each migrated VM whose network interface is one attachment to
// a device on its host (a NIC or an NP-NIC), each copy of the VM gets a standby on the target:
//   - a guest domain with the VM's vCPUs, weight, cap, reservation and placement, scheduled on the
//     target's CPUs (idle until the switch-over: an idle vCPU takes no credit);
//   - an endpoint of the same technique on a device of the same kind on the target host — or, for
//     a pass-through / SR-IOV guest that failed over to a paravirtual interface before migrating
//     (migrationFailover), a paravirtual one (the failback to a VF on the target is not modelled) —
//     under the VM's own address (endpoint id: its MAC address moves with it). No switch sends that
//     address to the target's device yet, so the standby receives nothing before the switch-over.
// The workloads see a RehomedEndpoint: the source endpoint until the switch-over, the standby after.
// At the switch-over (when the VM resumes on the target) the guest's timer ticks stop on the source
// and start on the target, and every switch learns the VM's address at its port towards the target
// device — what the gratuitous ARP (Xen's netfront) or RARP (QEMU's announce) the resumed guest
// sends achieves. Frames already on their way to the source device still reach the VM through the
// source path (a real source would drop them); work queued on the source vCPUs before the
// switch-over runs there.
//
// Not re-homed (the VM keeps running where it was built, as before): a VM without a network
// interface, one with several (a bond), and a DC consumer (scalable I/O: the DC is reached through
// the Host Gateway of its host). Virtual disks stay where they were built (block I/O keeps using the
// source host's path).
import { GuestTicks } from '../models/host/guest-ticks'
import type { Domain } from '../models/host/domain'
import { str } from '../models/param-read'
import type { TechniqueId } from '../models/catalog'
import type { Endpoint, EndpointOffload } from '../models/net/endpoint'
import { isStorageKind } from '../models/storage/storage-kinds'
import { attachmentTechnique } from '../project/resolve'
import type { Experiment } from '../project/schema'
import { REHOMED_KINDS, rehomeDevice } from '../project/rehome-target'
import { ScenarioError, attachStandby, replaceEndpoint } from './build-endpoints'
import { guestTicksOf } from './build-guest-ticks'
import { params, vmSpec } from './build-hosts'
import { routeTo } from './build-network'
import type { World } from './world'

const DIRECT: ReadonlySet<string> = new Set(['passthrough', 'sriov'])

/** A VM copy's network interface as its workloads see it: the source endpoint, then (after the switch-over) the standby on the target. */
export class RehomedEndpoint implements Endpoint {
  readonly id: number
  onReceive: (pkt: number) => void = () => {}
  private cur: Endpoint

  constructor(readonly source: Endpoint, readonly standby: Endpoint) {
    this.id = source.id
    this.cur = source
    source.onReceive = (pkt) => this.onReceive(pkt)
    standby.onReceive = (pkt) => this.onReceive(pkt)
  }

  get domain(): Endpoint['domain'] {
    return this.cur.domain
  }

  get host(): Endpoint['host'] {
    return this.cur.host
  }

  get offload(): EndpointOffload | undefined {
    return this.cur.offload
  }

  /** The VM runs on the target now. */
  get moved(): boolean {
    return this.cur === this.standby
  }

  send(pkt: number, vcpu?: number): void {
    this.cur.send(pkt, vcpu)
  }

  vcpuOf(flow: number): number {
    return this.cur.vcpuOf?.(flow) ?? 0
  }

  switchOver(): void {
    this.cur = this.standby
  }
}

interface Rehoming {
  readonly vm: string
  readonly to: string
  /** The target's device the standby endpoints are on. */
  readonly device: string
  readonly copies: { readonly ep: RehomedEndpoint; readonly source: Domain; readonly standby: Domain }[]
}

const RUNS = new WeakMap<World, Map<string, Rehoming>>()

/** The network attachment a migrated VM is re-homed by, or undefined when it is not re-homed (none, several, a DC). */
export function rehomedAttachment(w: World, vm: string): World['project']['topology']['attachments'][number] | undefined {
  const kindOf = (id: string): string | undefined => w.project.topology.nodes.find((n) => n.id === id)?.kind
  const net = w.project.topology.attachments.filter((a) => a.vm === vm && !isStorageKind(kindOf(a.device)))
  return net.length === 1 && REHOMED_KINDS.has(kindOf(net[0].device) ?? '') ? net[0] : undefined
}

/** Builds the standbys of the experiment's migrated VMs (after the endpoints, before the workloads). */
export function buildRehoming(w: World, exp: Experiment): void {
  const list = exp.migrations ?? []
  if (list.length === 0) return
  const runs = new Map<string, Rehoming>()
  for (const m of list) {
    const node = w.project.topology.nodes.find((n) => n.id === m.vm)
    const doms = w.vmDomains.get(m.vm)
    const host = w.hosts.get(m.to)
    if (node === undefined || doms === undefined || host === undefined || runs.has(m.vm)) continue // buildMigrations refuses what is wrong
    const att = rehomedAttachment(w, m.vm)
    if (att === undefined) continue
    const p = params(w, node)
    let tech: TechniqueId = attachmentTechnique(att, w.project.variables)
    if (DIRECT.has(tech)) {
      if (str(p, 'migrationFailover') !== 'bond-to-paravirtual') continue // refused by buildMigrations
      tech = 'paravirtual' // the guest's bond failed over to its paravirtual interface before migrating
    }
    const kind = w.project.topology.nodes.find((n) => n.id === att.device)!.kind
    const device = rehomeDevice(w.project.topology.nodes, w.project.topology.links, kind, m.to)
    if (typeof device !== 'string') {
      throw new ScenarioError(`VM "${m.vm}" cannot run on "${m.to}" after its migration: its ${tech} interface needs a ${kind} with an Ethernet link there, and ${device.missing}`)
    }
    const copies = doms.map((source, i) => {
      const old = w.endpoints.get(`${m.vm}#${i}`)
      if (old === undefined) throw new ScenarioError(`VM "${m.vm}" has no network endpoint for copy ${i}`)
      const standby = host.addDomain(vmSpec(host, `${doms.length > 1 ? `${m.vm}[${i}]` : m.vm}@${m.to}`, p, 'guest'))
      let twin: Endpoint
      try {
        twin = attachStandby(w, m.vm, i, standby, device, tech, old.id)
      } catch (e) {
        throw new ScenarioError(`VM "${m.vm}" cannot run on "${m.to}" after its migration: ${(e as Error).message}`)
      }
      const ep = new RehomedEndpoint(old, twin)
      replaceEndpoint(w, m.vm, i, old, ep)
      return { ep, source, standby }
    })
    runs.set(m.vm, { vm: m.vm, to: m.to, device, copies })
  }
  if (runs.size > 0) RUNS.set(w, runs)
}

/** The switch-over of VM `vm` (it resumes on its target): its copies run on the standbys from now on. */
export function rehome(w: World, vm: string): void {
  const r = RUNS.get(w)?.get(vm)
  if (r === undefined) return
  const host = w.hosts.get(r.to)!
  for (const c of r.copies) {
    c.ep.switchOver()
    const ticks = guestTicksOf(c.source)
    if (ticks !== undefined) {
      ticks.stop()
      // the phase of its ticks as for a guest built there: by its place among the host's guests
      new GuestTicks(host, c.standby, host.domains.filter((d) => d.role === 'guest').indexOf(c.standby), w.stats.counters).hvm = ticks.hvm
    }
    w.endpointDevice.set(c.ep.id, r.device)
    routeTo(w, c.ep.id, r.device) // the resumed guest's gratuitous ARP
  }
}

/** The target-host domains of each re-homed VM (for its CPU: metrics-breakdown.ts). */
export function rehomedDomains(w: World): ReadonlyMap<string, readonly Domain[]> {
  const out = new Map<string, Domain[]>()
  for (const [vm, r] of RUNS.get(w) ?? []) out.set(vm, r.copies.map((c) => c.standby))
  return out
}

/** True when VM `vm` has been re-homed on its target by now. */
export function isRehomed(w: World, vm: string): boolean {
  return RUNS.get(w)?.get(vm)?.copies.every((c) => c.ep.moved) ?? false
}
