// Hardware profiles in runs: every profile builds and runs (host and NIC), and a profile moves
// outputs the way its hardware says — a newer CPU spends less host CPU per transferred bit on the
// paravirtual path, a 100 Mb/s NIC bounds goodput at 100 Mb/s, and an explicit value on the host
// beats its profile's.
import { describe, expect, it } from 'vitest'
import { HOST_PROFILE_IDS } from '../../../core/models/host/profiles'
import type { Project } from '../../../core/project/index'
import { at, loadExample, num, run } from './helpers'

const SHOOTOUT = loadExample('technique-shootout.iovlab.json')

/** The shoot-out's paravirtual stream between one guest pair, short, both hosts on `profile`, their own CPU settings removed. */
function pv(profile: string, sets: Record<string, unknown> = {}): Project {
  const p = structuredClone(at(SHOOTOUT, { 'variables.nicTechnique': 'paravirtual', 'variables.variant': 'paravirtual' }))
  for (const n of p.topology.nodes) if (n.kind === 'host') n.params = { profile, iommuEnabled: true }
  p.experiments = [{
    id: 'p', name: 'p', replications: 1, stop: {}, sweep: [], duration: '20ms', warmup: '5ms',
    workloads: [{ id: 's', kind: 'stream', pattern: 'n,n:1x1', clients: 'nic-guests-a', servers: 'nic-guests-b', params: {} }]
  }]
  return at(p, sets)
}

const cpuA = (m: ReturnType<typeof run>): number => Object.entries(m.cpu_util as Record<string, number>)
  .filter(([k]) => k.startsWith('host-a/cpu')).reduce((s, [, v]) => s + v, 0)

describe('hardware profiles in runs', () => {
  const results = new Map<string, ReturnType<typeof run>>()
  const get = (id: string): ReturnType<typeof run> => {
    let m = results.get(id)
    if (!m) results.set(id, (m = run(pv(id), 'p')))
    return m
  }

  it.each(HOST_PROFILE_IDS)('%s runs a paravirtual stream with goodput', (id) => {
    expect(num(get(id), 'goodput_mbps')).toBeGreaterThan(0)
  }, 120_000)

  it('a newer CPU spends less of host A\'s CPU per Mb/s (clock × cycles per unit of work)', () => {
    const per = (id: string): number => cpuA(get(id)) / num(get(id), 'goodput_mbps')
    expect(per('piii-733-2001')).toBeGreaterThan(per('xeon-2006-ixp2400'))
    expect(per('xeon-2006-ixp2400')).toBeGreaterThan(per('nehalem-2010'))
  }, 120_000)

  it('the 2001 PC\'s 100 Mb/s NIC bounds goodput below 100 Mb/s; the 2006 testbed\'s gigabit NIC does not', () => {
    expect(num(get('piii-733-2001'), 'goodput_mbps')).toBeLessThan(100)
    expect(num(get('xeon-2006-ixp2400'), 'goodput_mbps')).toBeGreaterThan(100)
  }, 120_000)

  it('a value written on the host beats its profile: a 2001 PC clocked at 2.8 GHz spends less CPU per Mb/s', () => {
    const fast = run(pv('piii-733-2001', { 'topology.nodes.host-a.params.clock': '2.8GHz', 'topology.nodes.host-b.params.clock': '2.8GHz' }), 'p')
    const slow = get('piii-733-2001')
    expect(cpuA(fast) / num(fast, 'goodput_mbps')).toBeLessThan(cpuA(slow) / num(slow, 'goodput_mbps'))
  }, 120_000)
})
