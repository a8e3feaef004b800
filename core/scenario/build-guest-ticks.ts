// Starts every guest's timer ticks (models/host/guest-ticks.ts): one GuestTicks per guest
// domain on a host with a hypervisor, hardware-virtualized when one of the VM's attachments
// uses a technique that runs an unmodified (HVM) guest driver.
import { GuestTicks } from '../models/host/guest-ticks'
import type { Domain } from '../models/host/domain'
import { attachmentTechnique } from '../project/resolve'
import type { World } from './world'

/** Techniques whose guests are hardware-virtualized (their exits are VM exits). */
const HVM_TECHNIQUES: ReadonlySet<string> = new Set(['emulated', 'passthrough', 'sriov', 'vpio', 'scalable-io'])

export function buildGuestTicks(w: World): void {
  const hvm = new Set<string>()
  for (const att of w.project.topology.attachments) {
    if (HVM_TECHNIQUES.has(attachmentTechnique(att, w.project.variables))) hvm.add(att.vm)
  }
  const perHost = new Map<string, number>()
  for (const n of w.project.topology.nodes) {
    if (n.kind !== 'vm' || n.host === undefined) continue
    const host = w.hosts.get(n.host)
    const doms = w.vmDomains.get(n.id)
    if (host === undefined || doms === undefined || !host.virtualized) continue
    for (const d of doms) {
      if (d.role !== 'guest') continue
      const i = perHost.get(host.id) ?? 0
      perHost.set(host.id, i + 1)
      const t = new GuestTicks(host, d, i, w.stats.counters)
      t.hvm = hvm.has(n.id)
      TICKS.set(d, t)
    }
  }
}

/** Each guest domain's timer ticks (a migrated VM's stop on its source host at the switch-over: rehome.ts). */
const TICKS = new WeakMap<Domain, GuestTicks>()

/** The timer ticks of guest domain `d` (undefined: none, e.g. on a host without a hypervisor). */
export function guestTicksOf(d: Domain): GuestTicks | undefined {
  return TICKS.get(d)
}
