// Tests validation off the UI thread: the worker's answers reach the one who asked last, older
// questions get null (their document is gone), and the synchronous fallback gives the same problems.
import { describe, expect, it } from 'vitest'
import { validateProject } from '../../core/project'
import { syncValidator, workerValidator } from '../../renderer/src/stores/validator'
import { sampleProject } from './sample-project'

function fakeWorker() {
  const posted: { id: number; doc: unknown }[] = []
  const listeners: Record<string, (e: MessageEvent) => void> = {}
  return {
    posted,
    postMessage: (m: { id: number; doc: unknown }) => { posted.push(m) },
    addEventListener: (type: string, fn: (e: MessageEvent) => void) => { listeners[type] = fn },
    answer: (id: number, problems: unknown[]) => listeners.message?.({ data: { id, problems } } as MessageEvent),
    fail: () => listeners.error?.({} as MessageEvent)
  }
}

describe('validators', () => {
  it('the synchronous one gives the problems of core/project', async () => {
    const broken = { ...sampleProject(), seed: -1 }
    const r = validateProject(broken)
    await expect(syncValidator().validate(broken as never)).resolves.toEqual(r.ok ? [] : r.problems)
    await expect(syncValidator().validate(sampleProject())).resolves.toEqual([])
  })

  it('the worker one answers the latest question and drops the older ones', async () => {
    const worker = fakeWorker()
    const v = workerValidator(worker as unknown as Worker)
    const first = v.validate(sampleProject())
    const second = v.validate(sampleProject())
    expect(worker.posted.map((m) => m.id)).toEqual([1, 2])
    worker.answer(2, [{ code: 'bad-param', path: [], message: 'x' }])
    await expect(first).resolves.toBeNull()
    await expect(second).resolves.toEqual([{ code: 'bad-param', path: [], message: 'x' }])
  })

  it('validates on this thread when the worker fails, the question in flight included', async () => {
    const worker = fakeWorker()
    const v = workerValidator(worker as unknown as Worker)
    const broken = { ...sampleProject(), seed: -1 } as never
    const pending = v.validate(broken)
    worker.fail()
    await expect(pending).resolves.toHaveLength(1)
    await expect(v.validate(sampleProject())).resolves.toEqual([])
    expect(worker.posted).toHaveLength(1)
  })
})
