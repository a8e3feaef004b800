// The run panel's "Run on" setting: the queue URL checked as the CLI checks it, the queue's status
// in words, startRun told where to run, Run held back by a bad URL, and the status asked of the host.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { QueueStatusReport } from '../../core/api/contract'
import RunPanel from '../../renderer/src/features/run/RunPanel.vue'
import { queueStatusText, queueUrlProblem, runOnParams } from '../../renderer/src/model/run-target'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useRunStore } from '../../renderer/src/stores/run'
import { runHost, type RunHost } from './run-fake-host'
import { sampleProject } from './sample-project'

const status = (over: Partial<QueueStatusReport> = {}): QueueStatusReport => ({ url: 'redis://lab:6379', workers: 2, workersOfThisEngine: 2, threads: 8, waiting: 0, active: 0, ...over })

describe('run-target model', () => {
  it('checks the queue URL as the CLI does', () => {
    expect(queueUrlProblem('redis://127.0.0.1:6379')).toBeNull()
    expect(queueUrlProblem(' rediss://u:p@lab.example.org/1 ')).toBeNull()
    expect(queueUrlProblem('')).toBe('Type the queue\'s URL, e.g. redis://127.0.0.1:6379.')
    expect(queueUrlProblem('http://lab:6379')).toContain('the scheme is "http", not redis or rediss')
    expect(queueUrlProblem('redis://lab:99999')).toContain('is not a queue URL')
  })

  it('tells startRun where to run', () => {
    expect(runOnParams('here', 'redis://lab:6379')).toEqual({})
    expect(runOnParams('queue', ' redis://lab:6379 ')).toEqual({ queue: 'redis://lab:6379' })
  })

  it('puts the status in words: workers and threads of this engine, others that refuse, runs waiting', () => {
    expect(queueStatusText(null, null)).toBe('Checking the queue…')
    expect(queueStatusText(null, 'cannot reach redis://lab:6379: connect ECONNREFUSED')).toBe('cannot reach redis://lab:6379: connect ECONNREFUSED')
    expect(queueStatusText(status(), null)).toBe('2 workers connected (8 threads)')
    expect(queueStatusText(status({ workers: 1, workersOfThisEngine: 1, threads: 1, waiting: 3 }), null)).toBe('1 worker connected (1 thread); 3 runs waiting')
    expect(queueStatusText(status({ workers: 3, workersOfThisEngine: 2 }), null)).toBe('2 workers connected (8 threads); 1 worker of another engine (it refuses these runs)')
    expect(queueStatusText(status({ workers: 0, workersOfThisEngine: 0, threads: 0 }), null)).toBe('No worker connected: start one with iovlab worker --queue redis://lab:6379')
    expect(queueStatusText(status({ workers: 2, workersOfThisEngine: 0, threads: 0 }), null)).toBe('No worker connected; 2 workers of another engine (they refuse these runs): start one with iovlab worker --queue redis://lab:6379')
  })
})

describe('useRunStore: Run on', () => {
  let host: RunHost
  let queueStatus: ReturnType<typeof vi.fn>

  beforeEach(() => {
    host = runHost()
    queueStatus = vi.fn(async ({ url }: { url: string }) => (url.endsWith(':1') ? { ok: false, errors: [{ code: 'queue-unreachable', message: `cannot reach ${url}: connect ECONNREFUSED` }] } : { ok: true, value: status({ url }) }))
    ;(host.api as unknown as Record<string, unknown>).queueStatus = queueStatus
    window.workbench = host
    setActivePinia(createPinia())
    useProjectStore().replace(sampleProject())
  })
  afterEach(() => {
    vi.useRealTimers()
    delete window.workbench
    document.body.innerHTML = ''
  })

  it('the panel offers "Run on" a queue, with its URL and the workers connected', async () => {
    vi.useFakeTimers()
    const w = mount(RunPanel, { attachTo: document.body })
    expect(w.find('input[aria-label="Queue URL"]').exists()).toBe(false)
    await w.find('select[aria-label="Run on"]').setValue('queue')
    expect(w.text()).toContain('Type the queue\'s URL')
    expect(w.findAll('button').find((b) => b.text() === 'Run')!.attributes('disabled')).toBeDefined()
    await w.find('input[aria-label="Queue URL"]').setValue('redis://lab:6379')
    await vi.advanceTimersByTimeAsync(500)
    await flushPromises()
    expect(queueStatus).toHaveBeenCalledWith({ url: 'redis://lab:6379' })
    expect(w.find('.lab-queue-status').text()).toBe('2 workers connected (8 threads)')
    expect(w.findAll('button').find((b) => b.text() === 'Run')!.attributes('disabled')).toBeUndefined()
    await vi.advanceTimersByTimeAsync(5000)
    expect(queueStatus.mock.calls.length).toBeGreaterThanOrEqual(2)
    w.unmount()
  })

  it('runs here by default, and on the queue when set; a bad URL holds Run back', async () => {
    const run = useRunStore()
    expect(run.runOn).toBe('here')
    expect(run.canRun).toBe(true)
    run.runOn = 'queue'
    expect(run.canRun).toBe(false)
    expect(run.queueProblem).toContain('Type the queue')
    run.queueUrl = 'redis://lab:6379'
    expect(run.canRun).toBe(true)
    await run.start()
    expect(host.startRun).toHaveBeenCalledWith(expect.objectContaining({ queue: 'redis://lab:6379' }))
  })

  it('asks the host for the queue\'s workers, and shows why it cannot', async () => {
    const run = useRunStore()
    await run.refreshQueue()
    expect(queueStatus).not.toHaveBeenCalled()
    run.runOn = 'queue'
    run.queueUrl = 'redis://lab:6379'
    await run.refreshQueue()
    expect(queueStatus).toHaveBeenCalledWith({ url: 'redis://lab:6379' })
    expect(run.queueStatus).toMatchObject({ workersOfThisEngine: 2 })
    run.queueUrl = 'redis://lab:1'
    await run.refreshQueue()
    expect(run.queueStatus).toBeNull()
    expect(run.queueError).toBe('cannot reach redis://lab:1: connect ECONNREFUSED')
    run.runOn = 'here'
    await run.refreshQueue()
    expect(run.queueError).toBeNull()
  })
})
