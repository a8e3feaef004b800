// Saving never loses work: atomic replacement, a backup of the previous version, refusal to
// overwrite a file changed on disk (unless forced), and no write at all for invalid projects.
import fs, { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { spawn } from 'node:child_process'
import { loadProject, saveProject, serializeProject, setPath, type Project } from '../../../core/project/node'
import { STALE_TEMP_MS } from '../../../core/project/save'
import { writeFileAtomic } from '../../../core/cli/write-file'
import { readFixture } from './helpers'

const root = mkdtempSync(join(tmpdir(), 'iovlab-save-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

let n = 0
/** A fresh folder with the v1 fixture in it, loaded. */
async function opened(): Promise<{ dir: string; path: string; project: Project; info: import('../../../core/project/node').FileInfo }> {
  const dir = join(root, `case-${n++}`)
  mkdirSync(dir)
  const path = join(dir, 'p.iovlab.json')
  writeFileSync(path, readFixture('v1/two-host-np-nic.iovlab.json'))
  const r = await loadProject(path)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return { dir, path, project: r.project, info: r.fileInfo }
}

function edit(project: Project): Project {
  const r = setPath(project, 'variables.guests', 4)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('saveProject', () => {
  it('writes the canonical text and keeps the previous version as .bak', async () => {
    const { dir, path, project, info } = await opened()
    const old = readFileSync(path)
    const r = await saveProject(path, edit(project), { expected: info })
    expect(r).toMatchObject({ ok: true, backupPath: `${path}.bak` })
    expect(readFileSync(`${path}.bak`)).toEqual(old)
    expect(readFileSync(path, 'utf8')).toBe(serializeProject(edit(project)))
    expect(readdirSync(dir).sort()).toEqual(['p.iovlab.json', 'p.iovlab.json.bak'])
    const reloaded = await loadProject(path)
    if (!r.ok || !reloaded.ok) throw new Error('failed')
    expect(r.fileInfo).toEqual(reloaded.fileInfo)
  })

  it('a new file gets no backup', async () => {
    const { dir, project } = await opened()
    const path = join(dir, 'new.iovlab.json')
    const r = await saveProject(path, project)
    expect(r.ok && r.backupPath).toBeFalsy()
    expect(existsSync(`${path}.bak`)).toBe(false)
    expect(existsSync(path)).toBe(true)
  })

  it('saving in sequence with the returned file info keeps working', async () => {
    const { path, project, info } = await opened()
    const first = await saveProject(path, edit(project), { expected: info })
    if (!first.ok) throw new Error('first save failed')
    const second = await saveProject(path, project, { expected: first.fileInfo })
    expect(second.ok).toBe(true)
  })

  it('refuses to overwrite a file changed on disk since it was opened', async () => {
    const { path, project, info } = await opened()
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seed": 2006', '"seed": 2007'))
    const theirs = readFileSync(path)
    const r = await saveProject(path, edit(project), { expected: info })
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'changed-on-disk', message: expect.stringMatching(/changed on disk.*force/) }] })
    expect(readFileSync(path)).toEqual(theirs)
    expect(existsSync(`${path}.bak`)).toBe(false)
  })

  it('force overrides the refusal (and still keeps a backup of their version)', async () => {
    const { path, project, info } = await opened()
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seed": 2006', '"seed": 2007'))
    const theirs = readFileSync(path)
    const r = await saveProject(path, edit(project), { expected: info, force: true })
    expect(r.ok).toBe(true)
    expect(readFileSync(`${path}.bak`)).toEqual(theirs)
  })

  it('a file touched but not changed is not a conflict', async () => {
    const { path, project, info } = await opened()
    const later = new Date(Date.now() + 60_000)
    fs.utimesSync(path, later, later)
    expect((await saveProject(path, edit(project), { expected: info })).ok).toBe(true)
  })

  it('never writes an invalid project', async () => {
    const { path, project } = await opened()
    const before = readFileSync(path)
    const broken = { ...project, seed: -1 } as Project
    const r = await saveProject(path, broken)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => p.code)).toEqual(['invalid-project', 'out-of-range'])
    expect(readFileSync(path)).toEqual(before)
    expect(existsSync(`${path}.bak`)).toBe(false)
  })

  it('is atomic: a failure between the temporary write and the rename leaves the original intact', async () => {
    const { dir, path, project, info } = await opened()
    const before = readFileSync(path)
    const rename = fs.promises.rename.bind(fs.promises)
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (to === path) throw Object.assign(new Error('EIO: simulated crash before rename'), { code: 'EIO' })
      return rename(from, to)
    })
    const r = await saveProject(path, edit(project), { expected: info })
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'write-failed', message: expect.stringMatching(/unchanged.*simulated crash/) }] })
    expect(readFileSync(path)).toEqual(before)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('a failure while writing the temporary file (disk full) changes nothing', async () => {
    const { dir, path, project, info } = await opened()
    const before = readFileSync(path)
    vi.spyOn(fs.promises, 'open').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
    const r = await saveProject(path, edit(project), { expected: info })
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'write-failed' }] })
    expect(readFileSync(path)).toEqual(before)
    expect(readdirSync(dir)).toEqual(['p.iovlab.json'])
  })

  it('keeps the file mode, and writes through a symbolic link to its target', async () => {
    const { dir, path, project } = await opened()
    chmodSync(path, 0o600)
    const link = join(dir, 'link.iovlab.json')
    symlinkSync(path, link)
    expect((await saveProject(link, edit(project))).ok).toBe(true)
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe(serializeProject(edit(project)))
  })

  it('refuses a folder or a missing folder as a target, as values', async () => {
    const { dir, project } = await opened()
    expect(await saveProject(dir, project)).toMatchObject({ ok: false, problems: [{ code: 'not-a-file' }] })
    expect(await saveProject(join(dir, 'no', 'such', 'p.iovlab.json'), project)).toMatchObject({ ok: false, problems: [{ code: 'write-failed' }] })
  })

  it('says which folder is missing without naming its temporary file', async () => {
    const { dir, project } = await opened()
    const r = await saveProject(join(dir, 'no', 'such', 'p.iovlab.json'), project)
    expect(r.ok).toBe(false)
    const message = r.ok ? '' : r.problems[0].message
    expect(message).toBe(`${join(dir, 'no', 'such', 'p.iovlab.json')} was not saved; the file on disk is unchanged (the folder ${join(dir, 'no', 'such')} does not exist)`)
    expect(message).not.toMatch(/\.tmp|\.p\.iovlab\.json\./)
  })

  it('serializes deterministically: schema key order first, unknown fields after, whatever the input order', async () => {
    const { project } = await opened()
    const shuffled = Object.fromEntries(Object.entries(project).reverse()) as Project
    const text = serializeProject(shuffled)
    expect(text).toBe(serializeProject(project))
    expect(Object.keys(JSON.parse(text))).toEqual(['$schema', 'format', 'schemaVersion', 'name', 'description', 'seed', 'variables', 'topology', 'experiments', 'x-notes'])
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toMatch(/^\{\n {2}"\$schema"/)
  })
})

describe('temporary files a killed save left behind', () => {
  /** A process that writes a full-size temporary file of our naming in `dir` and is then killed with SIGKILL. */
  async function killedWriter(dir: string, name: string): Promise<string> {
    const child = spawn(process.execPath, ['-e', `
      const fs = require('node:fs')
      const tmp = require('node:path').join(process.argv[1], '.' + process.argv[2] + '.' + process.pid + '.0123456789ab.tmp')
      fs.writeFileSync(tmp, 'x'.repeat(4 * 1024 * 1024))
      process.stdout.write(tmp + '\\n')
      setInterval(() => {}, 1000)`, dir, name], { stdio: ['ignore', 'pipe', 'inherit'] })
    const tmp = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    return tmp
  }

  it('the next save in the folder removes them (writer gone, or older than a minute); live and foreign files stay', async () => {
    const { dir, path, project, info } = await opened()
    const killed = await killedWriter(dir, 'p.iovlab.json')
    const killedOther = await killedWriter(dir, 'other.iovlab.json')
    expect(statSync(killed).size).toBe(4 * 1024 * 1024)
    const live = join(dir, `.p.iovlab.json.${process.pid}.abcdefabcdef.tmp`)
    const old = join(dir, `.p.iovlab.json.bak.${process.pid}.fedcbafedcba.tmp`)
    const foreign = join(dir, '.p.iovlab.json.swp.tmp')
    for (const f of [live, old, foreign]) writeFileSync(f, 'x')
    const past = (Date.now() - STALE_TEMP_MS - 5000) / 1000
    fs.utimesSync(old, past, past)
    expect((await saveProject(path, edit(project), { expected: info })).ok).toBe(true)
    expect(readdirSync(dir).sort()).toEqual([
      '.p.iovlab.json.swp.tmp', `.p.iovlab.json.${process.pid}.abcdefabcdef.tmp`, 'p.iovlab.json', 'p.iovlab.json.bak'
    ].sort())
    expect(existsSync(killed) || existsSync(killedOther)).toBe(false)
  })

  it('the CLI\'s atomic writes (run --out, export --out) remove them too', async () => {
    const dir = join(root, `cli-${n++}`)
    mkdirSync(dir)
    const killed = await killedWriter(dir, 'results.json')
    await writeFileAtomic(join(dir, 'results.json'), '{}\n')
    expect(readdirSync(dir)).toEqual(['results.json'])
    expect(existsSync(killed)).toBe(false)
  })
})
