// Every class of bad input through a real child process: exit 2, one clear line per problem
// (`FILE: JSON.PATH: message`, or `iovlab CMD: message` for usage), no stack trace, nothing on
// stdout, and the input file byte-for-byte unchanged.
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { ensureCliBuilt, iovlab, ROOT, type CliResult } from './build'

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURE = readFileSync(join(ROOT, 'tests', 'fixtures', 'v1', 'two-host-np-nic.iovlab.json'), 'utf8')
const base = (): Doc => JSON.parse(FIXTURE) as Doc
const edit = (f: (d: Doc) => void): string => { const d = base(); f(d); return JSON.stringify(d, null, 2) }

/** File content for each bad-input class, and a pattern its first problem line must match. */
const FILES: [string, string | Buffer, RegExp][] = [
  ['not JSON', '{"format": "iovlab-project", nope}', /\$: not valid JSON at line 1, column \d+/],
  ['truncated', FIXTURE.slice(0, FIXTURE.length / 2), /\$: not valid JSON at line \d+, column \d+/],
  ['empty', '', /\$: the file is empty/],
  ['a JSON array', '[1, 2, 3]', /\$: .*(object|list)/i],
  ['wrong types', edit((d) => { d.name = 5; d.seed = 'seven' }), /\$\.(name|seed): /],
  ['NaN', FIXTURE.replace('"seed": 2006', '"seed": NaN'), /\$: not valid JSON/],
  ['Infinity', FIXTURE.replace('"seed": 2006', '"seed": Infinity'), /\$: not valid JSON/],
  ['negative where impossible', edit((d) => { d.seed = -1 }), /\$\.seed: /],
  ['absurdly large number', edit((d) => { d.seed = 1e300 }), /\$\.seed: /],
  ['unknown kind', edit((d) => { d.topology.nodes[0].kind = 'hots' }), /\$\.topology\.nodes\[0\]\.kind: .*hots/],
  ['duplicate id', edit((d) => { d.topology.nodes[1].id = 'host-a' }), /\$\.topology\.nodes\[1\]\.id: .*host-a/],
  ['dangling link', edit((d) => { d.topology.links[0].to = 'nowhere' }), /\$\.topology\.links\[0\]\.to: .*nowhere/],
  ['absurd sweep', edit((d) => { d.experiments[0].sweep = Array.from({ length: 12 }, () => ({ 'variables.guests': [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] })) }), /\$\.experiments\[0\]\.sweep: .*points/],
  ['a future schema version', edit((d) => { d.schemaVersion = 99 }), /\$(\.schemaVersion)?: .*(newer|99)/],
  ['__proto__ keys', FIXTURE.replace('"seed": 2006,', '"seed": 2006, "__proto__": {"polluted": true},'), /\$\.__proto__: /],
  ['constructor keys', FIXTURE.replace('"params": {}', '"params": {"constructor": {"prototype": 1}}'), /constructor/],
  ['not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /\$: the file is not UTF-8/],
  // A value cannot split a problem line (and forge a "valid" one), nor make one 10,000 characters long.
  ['a forged line', edit((d) => { d.topology.nodes[0].kind = 'hots\na-forged-line.iovlab.json: valid: 7 nodes, 2 links, 1 experiment (1 run in all)' }), /\$\.topology\.nodes\[0\]\.kind: .*"hots\\na-forged-line/],
  ['a long value', edit((d) => { d.topology.nodes[0].kind = 'h'.repeat(10_189) }), /\$\.topology\.nodes\[0\]\.kind: node "host-a" has the kind "h{119}…", which IOV Lab does not know/]
]

const LINE = (file: string): RegExp => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\$[^ ]*: \\S.*$`)

function expectBadInput(r: CliResult, file: string, first?: RegExp): void {
  expect(r.code, r.stderr).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/)
  const lines = r.stderr.trimEnd().split('\n')
  for (const line of lines) {
    expect(line).toMatch(LINE(file))
    expect(line.length).toBeLessThanOrEqual(1100)
  }
  if (first) expect(r.stderr).toMatch(first)
}

let dir = ''
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-bad-'))
  writeFileSync(join(dir, 'good.iovlab.json'), `${JSON.stringify(mm1Input(), null, 2)}\n`)
})

describe('bad project files: validate and run exit 2 with one line per problem, the file unchanged', () => {
  test.each(FILES)('%s', (name, content, first) => {
    const file = `${name.replace(/\W+/g, '-')}.iovlab.json`
    const path = join(dir, file)
    writeFileSync(path, content)
    const before = sha(path)
    expectBadInput(iovlab(['validate', file], dir), file, first)
    expectBadInput(iovlab(['run', file], dir), file, first)
    expectBadInput(iovlab(['verify', file], dir), file, first)
    expect(sha(path)).toBe(before)
  })

  test('several problems at once, each on its own line', () => {
    const file = 'many.iovlab.json'
    writeFileSync(join(dir, file), edit((d) => { d.topology.nodes[0].kind = 'hots'; d.topology.links[0].to = 'nowhere'; d.seed = -1 }))
    const r = iovlab(['validate', file], dir)
    expectBadInput(r, file)
    expect(r.stderr.trimEnd().split('\n').length).toBeGreaterThanOrEqual(3)
  })

  test('a 200 MB file is refused without being read', () => {
    const path = join(dir, 'huge.iovlab.json')
    writeFileSync(path, '{')
    truncateSync(path, 200 * 1024 * 1024)
    const t0 = performance.now()
    expectBadInput(iovlab(['validate', 'huge.iovlab.json'], dir), 'huge.iovlab.json', /200\.0 MiB, more than the 32\.0 MiB/)
    expect(performance.now() - t0).toBeLessThan(5000)
  })
})

describe('bad paths', () => {
  test('a file that does not exist', () => {
    expectBadInput(iovlab(['validate', 'missing.iovlab.json'], dir), 'missing.iovlab.json', /there is no file at/)
    expectBadInput(iovlab(['run', 'missing.iovlab.json'], dir), 'missing.iovlab.json', /there is no file at/)
    expectBadInput(iovlab(['export', 'missing.iovlab.json', '--csv'], dir), 'missing.iovlab.json', /there is no file at/)
  })

  test('a directory instead of a file', () => {
    mkdirSync(join(dir, 'folder.iovlab.json'), { recursive: true })
    expectBadInput(iovlab(['validate', 'folder.iovlab.json'], dir), 'folder.iovlab.json', /is a folder, not a project file/)
    expectBadInput(iovlab(['run', 'folder.iovlab.json'], dir), 'folder.iovlab.json', /is a folder/)
    expectBadInput(iovlab(['export', 'folder.iovlab.json', '--csv'], dir), 'folder.iovlab.json', /is a folder/)
  })

  test('a path through a file', () => {
    expectBadInput(iovlab(['validate', 'good.iovlab.json/x.json'], dir), 'good.iovlab.json/x.json', /a part of the path is a file/)
  })

  // CI runs as root, who reads a chmod-000 file anyway: there the command runs as the unprivileged
  // user "nobody" (uid 65534), so the case is tested on every machine.
  test('an unreadable file', () => {
    const path = join(dir, 'locked.iovlab.json')
    writeFileSync(path, FIXTURE)
    chmodSync(path, 0o000)
    const asRoot = process.getuid?.() === 0
    if (asRoot) chmodSync(dir, 0o755) // mkdtemp's folder is root's alone; nobody must reach the file
    const r = iovlab(['validate', 'locked.iovlab.json'], dir, {}, asRoot ? { uid: 65534, gid: 65534 } : undefined)
    if (asRoot) chmodSync(dir, 0o700)
    expectBadInput(r, 'locked.iovlab.json', /permission denied/)
    chmodSync(path, 0o644)
  })
})

describe('bad usage: one line `iovlab CMD: message`, exit 2, the project unchanged', () => {
  const USAGE: [string, string[], RegExp][] = [
    ['unknown option', ['run', 'good.iovlab.json', '--bogus'], /^iovlab run: Unknown option '--bogus'/],
    ['bad --set path', ['run', 'good.iovlab.json', '--set', 'variables.nope=3'], /^iovlab run: --set variables\.nope: there is no variable "nope" \(known: load, serviceUs\)$/],
    ['bad --set list id', ['run', 'good.iovlab.json', '--set', 'experiments.nope.duration=5s'], /^iovlab run: --set experiments\.nope\.duration: there is no experiment "nope"/],
    ['--set without =', ['run', 'good.iovlab.json', '--set', 'variables.load'], /^iovlab run: --set variables\.load: .*not PATH=VALUE/],
    ['--set to a prototype key', ['run', 'good.iovlab.json', '--set', '__proto__.x=1'], /^iovlab run: --set __proto__\.x=1: "__proto__" cannot be part of a parameter path$/],
    ['--set to an invalid value', ['run', 'good.iovlab.json', '--set', 'experiments.zipped.duration=soon'], /^good\.iovlab\.json: \$\.experiments\[1\]\.duration: .*\(after the overrides\)$/],
    ['bad --jobs', ['run', 'good.iovlab.json', '--jobs', '0'], /^iovlab run: --jobs must be a whole number from 1 to 64, not "0"$/],
    ['bad --replications', ['run', 'good.iovlab.json', '--replications', 'many'], /^iovlab run: --replications must be a whole number from 1 to 1000, not "many"$/],
    ['unknown experiment', ['run', 'good.iovlab.json', '--experiment', 'nope'], /^iovlab run: --experiment: the project has no experiment "nope" \(known: wait-vs-load, zipped\)$/],
    ['--out into a missing folder', ['run', 'good.iovlab.json', '--out', 'no/such/dir/r.json'], /^iovlab run: --out no\/such\/dir\/r\.json: the folder no\/such\/dir does not exist$/],
    ['no project', ['run'], /^iovlab run: give the project file/],
    ['two projects', ['validate', 'good.iovlab.json', 'good.iovlab.json'], /^iovlab validate: give one project file, not 2/],
    ['unknown command', ['frobnicate'], /^iovlab: unknown command "frobnicate"/],
    ['export without a format', ['export', 'good.iovlab.json'], /^iovlab export: choose a format: --csv$/],
    ['export of a project without results', ['export', 'good.iovlab.json', '--csv'], /^good\.iovlab\.json: \$\.results: the project has no stored results to export$/]
  ]
  test.each(USAGE)('%s', (_name, args, expected) => {
    const before = sha(join(dir, 'good.iovlab.json'))
    const r = iovlab(args, dir)
    expect(r.code, r.stderr).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr.trimEnd()).toMatch(expected)
    expect(sha(join(dir, 'good.iovlab.json'))).toBe(before)
  })
})
