// Tests file handling through a fake host: open (path, upload, example), a bad file that changes
// nothing and says why, conflict-safe save with an offer to overwrite, save as, recent files.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { serializeProject } from '../../core/project'
import { resetHost } from '../../renderer/src/host'
import { useFilesStore } from '../../renderer/src/stores/files'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useUiStore } from '../../renderer/src/stores/ui'
import { fakeHost, type FakeHost } from './fake-host'
import { sampleProject } from './sample-project'

const info = { mtimeMs: 1, size: 10, sha256: 'c'.repeat(64) }
let host: FakeHost

beforeEach(() => {
  setActivePinia(createPinia())
  resetHost()
  host = fakeHost({
    openProject: ({ path }: { path: string }) => (path === '/bad.iovlab.json'
      ? { ok: false, errors: [{ code: 'json-syntax', message: 'line 3: a "," or "}" is missing', path: '$' }, { code: 'unknown-kind', message: 'node "x" has the kind "toaster"', path: '$.topology.nodes[0].kind' }] }
      : { ok: true, value: { project: sampleProject(), path, fileInfo: info, migratedFrom: 1, applied: [] } }),
    parseProject: () => ({ ok: true, value: { project: sampleProject(), migratedFrom: 0, applied: ['v0-to-v1'] } }),
    openExample: () => ({ ok: true, value: { project: sampleProject(), path: '/examples/sample.iovlab.json', fileInfo: info, migratedFrom: 1, applied: [] } })
  })
  window.workbench = host
})

afterEach(() => {
  delete window.workbench
  vi.restoreAllMocks()
})

describe('useFilesStore', () => {
  it('opens a path the host chose, remembering it as recent', async () => {
    const files = useFilesStore()
    const project = useProjectStore()
    host.choices.push({ path: '/home/me/sample.iovlab.json' })
    await files.open()
    expect(project.doc.name).toBe('sample')
    expect([project.fileName, project.dirty, project.origin.fileInfo]).toEqual(['sample.iovlab.json', false, info])
    expect(files.recent).toEqual(['/home/me/sample.iovlab.json'])
  })

  it('keeps the current document untouched when a file does not open, and lists why', async () => {
    const files = useFilesStore()
    const project = useProjectStore()
    const history = useHistoryStore()
    history.dispatch({ type: 'add-node', node: { id: 'h', kind: 'host', name: 'h', position: { x: 0, y: 0 }, params: {} }, index: 0 })
    const before = project.doc
    expect(await files.openPath('/bad.iovlab.json')).toBe(false)
    expect(project.doc).toBe(before)
    expect([project.dirty, history.canUndo]).toEqual([true, true])
    expect(files.error?.title).toBe('/bad.iovlab.json did not open; your current project is unchanged')
    expect(files.error?.errors.map((e) => e.path)).toEqual(['$', '$.topology.nodes[0].kind'])
  })

  it('asks, in the app\'s own dialog and only once the new file is read, before discarding unsaved changes', async () => {
    const files = useFilesStore()
    const project = useProjectStore()
    const ui = useUiStore()
    useHistoryStore().dispatch({ type: 'set-path', path: 'name', from: 'untitled', to: 'mine' })
    const nativeConfirm = vi.fn(() => true)
    window.confirm = nativeConfirm
    // a file that does not open costs no question and changes nothing
    expect(await files.openPath('/bad.iovlab.json')).toBe(false)
    expect(ui.confirmation).toBeNull()
    host.choices.push({ path: '/home/me/sample.iovlab.json' })
    const opening = files.open()
    await vi.waitFor(() => expect(ui.confirmation).not.toBeNull())
    // the file was read before the question
    expect(host.calls.filter((c) => c.name === 'openProject').map((c) => (c.params as { path: string }).path)).toEqual(['/bad.iovlab.json', '/home/me/sample.iovlab.json'])
    expect(ui.confirmation?.message).toBe('untitled has unsaved changes. Opening /home/me/sample.iovlab.json discards them.')
    ui.confirmation?.resolve(false)
    await opening
    expect(project.doc.name).toBe('mine')
    expect(nativeConfirm).not.toHaveBeenCalled()
    const example = files.openExample('sample')
    await vi.waitFor(() => expect(ui.confirmation).not.toBeNull())
    ui.confirmation?.resolve(true)
    expect(await example).toBe(true)
    expect(project.doc.name).toBe('sample')
  })

  it('opens an upload as unsaved work, and an example as a document to "save as"', async () => {
    const files = useFilesStore()
    const project = useProjectStore()
    host.choices.push({ text: '{}', name: 'old.json' })
    await files.open()
    expect([project.dirty, project.origin.path]).toEqual([true, null])
    const example = files.openExample('sample')
    await vi.waitFor(() => expect(useUiStore().confirmation).not.toBeNull())
    useUiStore().confirmation?.resolve(true)
    await example
    expect([project.dirty, project.origin.exampleId, project.fileName]).toEqual([false, 'sample', 'sample.iovlab.json'])
    host.saveAs.push('/home/me/mine.iovlab.json')
    await files.save()
    expect(host.calls.at(-1)).toMatchObject({ name: 'saveProject', params: { path: '/home/me/mine.iovlab.json' } })
    expect(host.calls.at(-1)?.params).not.toHaveProperty('expected')
  })

  it('saves to the file it came from, passing what the file looked like, then is clean', async () => {
    const files = useFilesStore()
    const project = useProjectStore()
    await files.openPath('/home/me/sample.iovlab.json')
    useHistoryStore().dispatch({ type: 'set-path', path: 'seed', from: 7, to: 8 })
    expect(project.dirty).toBe(true)
    expect(await files.save()).toBe(true)
    const call = host.calls.at(-1) as { params: { path: string; expected: unknown; project: unknown } }
    expect(call.params.path).toBe('/home/me/sample.iovlab.json')
    expect(call.params.expected).toEqual(info)
    expect(serializeProject(call.params.project as never)).toContain('"seed": 8')
    expect(project.dirty).toBe(false)
  })

  it('offers to overwrite a file changed on disk since it was opened, and saves nothing meanwhile', async () => {
    let conflict = true
    host = fakeHost({
      openProject: ({ path }: { path: string }) => ({ ok: true, value: { project: sampleProject(), path, fileInfo: info, migratedFrom: 1, applied: [] } }),
      saveProject: ({ force }: { force?: boolean }) => (conflict && !force
        ? { ok: false, errors: [{ code: 'changed-on-disk', message: 'was changed on disk since it was opened' }] }
        : { ok: true, value: { fileInfo: { ...info, mtimeMs: 2 } } })
    })
    window.workbench = host
    const files = useFilesStore()
    const project = useProjectStore()
    await files.openPath('/p.iovlab.json')
    useHistoryStore().dispatch({ type: 'set-path', path: 'seed', from: 7, to: 9 })
    expect(await files.save()).toBe(false)
    expect(project.dirty).toBe(true)
    expect(files.error?.retry?.label).toBe('Overwrite the file')
    await files.error!.retry!.run()
    expect(host.calls.at(-1)?.params).toMatchObject({ force: true })
    expect([project.dirty, files.error]).toEqual([false, null])
    conflict = false
  })

  it('lists the examples the host has', async () => {
    const files = useFilesStore()
    await files.refreshExamples()
    expect(files.examples).toEqual([])
  })
})
