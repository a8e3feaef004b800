// `iovlab catalog --profiles` through a real child process: every host and NIC profile with each
// value, its source and what it rests on; `--json` as a stable document (also the `profiles`
// section of `iovlab catalog --json`); --profiles with --kind is one line and exit 2.
import { tmpdir } from 'node:os'
import { beforeAll, describe, expect, it } from 'vitest'
import { HOST_PROFILES } from '../../../core/models/host/profiles'
import { NIC_PROFILES } from '../../../core/models/nic/profiles'
import { ensureCliBuilt, iovlab } from './build'

const cwd = tmpdir()
interface JsonValue { key: string; value: unknown; valueText: string; catalogDefault: unknown; sourceKind: string; source: string }
interface JsonProfiles { default: string; hosts: { id: string; nic: string; cycleScale: { factor: number } | null; values: JsonValue[] }[]; nics: { id: string; values: JsonValue[] }[] }

beforeAll(() => { ensureCliBuilt() }, 180_000)

describe('iovlab catalog --profiles', () => {
  it('lists every host and NIC profile with its values, sources and what they rest on', () => {
    const r = iovlab(['catalog', '--profiles'], cwd)
    expect(r.code, r.stderr).toBe(0)
    for (const p of HOST_PROFILES) expect(r.stdout).toContain(`host profile ${p.id} (${p.label}): `)
    for (const p of NIC_PROFILES) expect(r.stdout).toContain(`nic profile ${p.id} (${p.label}): `)
    expect(r.stdout).toMatch(/\n {2}clock = 733MHz \(catalog 2\.8GHz\); measured\n {6}source: Sugerman et al\., USENIX ATC 2001/)
    expect(r.stdout).toMatch(/host profile xeon-2006-ixp2400 [^\n]*\n {2}NIC profile: gige-2006\n {2}every value is the catalog default/)
    expect(r.stdout).toMatch(/\n {2}vmExitCycles = 600 cycles \(catalog 1000 cycles\); assumption\n {6}source: assumption: [^\n]+\n {6}range: 400 cycles – 1500 cycles/)
  })

  it('--json is a stable document with every value in canonical units, the same as the catalog document\'s profiles section', () => {
    const a = iovlab(['catalog', '--profiles', '--json'], cwd), b = iovlab(['catalog', '--profiles', '--json'], cwd)
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const doc = JSON.parse(a.stdout) as JsonProfiles & { format: string }
    expect(doc.format).toBe('iovlab-profiles')
    expect(doc.default).toBe('xeon-2006-ixp2400')
    expect(doc.hosts.map((h) => h.id)).toEqual(HOST_PROFILES.map((p) => p.id))
    const nehalem = doc.hosts.find((h) => h.id === 'nehalem-2010')!
    expect(nehalem.nic).toBe('82576-2009')
    expect(nehalem.cycleScale?.factor).toBe(0.45)
    expect(nehalem.values.find((v) => v.key === 'pciBusBandwidth')).toMatchObject({ value: 32e9, valueText: '32Gbps', sourceKind: 'measured', catalogDefault: 4.264e9 })
    expect(doc.nics.find((n) => n.id === '82599-2009')!.values.find((v) => v.key === 'vfCount')).toMatchObject({ value: 63, sourceKind: 'measured' })
    const catalog = JSON.parse(iovlab(['catalog', '--json'], cwd).stdout) as { profiles: JsonProfiles }
    const { format: _f, engine: _e, ...rest } = doc as unknown as Record<string, unknown>
    expect(catalog.profiles).toEqual(rest)
  })

  it('does not combine with --kind: one line, exit 2', () => {
    const r = iovlab(['catalog', '--profiles', '--kind', 'host'], cwd)
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/--profiles .* does not combine with --kind/)
  })
})
