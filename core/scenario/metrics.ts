// The run's metrics (CONTRACTS.md names) from the models' counters, the CPU accounts and
// the workloads. Counters are measured for every run (0 events counted is a measurement); a
// metric of a mechanism the run does not have (NP-NIC stages without an NP-NIC, DC utilisation
// without a DC) or of a workload the run does not run is absent, and one that applies but got no
// sample is null with the reason in `missing` — never 0. The counters' own mechanism metrics
// (virtual interrupt cost, microengine path time) are present where the run exercised them.
import type { Metrics, MissingReasons } from './types'
import type { Workload } from '../workloads/types'
import type { World } from './world'
import { backendMetrics } from '../models/storage/backend/metrics'
import { addBreakdowns } from './metrics-breakdown'

function cpuUtil(w: World, elapsed: number): Record<string, number> {
  const out: Record<string, number> = {}
  const hosts = [...w.hosts.values()]
  const add = (k: string, v: number): void => { out[k] = (out[k] ?? 0) + v / hosts.length }
  for (const h of hosts) {
    const a = h.accounts
    const cpus = a.busyByCpu.length
    a.busyByCpu.forEach((b, p) => {
      out[`${h.id}/cpu${p}`] = b / elapsed
      add(`cpu${p}`, b / elapsed)
    })
    let dom0 = 0, guests = 0
    a.roles.forEach((r, i) => {
      if (r === 'driver') dom0 += a.busyByAcct[i]
      else if (r === 'guest') guests += a.busyByAcct[i]
    })
    add('dom0', dom0 / elapsed / cpus)
    add('guests', guests / elapsed / cpus)
    add('hypervisor', a.busyByAcct[0] / elapsed / cpus)
  }
  return out
}

/** Mean utilisation of the DCs' cores (program work, not polling spins); undefined without a DC. */
function dcUtil(w: World): number | undefined {
  const dcs = [...w.devices.values()].flatMap((d) => (d.kind === 'dc' ? [d.dc] : []))
  return dcs.length === 0 ? undefined : dcs.reduce((s, d) => s + d.utilization(), 0) / dcs.length
}

export interface CollectedMetrics {
  readonly metrics: Metrics
  /** Why each null metric has none. */
  readonly missing: MissingReasons
}

export function collectMetrics(w: World, workloads: Workload[], elapsed: number): CollectedMetrics {
  for (const h of w.hosts.values()) h.sched.flush()
  const c = w.stats.counters
  const stage = w.stats.stages.meansUs()
  const exits = Object.fromEntries(Object.entries(c.vmExits).filter(([, v]) => v > 0))
  const m: Metrics = {
    cpu_util: cpuUtil(w, elapsed),
    vm_exits: Object.values(exits).reduce((a, b) => a + b, 0),
    vm_exits_by_reason: exits,
    irqs_physical: c.irqsPhysical,
    irqs_virtual: c.irqsVirtual,
    signals: c.signals,
    signals_redundant: c.signalsRedundant,
    bytes_copied: c.bytesCopied,
    pci_read_bytes: c.pciReadBytes,
    pci_write_bytes: c.pciWriteBytes,
    credential_checks: c.credentialChecks,
    credential_denials: c.credentialDenials,
    io_page_faults: c.ioPageFaults,
    drops: c.drops,
    context_switches: [...w.hosts.values()].reduce((s, h) => s + h.sched.switches, 0),
    stage_us: stage,
    iotlb_hits: c.iotlbHits,
    iotlb_misses: c.iotlbMisses,
    dma_checks: c.dmaChecks,
    dma_denials: c.dmaDenials,
    port_ios: c.portIos,
    device_handoffs: c.deviceHandoffs
  }
  const missing: MissingReasons = {}
  // The mean cost of a virtual interrupt, where the run delivered any (native and pass-through
  // paths without virtual interrupts have none: the metric is absent for them).
  if (c.irqVirt.count > 0) m.irq_virt_us = c.irqVirt.mean / 1000
  // Microengine path time, for runs whose traffic crossed an NP-NIC in that direction (absent for
  // the others: an NP-NIC the workload does not use has no path time to report).
  const path = (key: string, names: string[]): void => {
    const seen = names.filter((n) => stage[n] !== undefined)
    if (seen.length > 0) m[key] = seen.reduce((s, n) => s + stage[n], 0)
  }
  path('me_egress_us', ['msg_recv', 'pkt_tx'])
  path('me_ingress_us', ['pkt_rx', 'channel_demux', 'msg_send'])
  const dc = dcUtil(w)
  if (dc !== undefined) m.dc_util = dc
  // Virtual-disk back ends: writes at risk, writes lost at the crash, cache hit ratio (absent without a back end).
  const bk = backendMetrics(w.shared, w.sim.now)
  Object.assign(m, bk.metrics)
  Object.assign(missing, bk.missing)
  // The workloads' metrics; one named by several workloads is their sum (null only when none measured it).
  const reasons = new Map<string, string[]>()
  for (const wl of workloads) {
    const r = wl.metrics(elapsed)
    for (const [k, v] of Object.entries(r.values)) {
      const had = m[k]
      if (v === null) {
        if (had === undefined || had === null) {
          m[k] = null
          reasons.set(k, [...(reasons.get(k) ?? []), r.missing[k] ?? 'no sample'])
        }
      } else if (typeof v === 'number' && typeof had === 'number') m[k] = had + v
      else {
        m[k] = v
        reasons.delete(k)
      }
    }
  }
  for (const [k, list] of reasons) missing[k] = [...new Set(list)].join('; ')
  // Per workload and per VM (byWorkload.<id>.<metric>, byVm.<id>.<metric>), beside the totals above.
  addBreakdowns(w, workloads, elapsed, m, missing)
  return { metrics: m, missing }
}

