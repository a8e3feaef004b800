// Tests the autosaved working copy: what is kept, what is read back (and what is ignored), and
// recovery at start — clean documents come back as they were, unsaved work is offered.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { recovery, useAutosave } from '../../renderer/src/features/files/useAutosave'
import { AUTOSAVE_MS, readWorkingCopy, WORKING_COPY_KEY, worthKeeping, writeWorkingCopy } from '../../renderer/src/features/files/working-copy'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

const origin = { path: '/home/me/sample.iovlab.json', fileInfo: null, exampleId: null }
let api: ReturnType<typeof useAutosave> | undefined
/** The smallest component that autosaves. */
const Harness = defineComponent({ setup: () => { api = useAutosave(); return () => h('div') } })

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  recovery.value = null
})

describe('working copy', () => {
  it('reads back what was written, and nothing from garbage', () => {
    writeWorkingCopy(localStorage, { savedAt: 5, dirty: true, origin, doc: sampleProject() })
    expect(readWorkingCopy(localStorage)).toMatchObject({ savedAt: 5, dirty: true, origin, doc: { name: 'sample' } })
    localStorage.setItem(WORKING_COPY_KEY, '{"format":"something-else"}')
    expect(readWorkingCopy(localStorage)).toBeNull()
    localStorage.setItem(WORKING_COPY_KEY, '{oops')
    expect(readWorkingCopy(localStorage)).toBeNull()
    expect(readWorkingCopy(undefined)).toBeNull()
  })

  it('is worth keeping for a file, an example or unsaved work, not for an untouched new project', () => {
    const doc = sampleProject()
    expect(worthKeeping({ dirty: false, origin: { path: null, fileInfo: null, exampleId: null }, doc })).toBe(false)
    expect(worthKeeping({ dirty: true, origin: { path: null, fileInfo: null, exampleId: null }, doc })).toBe(true)
    expect(worthKeeping({ dirty: false, origin, doc })).toBe(true)
  })

  it('autosaves every few seconds after an edit', async () => {
    vi.useFakeTimers()
    try {
      const wrapper = mount(Harness)
      const project = useProjectStore()
      project.replace(sampleProject(), origin)
      useHistoryStore().dispatch({ type: 'set-path', path: 'seed', from: 7, to: 11 })
      expect(readWorkingCopy(localStorage)).toBeNull()
      vi.advanceTimersByTime(AUTOSAVE_MS + 10)
      expect(readWorkingCopy(localStorage)).toMatchObject({ dirty: true, origin, doc: { seed: 11 } })
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('records a save at once: a reload after saving finds the document clean', async () => {
    vi.useFakeTimers()
    try {
      const wrapper = mount(Harness)
      const project = useProjectStore()
      useHistoryStore().dispatch({ type: 'set-path', path: 'seed', from: 1, to: 11 })
      vi.advanceTimersByTime(AUTOSAVE_MS + 10)
      expect(readWorkingCopy(localStorage)?.dirty).toBe(true)
      project.markSaved('/home/me/new.iovlab.json', { mtimeMs: 1, size: 1, sha256: 'd'.repeat(64) })
      window.dispatchEvent(new Event('pagehide'))
      expect(readWorkingCopy(localStorage)).toMatchObject({ dirty: false, origin: { path: '/home/me/new.iovlab.json' }, doc: { seed: 11 } })
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('brings a clean document back as it was, silently', async () => {
    writeWorkingCopy(localStorage, { savedAt: 1, dirty: false, origin, doc: sampleProject() })
    mount(Harness)
    await flushPromises()
    const project = useProjectStore()
    expect([project.doc.name, project.fileName, project.dirty, recovery.value]).toEqual(['sample', 'sample.iovlab.json', false, null])
  })

  it('offers unsaved work, and restores it as unsaved', async () => {
    writeWorkingCopy(localStorage, { savedAt: 1, dirty: true, origin, doc: { ...sampleProject(), seed: 99 } })
    mount(Harness)
    await flushPromises()
    const project = useProjectStore()
    expect(project.doc.seed).toBe(1)
    expect(recovery.value?.doc.seed).toBe(99)
    api!.restore()
    expect([project.doc.seed, project.dirty, project.origin.path, recovery.value]).toEqual([99, true, origin.path, null])
  })

  it('forgets unsaved work the user discards', async () => {
    writeWorkingCopy(localStorage, { savedAt: 1, dirty: true, origin, doc: sampleProject() })
    mount(Harness)
    await flushPromises()
    api!.discard()
    expect([recovery.value, readWorkingCopy(localStorage)]).toEqual([null, null])
  })
})
