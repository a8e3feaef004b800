// Hardware profiles: every value sourced and within its parameter's bounds; the default
// profile is exactly the catalog defaults; effective value = written > profile > catalog
// default (hosts, NICs inheriting their host's NIC profile or naming their own, cycles scaled
// by the host's CPU generation); an unknown profile is one problem at its JSON path; sensitivity
// and uncertainty read the effective value and the profile's range.
import { describe, expect, it } from 'vitest'
import { paramSpec, defaultParams, CATALOG } from '../../../core/models/catalog'
import { DEFAULT_HOST_PROFILE, HOST_PROFILES, HOST_PROFILE_IDS, hostProfile } from '../../../core/models/host/profiles'
import { NIC_PROFILES, NIC_PROFILE_IDS, nicProfile } from '../../../core/models/nic/profiles'
import { checkParamValue, formatPath, nodeParams, parseProject, profileEnv, type Project } from '../../../core/project/index'
import { resolveTarget } from '../../../core/experiment/param-targets'
import { uncertainParams } from '../../../core/experiment/uncertainty'
import { at, loadExample } from '../scenario/helpers'

const SHOOTOUT = loadExample('technique-shootout.iovlab.json')

function node(p: Project, id: string): Project['topology']['nodes'][number] {
  const n = p.topology.nodes.find((x) => x.id === id)
  if (!n) throw new Error(`no node ${id}`)
  return n
}
const params = (p: Project, id: string): Record<string, unknown> => nodeParams(node(p, id), profileEnv(p.topology.nodes, p.variables))
/** The shoot-out with host-a's own clock/CPU settings removed (so the profile decides) and `sets` applied. */
function bare(sets: Record<string, unknown> = {}): Project {
  const p = structuredClone(SHOOTOUT)
  node(p, 'host-a').params = { iommuEnabled: true }
  return at(p, sets)
}

describe('the profiles', () => {
  it('list the ids the catalog offers, each once, with the default among them', () => {
    expect(HOST_PROFILES.map((p) => p.id)).toEqual([...HOST_PROFILE_IDS])
    expect([...NIC_PROFILES.map((p) => p.id)].sort()).toEqual([...NIC_PROFILE_IDS].sort())
    expect(paramSpec('host', 'profile')!.options).toEqual([...HOST_PROFILE_IDS])
    expect(paramSpec('host', 'profile')!.default).toBe(DEFAULT_HOST_PROFILE)
    expect(paramSpec('nic', 'profile')!.options).toEqual(['host', ...NIC_PROFILE_IDS])
    for (const h of HOST_PROFILES) expect(nicProfile(h.nic), `${h.id}'s NIC profile`).toBeDefined()
  })

  const values = [
    ...HOST_PROFILES.flatMap((p) => Object.entries(p.values).map(([k, v]) => [`${p.id}.${k}`, 'host', k, v] as const)),
    ...NIC_PROFILES.flatMap((p) => Object.entries(p.values).map(([k, v]) => [`${p.id}.${k}`, 'nic', k, v] as const))
  ]
  it.each(values)('%s is a valid, sourced value of a catalog parameter', (_name, kind, key, v) => {
    const spec = paramSpec(kind, key)
    expect(spec, `${kind} has a parameter "${key}"`).toBeDefined()
    expect(checkParamValue(spec!, v!.value)).toEqual({ ok: true, value: v!.value })
    expect(['measured', 'assumption']).toContain(v!.sourceKind)
    if (v!.sourceKind === 'assumption') expect(v!.source).toMatch(/^assumption: \S.{14,}/)
    else expect(v!.source).not.toMatch(/^assumption/)
    if (v!.range) {
      expect(v!.range.lo).toBeLessThanOrEqual(v!.value as number)
      expect(v!.range.hi).toBeGreaterThanOrEqual(v!.value as number)
      expect(v!.range.lo).toBeGreaterThanOrEqual(spec!.min ?? -Infinity)
      expect(v!.range.hi).toBeLessThanOrEqual(spec!.max ?? Infinity)
    }
  })

  it('every cycleScale is sourced and inside its range', () => {
    for (const p of HOST_PROFILES) {
      if (!p.cycleScale) continue
      expect(p.cycleScale.source.length).toBeGreaterThan(30)
      if (p.cycleScale.range) {
        expect(p.cycleScale.range.lo).toBeLessThanOrEqual(p.cycleScale.factor)
        expect(p.cycleScale.range.hi).toBeGreaterThanOrEqual(p.cycleScale.factor)
      }
    }
  })
})

describe('resolution: written > profile > catalog default', () => {
  it('the default profile reproduces the catalog defaults exactly, named or not', () => {
    const p = bare()
    const named = bare({ 'topology.nodes.host-a.params.profile': DEFAULT_HOST_PROFILE })
    expect(params(p, 'host-a')).toEqual({ ...defaultParams('host'), iommuEnabled: true })
    expect(params(named, 'host-a')).toEqual({ ...defaultParams('host'), iommuEnabled: true })
    expect(params(named, 'nic-a')).toEqual({ ...defaultParams('nic'), sriovEnabled: true })
    expect(hostProfile(DEFAULT_HOST_PROFILE)!.values).toEqual({})
    expect(hostProfile(DEFAULT_HOST_PROFILE)!.cycleScale).toBeUndefined()
  })

  it('a host takes its profile\'s values where it writes none, and its own where it does', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'nehalem-2010', 'topology.nodes.host-a.params.vmExitCycles': 900 })
    const h = params(p, 'host-a')
    expect(h.clock).toBe(2.93e9)
    expect(h.logicalCpus).toBe(16)
    expect(h.pciBusBandwidth).toBe(32e9)
    expect(h.vmExitCycles).toBe(900) // written beats the profile's 600
    expect(h.iommuEnabled).toBe(true)
    expect(h.virtualized).toBe(defaultParams('host').virtualized) // not a hardware value: the catalog's
    // the other host is untouched
    expect(params(p, 'host-b').clock).toBe(2.8e9)
  })

  it('cycle counts the profile does not set are the catalog\'s Netburst cycles × its cycleScale, on the host and its NICs', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'nehalem-2010' })
    const f = hostProfile('nehalem-2010')!.cycleScale!.factor
    expect(params(p, 'host-a').netbackSkbCycles).toBe(Math.round((defaultParams('host').netbackSkbCycles as number) * f))
    expect(params(p, 'host-a').tcpSendCycles).toBe(Math.round((defaultParams('host').tcpSendCycles as number) * f))
    expect(params(p, 'nic-a').driverRxCycles).toBe(Math.round((defaultParams('nic').driverRxCycles as number) * f))
    // a cycles parameter written on the node is taken as written
    const w = at(p, { 'topology.nodes.host-a.params.tcpSendCycles': 1234 })
    expect(params(w, 'host-a').tcpSendCycles).toBe(1234)
    // VMs and NP-NICs are not scaled: their cycles are not the host's CPU work in the profile's sense
    expect(params(p, 'np-a')).toEqual(defaultParams('np-nic'))
  })

  it('a NIC inherits its host\'s NIC profile, may name its own, and its own parameters win', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'sandybridge-2012' })
    expect(params(p, 'nic-a').lineRate).toBe(10e9) // 82599 from the host's profile
    expect(params(p, 'nic-a').vfCount).toBe(63)
    expect(params(p, 'nic-b').lineRate).toBe(1e9) // host-b: the default profile
    const own = at(p, { 'topology.nodes.nic-a.params.profile': 'e810-100g-2020' })
    expect(params(own, 'nic-a').lineRate).toBe(100e9)
    expect(params(own, 'nic-a').vfCount).toBe(256)
    const written = at(own, { 'topology.nodes.nic-a.params.lineRate': '25Gbps' })
    expect(params(written, 'nic-a').lineRate).toBe(25e9)
  })

  it('a profile given through a variable follows the variable', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': { var: 'hw' } })
    p.variables.hw = 'piii-733-2001'
    expect(params(p, 'host-a').clock).toBe(733e6)
    expect(params(p, 'nic-a').lineRate).toBe(100e6)
  })
})

describe('validation', () => {
  const text = (p: Project): string => JSON.stringify(p)
  it('an unknown profile is one problem at its JSON path, naming the profiles', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'pentium-9' })
    const r = parseProject(text(p), 't.iovlab.json')
    expect(r.ok).toBe(false)
    if (r.ok) return
    const at0 = p.topology.nodes.findIndex((n) => n.id === 'host-a')
    const mine = r.problems.filter((x) => formatPath(x.path).includes('profile'))
    expect(mine).toHaveLength(1)
    expect(formatPath(mine[0].path)).toBe(`$.topology.nodes[${at0}].params.profile`)
    expect(mine[0].message).toMatch(/"profile" expected one of "piii-733-2001", .*"current-server", found the string "pentium-9"/)
  })

  it('an unknown NIC profile is one problem too', () => {
    const r = parseProject(text(bare({ 'topology.nodes.nic-a.params.profile': 'nehalem-2010' })), 't.iovlab.json')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((x) => x.message).join('\n')).toMatch(/node "nic-a" \(nic\): "profile" expected one of "host", "fast-ethernet-2001"/)
  })

  it('overrides on a profiled host are still checked against the parameter\'s bounds', () => {
    const r = parseProject(text(bare({ 'topology.nodes.host-a.params.profile': 'current-server', 'topology.nodes.host-a.params.logicalCpus': 0 })), 't.iovlab.json')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((x) => x.message).join('\n')).toMatch(/"logicalCpus" must be at least 1, found 0/)
  })

  it('SR-IOV budgets count the VFs the NIC\'s profile offers', () => {
    const base = at(bare({ 'variables.guests': 12, 'variables.nicTechnique': 'sriov' }), {})
    const vfProblems = (q: Project): string[] => {
      const r = parseProject(text(q), 't.iovlab.json')
      return r.ok ? [] : r.problems.map((x) => x.message).filter((m) => /virtual functions/.test(m))
    }
    expect(vfProblems(base).length).toBeGreaterThan(0) // 12 guests, the catalog NIC's 8 VFs
    expect(vfProblems(base).join('\n')).toMatch(/but has 8\b/)
    const p = at(base, { 'topology.nodes.host-a.params.profile': 'sandybridge-2012', 'topology.nodes.host-b.params.profile': 'sandybridge-2012' })
    expect(vfProblems(p)).toEqual([]) // the 82599's 63 VFs
  })
})

describe('sensitivity and uncertainty read the effective value', () => {
  const path = 'topology.nodes.host-a.params.vmExitCycles'
  it('a parameter\'s base value and range are the profile\'s', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'nehalem-2010' })
    const t = resolveTarget(p, path)
    expect(t.ok && t.target.base).toBe(600)
    expect(t.ok && t.target.range).toEqual(hostProfile('nehalem-2010')!.values.vmExitCycles!.range)
    expect(t.ok && t.target.source).toMatch(/^profile nehalem-2010: assumption/)
    const d = resolveTarget(bare(), path)
    expect(d.ok && d.target.base).toBe(CATALOG.host.params.find((x) => x.key === 'vmExitCycles')!.default)
  })

  it('the uncertainty sampler samples around the profile value: its range, a scaled catalog range for scaled cycles, nothing for measured values', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'nehalem-2010' })
    const e = p.experiments[0]
    const found = uncertainParams(p, e).params
    const of = (key: string): { lo: number; hi: number } | undefined => found.find((x) => x.path === `topology.nodes.host-a.params.${key}`)
    expect(of('vmExitCycles')).toMatchObject({ lo: 400, hi: 1500 })
    const f = hostProfile('nehalem-2010')!.cycleScale!.factor
    const net = paramSpec('host', 'netbackSkbCycles')!.range!
    expect(of('netbackSkbCycles')).toMatchObject({ lo: Math.round(net.lo * f), hi: Math.round(net.hi * f) })
    expect(of('clock')).toBeUndefined()
    // the default profile: the catalog's ranges, as before
    const d = uncertainParams(bare(), bare().experiments[0]).params
    expect(d.find((x) => x.path === `topology.nodes.host-a.params.vmExitCycles`)).toMatchObject({ lo: 500, hi: 2000 })
    // every sampled value range contains its nominal (effective) value
    for (const u of found.filter((x) => x.path.startsWith('topology.nodes.host-a.'))) {
      const t = resolveTarget(p, u.path)
      expect(t.ok, u.path).toBe(true)
      if (t.ok) { expect(u.lo, u.path).toBeLessThanOrEqual(t.target.base); expect(u.hi, u.path).toBeGreaterThanOrEqual(t.target.base) }
    }
  })

  it('a swept profile leaves the profile values unsampled, with the reason', () => {
    const p = bare({ 'topology.nodes.host-a.params.profile': 'nehalem-2010' })
    const e = { ...p.experiments[0], sweep: [{ 'topology.nodes.host-a.params.profile': ['nehalem-2010', 'sandybridge-2012'] }] }
    const r = uncertainParams(p, e)
    expect(r.params.find((x) => x.path === path)).toBeUndefined()
    expect(r.skipped.find((x) => x.path === path)?.reason).toMatch(/hardware profile is swept/)
  })
})
