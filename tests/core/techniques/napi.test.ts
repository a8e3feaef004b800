// Mechanism tests of the shared NAPI receive loop (core/techniques/common/napi.ts): bare metal's
// native driver and a device-assigned guest's driver poll their ring the same way, so they
// differ only in what virtualization adds (exits, interrupt routing and injection, the IOMMU).
// Runs the Gordon 2012 example (Nehalem hosts, 82599 NIC with GRO on) shortened.
import { describe, expect, it } from 'vitest'
import { at, loadExample, num, run } from '../scenario/helpers'

type Metrics = ReturnType<typeof run>
const GORDON = loadExample('literature/gordon2012-eli.iovlab.json')
const SHORT = { 'experiments.netperf.duration': '60ms', 'experiments.netperf.warmup': '30ms' }
const DA = {
  'variables.variant': 'device-assignment', 'variables.technique': 'passthrough', 'variables.virtualizedB': true,
  'experiments.netperf.workloads.iperf.servers': 'guests-b'
}
const hostB = (k: string): string => `topology.nodes.host-b.params.${k}`
const nicB = (k: string): string => `topology.nodes.nic-b.params.${k}`

function netperf(extra: Record<string, unknown> = {}): Metrics {
  return run(at(GORDON, { ...SHORT, ...extra }), 'netperf')
}

const irqs = (m: Metrics): number => num(m, 'irqs_physical')
function cpuB(m: Metrics): number {
  const u = m.cpu_util as Record<string, number>
  return Object.keys(u).filter((k) => k.startsWith('host-b/cpu')).reduce((s, k) => s + u[k], 0)
}

describe('one NAPI loop for bare metal and device assignment', () => {
  it('bare metal with GRO takes interrupts under load (a poll under budget re-enables the interrupt)', () => {
    const m = netperf()
    expect(num(m, 'goodput_mbps')).toBeGreaterThan(1000)
    expect(irqs(m)).toBeGreaterThan(1000)
  })

  it('without virtualization costs a device-assigned guest receives like bare metal (posted interrupts, no exits\' indirect cost, no ticks: only the IOMMU\'s translations remain)', () => {
    const none = { [hostB('interruptDelivery')]: 'posted', [hostB('vmExitIndirectCycles')]: 0, [hostB('guestTimerHz')]: 0 }
    for (const gro of [true, false]) {
      const bare = netperf({ ...none, [nicB('lroEnabled')]: gro }), da = netperf({ ...DA, ...none, [nicB('lroEnabled')]: gro })
      const r = num(da, 'goodput_mbps') / num(bare, 'goodput_mbps')
      expect(r).toBeGreaterThan(0.97)
      expect(r).toBeLessThan(1.03)
      expect(irqs(da) / irqs(bare)).toBeGreaterThan(0.8)
      expect(irqs(da) / irqs(bare)).toBeLessThan(1.25)
    }
  })

  it('exits cost the device-assigned guest CPU per byte that exitless delivery gives back; it never beats bare metal', () => {
    const bare = netperf(), da = netperf(DA), eli = netperf({ ...DA, [hostB('interruptDelivery')]: 'eli' })
    const per = (m: Metrics): number => cpuB(m) / num(m, 'goodput_mbps')
    expect(per(da)).toBeGreaterThan(per(eli))
    expect(num(da, 'goodput_mbps')).toBeLessThanOrEqual(num(bare, 'goodput_mbps') * 1.005)
    expect(num(eli, 'goodput_mbps')).toBeLessThanOrEqual(num(bare, 'goodput_mbps') * 1.005)
  })

  it('GRO lowers the receiver\'s CPU per byte on bare metal and in the guest alike', () => {
    const per = (m: Metrics): number => cpuB(m) / num(m, 'goodput_mbps')
    for (const v of [{}, DA]) {
      const on = netperf(v), off = netperf({ ...v, [nicB('lroEnabled')]: false })
      expect(per(on)).toBeLessThan(per(off) * 0.8)
    }
  })
})
