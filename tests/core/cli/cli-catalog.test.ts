// `iovlab catalog` through a real child process: every kind's parameters with unit, default,
// bounds, sourceKind and source; `--kind` filters, an unknown kind is one line and exit 2;
// `--json` is a stable document whose counts agree with the catalog.
import { tmpdir } from 'node:os'
import { beforeAll, describe, expect, it } from 'vitest'
import { CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER, TECHNIQUES, type ParamSpec } from '../../../core/models/catalog'
import { COMMON_WORKLOAD_PARAMS, WORKLOAD_KINDS, WORKLOAD_KIND_IDS } from '../../../core/models/workload-kinds'
import { ensureCliBuilt, iovlab } from './build'
import { VDISK_PARAMS } from '../../../core/models/storage/vdisk/params'

const ALL: ParamSpec[] = [...KINDS.flatMap((k) => CATALOG[k].params), ...LINK_KIND_ORDER.flatMap((k) => LINK_KINDS[k].params)]
const WORKLOAD_ALL: ParamSpec[] = WORKLOAD_KIND_IDS.flatMap((k) => [...WORKLOAD_KINDS[k].params, ...COMMON_WORKLOAD_PARAMS])
const count = (ps: readonly ParamSpec[], k: string): number => ps.filter((p) => p.sourceKind === k).length
const countLine = (ps: readonly ParamSpec[]): string =>
  `${ps.length} parameters: ${count(ps, 'measured')} measured, ${count(ps, 'assumption')} assumption, ${count(ps, 'calibrated')} calibrated`
const cwd = tmpdir()

interface JsonParam { key: string; unit: string; default: unknown; defaultText: string; min: number | null; max: number | null; sourceKind: string; source: string; range: { lo: number; hi: number; why: string } | null }
interface JsonDoc { format: string; counts: Record<string, number>; kinds: { type: string; kind: string; params: JsonParam[] }[] }

beforeAll(() => { ensureCliBuilt() }, 180_000)

describe('iovlab catalog', () => {
  it('lists a workload kind\'s parameters with units and sources (--kind stream), counted apart from the topology\'s', () => {
    const r = iovlab(['catalog', '--kind', 'stream'], cwd)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^workload stream \(Stream \(iperf\)\): /)
    expect(r.stdout).toMatch(/\n {2}window — TCP window \(size, B\): default 65535B/)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`workloads: ${countLine([...WORKLOAD_KINDS.stream.params, ...COMMON_WORKLOAD_PARAMS])}`)
  })

  it('lists every component kind, link kind and technique, each parameter with its default, bounds, sourceKind and source, and ends with the count', () => {
    const r = iovlab(['catalog'], cwd)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.at(-3)).toBe(`components and links: ${countLine(ALL)}`)
    expect(lines.at(-2)).toBe(`virtual disks: ${countLine(VDISK_PARAMS)}`)
    expect(lines.at(-1)).toBe(`workloads: ${countLine(WORKLOAD_ALL)}`)
    expect(r.stdout).toContain('virtual disk (attachment params): ')
    for (const k of KINDS) expect(r.stdout).toContain(`\n${k} (${CATALOG[k].label}): `.slice(k === 'host' ? 1 : 0))
    for (const k of LINK_KIND_ORDER) expect(r.stdout).toContain(`link ${k} (${LINK_KINDS[k].label}): `)
    for (const t of TECHNIQUES) expect(r.stdout).toContain(`technique ${t.id} (${t.label}): `)
    for (const w of WORKLOAD_KIND_IDS) expect(r.stdout).toContain(`workload ${w} (${WORKLOAD_KINDS[w].label}): `)
    const paramLines = lines.filter((l) => /^ {2}[a-z][A-Za-z0-9]* — /.test(l))
    expect(paramLines).toHaveLength(ALL.length + VDISK_PARAMS.length + WORKLOAD_ALL.length)
    for (const l of paramLines) expect(l).toMatch(/: default \S.*; (measured|assumption|calibrated)(, descriptive)?$/)
    expect(lines.filter((l) => l.startsWith('      source: '))).toHaveLength(ALL.length + VDISK_PARAMS.length + WORKLOAD_ALL.length)
    expect(lines.filter((l) => l.startsWith('      range: '))).toHaveLength([...ALL, ...VDISK_PARAMS, ...WORKLOAD_ALL].filter((p) => p.range).length)
  })

  it('--kind np-nic lists only the NP-NIC, with its calibrated write path in its unit', () => {
    const r = iovlab(['catalog', '--kind', 'np-nic'], cwd)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith('np-nic (NP-NIC): ')).toBe(true)
    expect(r.stdout).not.toMatch(/^host \(/m)
    expect(r.stdout).toMatch(/^ {2}npPciWriteBandwidth — .*\(bandwidth, bit\/s\): default 500Mbps, bounds \[1kbps, 10Tbps\]; calibrated$/m)
    expect(r.stdout).toMatch(/^ {6}source: calibrated from 004 §1 .*500 Mbps × 1448 \/ 1518 = 476\.9 Mbps/m)
    expect(r.stdout).toMatch(/^ {6}range: 450Mbps – 550Mbps \(/m)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`components and links: ${countLine(CATALOG['np-nic'].params)}`)
  })

  it('--kind takes link kinds and techniques too', () => {
    const link = iovlab(['catalog', '--kind', 'ethernet'], cwd)
    expect(link.code).toBe(0)
    expect(link.stdout).toMatch(/^ {2}mtu — MTU \(size, B\): default 1500B, /m)
    expect(link.stdout.trimEnd().split('\n').at(-1)).toBe(`components and links: ${countLine(LINK_KINDS.ethernet.params)}`)
    const tech = iovlab(['catalog', '--kind', 'self-virtualized'], cwd)
    expect(tech.code).toBe(0)
    expect(tech.stdout).toContain('technique self-virtualized (Self-virtualized (NP-NIC VIFs)): ')
    expect(tech.stdout.trimEnd().split('\n').at(-1)).toBe('components and links: 0 parameters: 0 measured, 0 assumption, 0 calibrated')
  })

  it('an unknown kind is one clear line on stderr and exit 2', () => {
    const r = iovlab(['catalog', '--kind', 'np_nic'], cwd)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^iovlab catalog: unknown kind "np_nic"; component kinds: host, vm, nic, np-nic, .*; link kinds: ethernet, .*; techniques: native, /)
  })

  it('rejects stray arguments and explains itself with --help', () => {
    const stray = iovlab(['catalog', 'host'], cwd)
    expect(stray.code).toBe(2)
    expect(stray.stderr).toMatch(/^iovlab catalog: .*see `iovlab catalog --help`/)
    const help = iovlab(['catalog', '--help'], cwd)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: iovlab catalog \[--kind K\] \[--json\]/)
    expect(help.stdout).toContain('calibrated   solved from a named end-to-end fact')
    expect(iovlab(['--help'], cwd).stdout).toMatch(/^ {2}catalog +list every kind's parameters/m)
  })

  it('--json is a stable document: every parameter with its sourceKind, canonical numbers, and counts that agree', () => {
    const a = iovlab(['catalog', '--json'], cwd), b = iovlab(['catalog', '--json'], cwd)
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const doc = JSON.parse(a.stdout) as JsonDoc
    expect(doc.format).toBe('iovlab-catalog')
    expect(doc.counts).toEqual({ parameters: ALL.length, measured: count(ALL, 'measured'), assumption: count(ALL, 'assumption'), calibrated: count(ALL, 'calibrated') })
    expect(doc.kinds.map((k) => k.kind)).toEqual([...KINDS, ...LINK_KIND_ORDER, 'virtual-disk', ...TECHNIQUES.map((t) => t.id), ...WORKLOAD_KIND_IDS])
    expect(doc.kinds.find((k) => k.kind === 'virtual-disk')!.params.map((p) => p.key)).toEqual(VDISK_PARAMS.map((p) => p.key))
    const np = doc.kinds.find((k) => k.kind === 'np-nic')!.params.find((p) => p.key === 'npPciWriteBandwidth')!
    expect(np).toMatchObject({ unit: 'bit/s', default: 500e6, defaultText: '500Mbps', min: 1000, max: 10e12, sourceKind: 'calibrated', range: { lo: 450e6, hi: 550e6 } })
    for (const k of KINDS) {
      const listed = doc.kinds.find((x) => x.kind === k)!.params
      expect(listed.map((p) => [p.key, p.sourceKind, p.default])).toEqual(CATALOG[k].params.map((p) => [p.key, p.sourceKind, p.default]))
    }
    const one = JSON.parse(iovlab(['catalog', '--kind', 'host', '--json'], cwd).stdout) as JsonDoc
    expect(one.kinds.map((k) => k.kind)).toEqual(['host'])
    expect(one.counts.parameters).toBe(CATALOG.host.params.length)
  })
})
