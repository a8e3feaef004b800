// Saving never loses work: atomic replacement, a backup of the previous version, refusal to
// overwrite a file changed on disk (unless forced), and no write at all for invalid projects.
import fs, { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { loadProject, saveProject, serializeProject, setPath, type Project } from '../../../core/project/node'
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
