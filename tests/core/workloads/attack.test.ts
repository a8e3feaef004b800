// Issue 12's misbehaving guest: each protection stops its attack and each disabled one does not;
// the protection's cost moves CPU and latency the right way; availability attacks raise the
// victim's own latency (byWorkload). Built on examples/isolation-and-mobility.iovlab.json.
import { describe, expect, it } from 'vitest'
import { parseProject, type Project } from '../../../core/project/index'
import { runScenario, type Metrics } from '../../../core/scenario/index'
import { at, loadExample } from '../scenario/helpers'

const BASE = loadExample('isolation-and-mobility.iovlab.json')
type Node = Project['topology']['nodes'][number]
type Att = Project['topology']['attachments'][number]

/** One experiment "x": the victim's ping (optional) and an attack from `attacker` against `target`. */
function project(attack: Record<string, unknown>, opts: { attacker?: string; target?: string; victim?: boolean; sets?: Record<string, unknown>; ack?: boolean; honest?: boolean; duration?: string } = {}): Project {
  const p = structuredClone(at(BASE, opts.sets ?? {}))
  p.experiments = []
  const workloads: Project['experiments'][number]['workloads'] = []
  if (opts.victim !== false) workloads.push({ id: 'victim', kind: 'ping', pattern: 'n,n:1x1', clients: 'victim-vm', servers: 'echo-b', params: { probeBytes: '64B', waitMax: '200us' } })
  if (opts.honest === true) workloads.push({ id: 'honest', kind: 'io-program', clients: 'consumer-vm', params: { commands: 4, outstanding: 1 } })
  workloads.push({ id: 'attack', kind: 'attack', pattern: 'n,n:1x1', clients: opts.attacker ?? 'rogue-vm', servers: opts.target ?? 'victim-vm', params: { rate: 20000, bytes: '4KiB', ...attack } } as Project['experiments'][number]['workloads'][number])
  p.experiments.push({ id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: opts.duration ?? '50ms', warmup: '5ms', workloads, ...(opts.ack === true ? { protectionOffAcknowledged: true } : {}) } as Project['experiments'][number])
  return p
}

function run(p: Project): Metrics {
  const r = parseProject(JSON.stringify(p), 'x.iovlab.json')
  if (!r.ok) throw new Error(r.problems.map((q) => `${q.path.join('.')}: ${q.message}`).join('\n'))
  return runScenario({ project: r.project, experimentId: 'x', seed: 3 }).metrics
}

function problems(p: Project): { path: string; code: string; message: string }[] {
  const r = parseProject(JSON.stringify(p), 'x.iovlab.json')
  return r.ok ? [] : r.problems.map((q) => ({ path: q.path.join('.'), code: q.code, message: q.message }))
}

const n = (m: Metrics, k: string): number => {
  const v = m[k]
  if (typeof v !== 'number') throw new Error(`${k} is ${JSON.stringify(v)}`)
  return v
}

/** The project with node `id`'s param `key` set. */
const param = (id: string, key: string, v: unknown): Record<string, unknown> => ({ [`topology.nodes.${id}.params.${key}`]: v })

/** The rogue VM attached to its NIC by `technique` instead of pass-through. */
function rogueBy(p: Project, technique: string, device = 'nic-p'): Project {
  const q = structuredClone(p)
  const a = q.topology.attachments.find((x) => x.id === 'rogue-nic') as Att & { technique: unknown; device: string }
  a.technique = technique
  a.device = device
  return q
}

/** An NP-NIC on host A, linked to the switch, for self-virtualized attackers. */
function withNp(p: Project): Project {
  const q = structuredClone(p)
  q.topology.nodes.push({ id: 'np-a', kind: 'np-nic', name: 'np', position: { x: 0, y: 0 }, host: 'host-a', params: {} } as Node)
  q.topology.links.push({ id: 'np-a-sw', kind: 'ethernet', from: 'np-a', to: 'sw', params: {} } as Project['topology']['links'][number])
  return rogueBy(q, 'self-virtualized', 'np-a')
}

function settled(m: Metrics): { tried: number; stopped: number; succeeded: number; bytes: number } {
  return { tried: n(m, 'attacks_tried'), stopped: n(m, 'attacks_stopped'), succeeded: n(m, 'attacks_succeeded'), bytes: n(m, 'victim_bytes_corrupted') }
}

describe('rogue DMA', () => {
  it('the IOMMU stops a pass-through guest\'s rogue DMA with a page walk; without it every DMA lands', () => {
    const on = run(project({ kind: 'rogue-dma' }))
    const s = settled(on)
    expect(s.tried).toBeGreaterThan(500)
    expect(s.succeeded).toBe(0)
    expect(s.bytes).toBe(0)
    expect(s.stopped).toBeGreaterThan(0.95 * s.tried)
    expect(n(on, 'dma_denials')).toBe(s.stopped)
    expect(n(on, 'iotlb_misses')).toBeGreaterThanOrEqual(s.stopped)
    const off = run(project({ kind: 'rogue-dma' }, { sets: { 'variables.iommuEnabled': false }, ack: true }))
    const t = settled(off)
    expect(t.stopped).toBe(0)
    expect(t.succeeded).toBeGreaterThan(0.95 * t.tried)
    expect(t.bytes).toBe(4096 * t.succeeded)
    expect(n(off, 'dma_denials')).toBe(0)
  })

  it('the IOMMU\'s cost: each stopped DMA is a page walk and a fault the hypervisor handles (more hypervisor CPU with more attempts)', () => {
    const hv = (m: Metrics): number => Object.entries(m.cpu_util as Record<string, number>).filter(([k]) => /hv|hypervisor|xen/i.test(k)).reduce((a, [, v]) => a + v, 0)
    const low = run(project({ kind: 'rogue-dma', rate: 1000 }, { victim: false }))
    const high = run(project({ kind: 'rogue-dma', rate: 100000 }, { victim: false }))
    expect(n(high, 'iotlb_misses')).toBeGreaterThan(50 * n(low, 'iotlb_misses'))
    expect(hv(high)).toBeGreaterThan(hv(low))
    expect((high.stage_us as Record<string, number>)['attack_rogue-dma_check']).toBeGreaterThan(0.4)
  })

  it('VPIO validates the DMA target (a hooked exit and validation cycles); with validation off the DMA lands', () => {
    const on = settled(run(rogueBy(project({ kind: 'rogue-dma' }), 'vpio')))
    expect(on.succeeded).toBe(0)
    expect(on.stopped).toBeGreaterThan(0)
    const offM = run(rogueBy(project({ kind: 'rogue-dma' }, { sets: param('nic-p', 'vpioDmaValidation', false), ack: true }), 'vpio'))
    const off = settled(offM)
    expect(off.stopped).toBe(0)
    expect(off.succeeded).toBeGreaterThan(0)
    expect(off.bytes).toBe(4096 * off.succeeded)
    expect(n(offM, 'dma_checks')).toBe(0)
  })

  it('the Host Gateway\'s PDMA validation stops a DC consumer\'s rogue DMA; off, it lands', () => {
    const on = settled(run(project({ kind: 'rogue-dma' }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false })))
    expect(on.succeeded).toBe(0)
    expect(on.stopped).toBeGreaterThan(0)
    const off = settled(run(project({ kind: 'rogue-dma' }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false, sets: param('hg-a', 'pdmaValidation', false), ack: true })))
    expect(off.stopped).toBe(0)
    expect(off.succeeded).toBeGreaterThan(0)
  })

  it('a rogue DMA from a technique whose guest cannot program DMA is refused by validation at the client\'s path', () => {
    const probs = problems(rogueBy(project({ kind: 'rogue-dma' }), 'paravirtual', 'nic-a'))
    const q = probs.find((x) => x.code === 'technique-not-allowed' && /"rogue-dma" attack needs its attacker attached with passthrough, sriov, vpio, scalable-io; VM "rogue-vm" is attached with "paravirtual"/.test(x.message))
    expect(q?.path).toMatch(/^experiments\.0\.workloads\.1\.clients/)
  })

  it('a sweep point of another experiment that re-attaches the attacker does not refuse this experiment\'s attack (only the point\'s own experiment runs it)', () => {
    const p = project({ kind: 'rogue-dma' })
    // experiment y sweeps the attacker's attachment to paravirtual: fine for y (a ping), and x never runs that topology
    p.experiments.push({
      id: 'y', name: 'y', replications: 1, stop: {}, duration: '50ms', warmup: '5ms',
      workloads: [{ id: 'v', kind: 'ping', pattern: 'n,n:1x1', clients: 'victim-vm', servers: 'echo-b', params: {} }],
      sweep: [{ 'topology.attachments.rogue-nic.technique': ['passthrough', 'paravirtual'], 'topology.attachments.rogue-nic.device': ['nic-p', 'nic-a'] }]
    } as unknown as Project['experiments'][number])
    expect(problems(p)).toEqual([])
    // the same sweep on x itself is refused at the point
    const own = structuredClone(p)
    own.experiments[0].sweep = own.experiments[1].sweep
    expect(problems(own).some((x) => x.code === 'technique-not-allowed' && /"rogue-dma" attack needs its attacker/.test(x.message))).toBe(true)
  })
})

describe('descriptor ring tampering (004)', () => {
  it('the read-only VIF ring faults the write into the hypervisor; a writable ring lets it corrupt the victim', () => {
    const ro = run(withNp(project({ kind: 'ring-tamper' })))
    expect(settled(ro).succeeded).toBe(0)
    expect(settled(ro).stopped).toBeGreaterThan(0)
    expect((ro.vm_exits_by_reason as Record<string, number>).page_fault).toBe(settled(ro).stopped)
    const rw = settled(run(withNpWritable()))
    expect(rw.stopped).toBe(0)
    expect(rw.succeeded).toBeGreaterThan(0)
    expect(rw.bytes).toBe(4096 * rw.succeeded)
  })
})

function withNpWritable(): Project {
  const p = withNp(project({ kind: 'ring-tamper' }, { ack: true }))
  const np = p.topology.nodes.find((x) => x.id === 'np-a')!
  ;(np.params as Record<string, unknown>).vifRingReadOnly = false
  return p
}

describe('credentials against a DC (000)', () => {
  const dc = (kind: string, sets: Record<string, unknown> = {}, ack = false): Metrics =>
    run(project({ kind }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false, honest: true, sets, ack }))

  it('the HMAC stops every forged credential on the DC\'s cores; without checks a forgery runs', () => {
    const on = dc('forged-credential')
    expect(settled(on).succeeded).toBe(0)
    expect(n(on, 'credential_denials')).toBe(settled(on).stopped)
    const off = dc('forged-credential', param('dc-a', 'credentialChecks', false), true)
    expect(settled(off).stopped).toBe(0)
    expect(settled(off).succeeded).toBeGreaterThan(0)
    expect(n(off, 'credential_checks')).toBe(0)
  })

  it('a replayed, validly signed program passes the HMAC and is stopped by the program-id check; without it, it runs', () => {
    const on = dc('replayed-credential')
    expect(settled(on).succeeded).toBe(0)
    expect(settled(on).stopped).toBeGreaterThan(0)
    const off = dc('replayed-credential', param('dc-a', 'replayChecks', false), true)
    expect(settled(off).stopped).toBe(0)
    expect(settled(off).succeeded).toBeGreaterThan(0)
    // the HMAC was still checked (and passed) for every replay
    expect(n(off, 'credential_checks')).toBeGreaterThan(settled(off).succeeded)
  })

  it('the checks\' cost: with credential and replay checks off the honest consumer\'s operations are faster and the DC less busy', () => {
    const on = run(project({ kind: 'forged-credential', rate: 1 }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false, honest: true }))
    const off = run(project({ kind: 'forged-credential', rate: 1 }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false, honest: true, sets: { ...param('dc-a', 'credentialChecks', false), ...param('dc-a', 'replayChecks', false) }, ack: true }))
    expect(n(off, 'op_median_us')).toBeLessThan(n(on, 'op_median_us'))
    expect(n(off, 'ops_per_s')).toBeGreaterThan(n(on, 'ops_per_s'))
  })
})

describe('the cost of the other protections in the well-behaved path', () => {
  it('PDMA validation: an honest consumer\'s operations are faster with the Host Gateway\'s validation off', () => {
    const honest = (sets: Record<string, unknown>, ack: boolean): Metrics => run(project({ kind: 'forged-credential', rate: 1 }, { attacker: 'forger-vm', target: 'consumer-vm', victim: false, honest: true, sets, ack }))
    const on = honest({}, false)
    const off = honest(param('hg-a', 'pdmaValidation', false), true)
    expect(n(off, 'op_median_us')).toBeLessThan(n(on, 'op_median_us'))
  })

  it('VPIO DMA validation: a DMA-style (SCSI-like) driver\'s probes take less hypervisor time and RTT with validation off', () => {
    const vpio = (on: boolean): Metrics => {
      const p = at(loadExample('vpio-ne2k.iovlab.json'), {
        'variables.driverStyle': 'scsi-style', 'topology.nodes.nic-a.params.vpioDmaValidation': on, 'topology.nodes.nic-b.params.vpioDmaValidation': on,
        'experiments.exit-cost.duration': '200ms', 'experiments.exit-cost.warmup': '20ms', 'experiments.exit-cost.sweep': []
      })
      p.experiments = p.experiments.filter((e) => e.id === 'exit-cost')
      if (!on) (p.experiments[0] as { protectionOffAcknowledged?: boolean }).protectionOffAcknowledged = true
      const r = parseProject(JSON.stringify(p), 'v.iovlab.json')
      if (!r.ok) throw new Error(r.problems.map((q) => q.message).join('\n'))
      return runScenario({ project: r.project, experimentId: 'exit-cost', seed: 3 }).metrics
    }
    const on = vpio(true)
    const off = vpio(false)
    expect(n(on, 'dma_checks')).toBeGreaterThan(0)
    expect(n(off, 'dma_checks')).toBe(0)
    expect(n(off, 'rtt_median_us')).toBeLessThan(n(on, 'rtt_median_us'))
  })
})

describe('availability attacks', () => {
  it('an interrupt storm raises the victim\'s p99 (byWorkload) and counts no stopped or corrupted attempts (null, with reasons)', () => {
    const quiet = runScenario({ project: parseOk(project({ kind: 'interrupt-storm', rate: 1 }, { duration: '200ms' })), experimentId: 'x', seed: 3 })
    const storm = runScenario({ project: parseOk(project({ kind: 'interrupt-storm', rate: 200000 }, { duration: '200ms' })), experimentId: 'x', seed: 3 })
    expect(n(storm.metrics, 'byWorkload.victim.rtt_p99_us')).toBeGreaterThan(1.1 * n(quiet.metrics, 'byWorkload.victim.rtt_p99_us'))
    expect(n(storm.metrics, 'irqs_physical')).toBeGreaterThan(n(quiet.metrics, 'irqs_physical'))
    expect(storm.metrics.attacks_stopped ?? null).toBeNull()
    expect(storm.missing?.['byWorkload.attack.attacks_stopped'] ?? storm.missing?.attacks_stopped).toMatch(/availability/)
  })

  it('a doorbell flood from a paravirtual guest takes the shared driver domain from the victim; from a pass-through guest it does not', () => {
    const pv = (rate: number): Metrics => run(rogueBy(project({ kind: 'doorbell-flood', rate }, { duration: '200ms' }), 'paravirtual', 'nic-a'))
    const quiet = pv(1)
    const flood = pv(200000)
    expect(n(flood, 'byWorkload.victim.rtt_median_us')).toBeGreaterThan(n(quiet, 'byWorkload.victim.rtt_median_us'))
    const pt = run(project({ kind: 'doorbell-flood', rate: 200000 }, { duration: '200ms' }))
    expect(n(pt, 'byWorkload.victim.rtt_median_us')).toBeLessThan(n(flood, 'byWorkload.victim.rtt_median_us'))
  })
})

function parseOk(p: Project): Project {
  const r = parseProject(JSON.stringify(p), 'x.iovlab.json')
  if (!r.ok) throw new Error(r.problems.map((q) => q.message).join('\n'))
  return r.project
}

describe('device state at a VPIO handoff (002)', () => {
  it('VPIO resets a device left mid-command before the next guest gets it; without the check the state leaks', () => {
    const on = settled(run(rogueBy(project({ kind: 'device-state' }), 'vpio')))
    expect(on.succeeded).toBe(0)
    expect(on.stopped).toBeGreaterThan(0)
    const off = settled(run(rogueBy(project({ kind: 'device-state' }, { sets: param('nic-p', 'vpioHandoffCheck', false), ack: true }), 'vpio')))
    expect(off.stopped).toBe(0)
    expect(off.succeeded).toBeGreaterThan(0)
  })
})

describe('a protection turned off is never an accident', () => {
  it('each switch off is refused at its JSON path unless the experiment acknowledges it', () => {
    for (const [node, key] of [['nic-p', 'vpioDmaValidation'], ['nic-p', 'vpioHandoffCheck'], ['dc-a', 'credentialChecks'], ['dc-a', 'replayChecks'], ['hg-a', 'pdmaValidation']] as const) {
      const p = project({ kind: 'rogue-dma' }, { sets: param(node, key, false) })
      const idx = p.topology.nodes.findIndex((x) => x.id === node)
      const probs = problems(p)
      expect(probs.some((q) => q.code === 'protection-off' && q.path === `topology.nodes.${idx}.params.${key}` && /protectionOffAcknowledged/.test(q.message)), `${node}.${key}`).toBe(true)
      const acked = structuredClone(p)
      for (const e of acked.experiments) (e as { protectionOffAcknowledged?: boolean }).protectionOffAcknowledged = true
      expect(problems(acked).filter((q) => q.code === 'protection-off')).toEqual([])
    }
  })

  it('pass-through without the IOMMU is refused unless acknowledged; at a sweep point, only the point\'s experiment must acknowledge', () => {
    const p = project({ kind: 'rogue-dma' }, { sets: { 'variables.iommuEnabled': false } })
    expect(problems(p).some((q) => q.code === 'technique-not-allowed' && /protectionOffAcknowledged/.test(q.message))).toBe(true)
    // the shipped example: rogue-dma sweeps the IOMMU off and acknowledges it; the other experiments never run without it
    expect(problems(BASE)).toEqual([])
    const unacked = structuredClone(BASE)
    delete (unacked.experiments.find((e) => e.id === 'rogue-dma') as { protectionOffAcknowledged?: boolean }).protectionOffAcknowledged
    const probs = problems(unacked)
    const i = unacked.experiments.findIndex((e) => e.id === 'rogue-dma')
    expect(probs.some((q) => q.path.startsWith(`experiments.${i}.sweep.0`) && /"rogue-dma"/.test(q.message))).toBe(true)
  })
})
