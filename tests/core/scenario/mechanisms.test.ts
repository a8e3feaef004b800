// Mechanism tests: change one resource and the effect it must have appears; no
// technique's latency is a constant; runs are deterministic; memory stays flat.
import { describe, expect, it } from 'vitest'
import { modelledTechniques } from '../../../core/techniques/registry'
import { buildWorld, runScenario } from '../../../core/scenario/index'
import { at, loadExample, num, run, variant } from './helpers'

const BASE = loadExample('raj2006-np-nic.iovlab.json')
const LAT = { 'experiments.latency-vs-guests.duration': '3s', 'experiments.latency-vs-guests.warmup': '100ms' }
const TPUT = { 'experiments.throughput-vs-guests.duration': '600ms', 'experiments.throughput-vs-guests.warmup': '200ms' }
const IRQ = { 'experiments.irq-cost-vs-vifs.duration': '3s', 'experiments.irq-cost-vs-vifs.warmup': '100ms' }

const lat = (sets: Record<string, unknown>): ReturnType<typeof run> => run(at(BASE, { ...LAT, ...sets }), 'latency-vs-guests')
const tput = (sets: Record<string, unknown>): ReturnType<typeof run> => run(at(BASE, { ...TPUT, ...sets }), 'throughput-vs-guests')
const cpu = (m: ReturnType<typeof run>, k: string): number => (m.cpu_util as Record<string, number>)[k]

describe('a second driver-domain vCPU', () => {
  const up = tput(variant('throughput-vs-guests', 'iperf', 'driver-domain-up'))
  const smp = tput(variant('throughput-vs-guests', 'iperf', 'driver-domain-smp'))

  it('puts netback on the second first-hyperthread (CPU 1 works only with SMP)', () => {
    expect(cpu(up, 'cpu1')).toBeLessThan(0.01)
    expect(cpu(smp, 'cpu1')).toBeGreaterThan(0.05)
  })

  it('overlaps the driver copy with netback: more throughput', () => {
    expect(num(smp, 'goodput_mbps')).toBeGreaterThan(num(up, 'goodput_mbps') * 1.03)
  })

  it('hands each packet across vCPUs: more latency', () => {
    const l = (v: 'driver-domain-up' | 'driver-domain-smp'): number => num(lat(variant('latency-vs-guests', 'ping', v)), 'rtt_median_us')
    expect(l('driver-domain-smp')).toBeGreaterThan(l('driver-domain-up'))
  })
})

describe('the PCI path', () => {
  it('a faster NP → host write path raises self-virtualized goodput until the sending guest\'s CPU becomes the bottleneck', () => {
    const slowRun = tput({})
    const fastRun = tput({ 'topology.nodes.np-a.params.npPciWriteBandwidth': '1Gbps', 'topology.nodes.np-b.params.npPciWriteBandwidth': '1Gbps' })
    expect(num(fastRun, 'goodput_mbps')).toBeGreaterThan(num(slowRun, 'goodput_mbps') * 1.05)
    expect(cpu(fastRun, 'host-a/cpu2')).toBeGreaterThan(0.95) // the client guest's hyperthread is now saturated
    // NP-bound, the guest's CPU has slack (it also takes an IPI per wake-up from the interrupt CPU, issue 10)
    expect(cpu(slowRun, 'host-a/cpu2')).toBeLessThan(cpu(fastRun, 'host-a/cpu2') - 0.02)
  })

  it('a slower host → NP write path makes each message send longer', () => {
    const send = (bw: string): number => (tput({ 'topology.nodes.host-a.params.pciWriteBandwidth': bw }).stage_us as Record<string, number>).host_msg_send
    expect(send('300Mbps')).toBeGreaterThan(send('1.2Gbps') * 2)
  })

  it('a slower PCI read (the identifier register) makes interrupt virtualization dearer', () => {
    const irq = (ns: number): number => num(run(at(BASE, { ...IRQ, 'topology.nodes.host-a.params.pciReadLatency': ns,
      'topology.nodes.host-b.params.pciReadLatency': ns }), 'irq-cost-vs-vifs'), 'irq_virt_us')
    expect(irq(3000) - irq(700)).toBeGreaterThan(2)
  })
})

describe('identifier bits', () => {
  const redundant = (bits: number): number => num(run(at(BASE, { ...IRQ, 'variables.guests': 32, 'variables.bits': bits }), 'irq-cost-vs-vifs'), 'signals_redundant')

  it('more identifier bits mean fewer redundant signals, none once every VIF has its own', () => {
    const r = [4, 8, 16, 32].map(redundant)
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeLessThan(r[i - 1])
    expect(r[3]).toBe(0)
  })
})

/** Sweep settings that make a technique the one under test on the 004 topology. */
function useTechnique(t: string): Record<string, unknown> {
  if (t === 'self-virtualized') return variant('latency-vs-guests', 'ping', 'self-virtualized')
  if (t === 'paravirtual') return variant('latency-vs-guests', 'ping', 'driver-domain-up')
  if (t === 'native') return variant('latency-vs-guests', 'ping', 'dom0')
  throw new Error(`add a topology for technique "${t}" to this test (its latency must be shown not to be a constant)`)
}

/** Techniques on the 004 topology; the others are covered on technique-shootout (tests/core/techniques/constant-latency.test.ts, which checks that every registered technique is covered by one of the two). */
const ON_004_TOPOLOGY = ['self-virtualized', 'paravirtual', 'native']
const ON_004 = modelledTechniques().filter((t) => ON_004_TOPOLOGY.includes(t))

describe('no technique has a constant latency', () => {
  it.each(ON_004)('%s: RTT moves with the CPU clock and with the wire speed', (t) => {
    const base = num(lat(useTechnique(t)), 'rtt_median_us')
    const slowCpu = num(lat({ ...useTechnique(t), 'topology.nodes.host-a.params.clock': '1.4GHz', 'topology.nodes.host-b.params.clock': '1.4GHz' }), 'rtt_median_us')
    const slowWire = num(lat({ ...useTechnique(t), 'topology.links.a-sw.params.bandwidth': '10Mbps', 'topology.links.b-sw.params.bandwidth': '10Mbps' }), 'rtt_median_us')
    expect(slowCpu).toBeGreaterThan(base * 1.3)
    expect(slowWire).toBeGreaterThan(base + 100)
  })

  it.each(ON_004)('%s: RTT moves with the interrupt delivery latency', (t) => {
    const plain = num(lat(useTechnique(t)), 'rtt_median_us')
    const slowIrq = num(lat({ ...useTechnique(t), 'topology.nodes.host-a.params.irqLatency': '5us', 'topology.nodes.host-b.params.irqLatency': '5us' }), 'rtt_median_us')
    expect(slowIrq).toBeGreaterThan(plain + 10)
  })
})

describe('runs', () => {
  it('are deterministic: the same seed gives identical metrics, another seed different ones', () => {
    const p = at(BASE, LAT)
    const a = runScenario({ project: p, experimentId: 'latency-vs-guests', seed: 7 }).metrics
    const b = runScenario({ project: p, experimentId: 'latency-vs-guests', seed: 7 }).metrics
    const c = runScenario({ project: p, experimentId: 'latency-vs-guests', seed: 8 }).metrics
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c))
  })

  it('keep memory flat as simulated time grows (packet pool and queues bounded by windows)', () => {
    const { world, workloads } = buildWorld({ project: at(BASE, { 'variables.guests': 4 }), experimentId: 'throughput-vs-guests', seed: 1 })
    for (const w of workloads) w.start()
    world.sim.run({ until: 300e6 })
    const size = world.pool.bytes.length, live = world.pool.live
    world.sim.run({ until: 1500e6 })
    expect(world.pool.bytes.length).toBe(size)
    expect(world.pool.live).toBeLessThanOrEqual(live * 1.5 + 64)
  })

  it('stop with a ScenarioLimitError past the event limit', () => {
    expect(() => runScenario({ project: at(BASE, TPUT), experimentId: 'throughput-vs-guests', seed: 1, limits: { maxEvents: 10_000 } }))
      .toThrow(/10000 events/)
  })
})
