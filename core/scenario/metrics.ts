// The run's metrics (CONTRACTS.md names) from the models' counters, the CPU accounts and
// the workloads: every metric for every technique, zero where it does not apply.
import type { Metrics } from './types'
import type { Workload } from '../workloads/types'
import type { World } from './world'

const us = (ns: number): number => (Number.isFinite(ns) ? ns / 1000 : 0)

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

/** Mean utilisation of the DCs' cores (program work, not polling spins); 0 without a DC. */
function dcUtil(w: World): number {
  const dcs = [...w.devices.values()].flatMap((d) => (d.kind === 'dc' ? [d.dc] : []))
  return dcs.length === 0 ? 0 : dcs.reduce((s, d) => s + d.utilization(), 0) / dcs.length
}

export function collectMetrics(w: World, workloads: Workload[], elapsed: number): Metrics {
  for (const h of w.hosts.values()) h.sched.flush()
  const c = w.stats.counters
  const stage = w.stats.stages.meansUs()
  const pick = (...names: string[]): number => names.reduce((s, n) => s + (stage[n] ?? 0), 0)
  const exits = Object.fromEntries(Object.entries(c.vmExits).filter(([, v]) => v > 0))
  const m: Metrics = {
    rtt_median_us: 0, rtt_p25_us: 0, rtt_p75_us: 0, rtt_p99_us: 0, rtt_mean_us: 0, goodput_mbps: 0,
    cpu_util: cpuUtil(w, elapsed),
    vm_exits: Object.values(exits).reduce((a, b) => a + b, 0),
    vm_exits_by_reason: exits,
    irqs_physical: c.irqsPhysical,
    irqs_virtual: c.irqsVirtual,
    signals: c.signals,
    signals_redundant: c.signalsRedundant,
    irq_virt_us: us(c.irqVirt.mean),
    bytes_copied: c.bytesCopied,
    pci_read_bytes: c.pciReadBytes,
    pci_write_bytes: c.pciWriteBytes,
    credential_checks: c.credentialChecks,
    credential_denials: c.credentialDenials,
    io_page_faults: c.ioPageFaults,
    drops: c.drops,
    context_switches: [...w.hosts.values()].reduce((s, h) => s + h.sched.switches, 0),
    stage_us: stage,
    me_egress_us: pick('msg_recv', 'pkt_tx'),
    me_ingress_us: pick('pkt_rx', 'channel_demux', 'msg_send'),
    dc_util: dcUtil(w),
    iotlb_hits: c.iotlbHits,
    iotlb_misses: c.iotlbMisses,
    dma_checks: c.dmaChecks,
    dma_denials: c.dmaDenials,
    port_ios: c.portIos,
    device_handoffs: c.deviceHandoffs
  }
  for (const wl of workloads) {
    for (const [k, v] of Object.entries(wl.metrics(elapsed))) m[k] = typeof v === 'number' && typeof m[k] === 'number' ? (m[k] as number) + v : v
  }
  return m
}
