// useRunStore and its state machine: the only legal moves, a start through the host (events that
// arrive before the run id are kept and replayed), progress, points, per-run errors, the end as
// done / failed / stopped, Stop, and the results kept in the project as one undoable change.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { RunProgress } from '../../core/api/contract'
import { RUN_TRANSITIONS, RunStateError, assertTransition, type RunState } from '../../renderer/src/model/run-machine'
import { activeSimTime, failurePlace, formatRate, formatSimTime, formatWall } from '../../renderer/src/features/run/run-format'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useResultsStore } from '../../renderer/src/stores/results'
import { runsOf, useRunStore, withResults } from '../../renderer/src/stores/run'
import { sweepDoc } from './results-fixtures'
import { runHost, started, type RunHost } from './run-fake-host'
import { sampleProject } from './sample-project'

let host: RunHost
let run: ReturnType<typeof useRunStore>

const progress = (done: number, total = 6): RunProgress => ({
  runsDone: done, runsFailed: 0, runsTotal: total, eventsPerSecond: 2.5e6, etaSeconds: 12, elapsedSeconds: 3,
  active: [{ runId: 'e1/0/0', experimentId: 'e1', pointIndex: 0, replication: 0, simTimeNs: 5e8, durationNs: 1e9, events: 1000 }]
})

function setup(h: RunHost = runHost()): void {
  host = h
  window.workbench = host
  setActivePinia(createPinia())
  useProjectStore().replace(sampleProject())
  run = useRunStore()
}

beforeEach(() => setup())
afterEach(() => {
  delete window.workbench
})

describe('run state machine', () => {
  it('allows idle → starting → running → done | failed | stopped and a new start from each end', () => {
    for (const path of [['idle', 'starting', 'running', 'done', 'starting'], ['running', 'stopping', 'stopped', 'starting'], ['starting', 'failed', 'starting']] as RunState[][]) {
      for (let i = 1; i < path.length; i++) expect(() => assertTransition(path[i - 1], path[i])).not.toThrow()
    }
  })

  it('refuses every other move, naming it', () => {
    const all = Object.keys(RUN_TRANSITIONS) as RunState[]
    let refused = 0
    for (const from of all) for (const to of all) if (!RUN_TRANSITIONS[from].includes(to)) { expect(() => assertTransition(from, to)).toThrow(RunStateError); refused++ }
    expect(refused).toBeGreaterThan(30)
    expect(() => assertTransition('idle', 'done')).toThrow('a run cannot go from "idle" to "done"')
  })
})

describe('useRunStore', () => {
  it('counts the runs Run will start: points × replications of the experiment in focus, or of all', () => {
    expect(runsOf({ sweep: [{ a: [1, 2, 3] }, { b: [1, 2], c: [3, 4] }], replications: 5 })).toBe(30)
    expect(run.focused?.id).toBe('e1')
    expect(run.plannedRuns).toBe(2)
    expect(run.canRun).toBe(true)
  })

  it('starts the experiment in focus without the stored results, and replays events that beat the run id', async () => {
    setup(runHost(() => {
      host.emit({ type: 'run-progress', runId: 'run-1', progress: progress(1) })
      host.emit({ type: 'run-progress', runId: 'run-0', progress: progress(5) })
      return { ok: true, value: started() }
    }))
    useProjectStore().replace({ ...sampleProject(), results: [sweepDoc('e1')] } as never)
    const pending = run.start()
    expect(run.state).toBe('starting')
    await pending
    expect(run.state).toBe('running')
    const params = host.startRun.mock.calls[0][0] as { project: Record<string, unknown>; experimentIds: string[] }
    expect(params.experimentIds).toEqual(['e1'])
    expect('results' in params.project).toBe(false)
    expect(run.progress?.runsDone).toBe(1)
    expect(run.canRun).toBe(false)
    expect(run.canStop).toBe(true)
  })

  it('shows points as they finish, lists failed runs, and ends done with the documents kept in the project', async () => {
    await run.start()
    const doc = sweepDoc('e1')
    host.emit({ type: 'run-point', runId: 'run-1', experimentId: 'e1', pointIndex: 0, point: doc.points[0] })
    host.emit({ type: 'run-point', runId: 'other', experimentId: 'e1', pointIndex: 1, point: doc.points[1] })
    expect(run.pointsDone).toBe(1)
    expect(useResultsStore().document?.points).toEqual([doc.points[0]])
    host.emit({ type: 'run-done', runId: 'run-1', documents: [doc], failed: 0, cancelled: false })
    expect(run.state).toBe('done')
    const project = useProjectStore()
    expect(project.doc.results).toEqual([doc])
    expect(useHistoryStore().undoLabel).toBe('Keep results of e1')
    useHistoryStore().undo()
    expect(project.doc.results).toBeUndefined()
    expect(useResultsStore().document?.points).toHaveLength(6)
  })

  it('ends failed when runs failed, naming the point and replication of each', async () => {
    await run.start()
    host.emit({
      type: 'run-error', runId: 'run-1', error: { code: 'max-events', message: 'stopped after 100 events' },
      run: { experimentId: 'e1', pointIndex: 1, params: { clock: '3GHz' }, replication: 0, seed: 9 }
    })
    host.emit({ type: 'run-done', runId: 'run-1', documents: [sweepDoc('e1')], failed: 1, cancelled: false })
    expect(run.state).toBe('failed')
    expect(run.failures).toHaveLength(1)
    expect(failurePlace(run.failures[0])).toBe('e1 · point 2 (clock=3GHz) · replication 1')
  })

  it('fails at once, with the host’s reasons, when the start is refused', async () => {
    setup(runHost(() => ({ ok: false, errors: [{ code: 'invalid', message: 'a project needs a name', path: '$.name' }] })))
    await run.start()
    expect(run.state).toBe('failed')
    expect(run.failures.map((f) => f.message)).toEqual(['$.name: a project needs a name'])
    expect(useResultsStore().sets).toEqual([])
    expect(run.canRun).toBe(true)
  })

  it('stops: stopping until the host says the run was cancelled; a failed stop goes back to running, an unknown run ends', async () => {
    await run.start()
    host.emit({ type: 'run-point', runId: 'run-1', experimentId: 'e1', pointIndex: 0, point: sweepDoc('e1').points[0] })
    await run.stop()
    expect(host.stopRun).toHaveBeenCalledWith({ runId: 'run-1' })
    expect(run.state).toBe('stopping')
    host.emit({ type: 'run-done', runId: 'run-1', documents: [], failed: 0, cancelled: true })
    expect(run.state).toBe('stopped')
    expect(useResultsStore().current?.label).toMatch(/stopped, partial/)
    expect(useProjectStore().doc.results).toBeUndefined()

    await run.start()
    host.stopRun.mockResolvedValueOnce({ ok: false, errors: [{ code: 'host-unreachable', message: 'the server did not answer' }] })
    await run.stop()
    expect(run.state).toBe('running')
    expect(run.failures.at(-1)?.message).toBe('Stop: the server did not answer')
    // a run the host no longer knows has ended (its last events were lost): stopping ends it here too
    host.stopRun.mockResolvedValueOnce({ ok: false, errors: [{ code: 'unknown-run', message: 'there is no run "run-1" in progress' }] })
    await run.stop()
    expect(run.state).toBe('stopped')
    expect(run.canRun).toBe(true)
  })

  it('listens to the host once, from when the run panel connects', () => {
    run.connect()
    run.connect()
    expect(host.listeners.size).toBe(1)
    run.dispose()
    expect(host.listeners.size).toBe(0)
  })

  it('does not start twice, and ignores events when no run is under way', async () => {
    host.emit({ type: 'run-done', runId: 'x', documents: [], failed: 0, cancelled: false })
    expect(run.state).toBe('idle')
    await Promise.all([run.start(), run.start()])
    expect(host.startRun).toHaveBeenCalledTimes(1)
  })

  it('keeps a run’s results out of a project opened while it ran', async () => {
    await run.start()
    useProjectStore().replace({ ...sampleProject(), name: 'other' })
    host.emit({ type: 'run-point', runId: 'run-1', experimentId: 'e1', pointIndex: 0, point: sweepDoc('e1').points[0] })
    host.emit({ type: 'run-done', runId: 'run-1', documents: [sweepDoc('e1')], failed: 0, cancelled: false })
    expect(run.state).toBe('done')
    expect(useProjectStore().doc.results).toBeUndefined()
    expect(useResultsStore().sets).toEqual([])
  })

  it('clears an ended run’s status, counts and errors when another project is opened', async () => {
    await run.start()
    host.emit({ type: 'run-point', runId: 'run-1', experimentId: 'e1', pointIndex: 0, point: sweepDoc('e1').points[0] })
    host.emit({
      type: 'run-error', runId: 'run-1', error: { code: 'max-events', message: 'stopped after 100 events' },
      run: { experimentId: 'e1', pointIndex: 1, params: { clock: '3GHz' }, replication: 0, seed: 9 }
    })
    host.emit({ type: 'run-done', runId: 'run-1', documents: [sweepDoc('e1')], failed: 1, cancelled: false })
    expect(run.state).toBe('failed')
    useProjectStore().replace({ ...sampleProject(), name: 'other' })
    await nextTick()
    expect(run.state).toBe('idle')
    expect(run.failures).toEqual([])
    expect(run.pointsDone).toBe(0)
    expect(run.progress).toBeNull()
    expect(run.started).toBeNull()
  })

  it('replaces stored documents of the same experiment', () => {
    expect(withResults([sweepDoc('a'), sweepDoc('b')], [sweepDoc('b', 1)]).map((d) => (d as { experiment: string }).experiment)).toEqual(['a', 'b'])
    expect(withResults(undefined, [sweepDoc('a')])).toHaveLength(1)
  })
})

describe('run panel numbers', () => {
  it('say simulated time, speed and ETA with units', () => {
    expect(formatSimTime(850_000)).toBe('850 µs')
    expect(formatSimTime(1.25e9)).toBe('1.25 s')
    expect(formatRate(2.5e6)).toBe('2.50 M events/s')
    expect(formatWall(185)).toBe('3 min 5 s')
    expect(formatWall(null)).toBe('estimating…')
    expect(activeSimTime(progress(0))).toBe('500 ms of 1.00 s')
  })
})
