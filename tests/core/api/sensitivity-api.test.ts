// Sensitivity and model uncertainty through the API service (what the workbench, `serve` and the
// Electron IPC call): startSensitivity streams progress and ends with its report, stopRun stops
// it, bad requests answer with errors; startRun with uncertainty keeps both intervals, and the
// CSV carries both.
import { describe, expect, test } from 'vitest'
import { createService, dispatch, type ApiEvent, type IovlabService } from '../../../core/api/index'
import { resultsCsv } from '../../../core/api/results-csv'
import { nodeFiles } from '../../../core/api/node'
import { InProcessExecutor } from '../../../core/experiment/index'
import { mm1Input } from '../experiment/helpers'

const svc = (): IovlabService => createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1' })
const project = mm1Input({
  variables: { arrivalPerUs: 0.2, serviceUs: 1, load: 0.5, serviceUs_a: 1, serviceUs_b: 3, station: 'a' },
  experiments: [{ id: 'cmp', name: 'Stations', duration: '20ms', replications: 2, sweep: [{ 'variables.station': ['a', 'b'] }] }]
})

function until(s: IovlabService, type: ApiEvent['type']): { events: ApiEvent[]; done: Promise<void> } {
  const events: ApiEvent[] = []
  let finish: () => void = () => undefined
  const done = new Promise<void>((r) => { finish = r })
  s.subscribe((e) => { events.push(e); if (e.type === type) finish() })
  return { events, done }
}

describe('startSensitivity', () => {
  test('progress, then sensitivity-done with the report for the chosen point', async () => {
    const s = svc()
    const watch = until(s, 'sensitivity-done')
    const started = await dispatch(s, 'startSensitivity', { project, experimentId: 'cmp', pointIndex: 1, paths: ['variables.serviceUs_b', 'variables.serviceUs_a'] })
    expect(started.ok).toBe(true)
    const v = (started as { value: { runs: number; parameters: number } }).value
    expect(v).toMatchObject({ runs: 2 * 5, parameters: 2 })
    await watch.done
    const end = watch.events.find((e) => e.type === 'sensitivity-done') as Extract<ApiEvent, { type: 'sensitivity-done' }>
    expect(end.cancelled).toBe(false)
    expect(end.report!.point).toEqual({ index: 1, params: { station: 'b' } })
    const eff = end.report!.metrics.sojourn_mean_us.effects
    expect(eff[0].path).toBe('variables.serviceUs_b')
    expect(eff[0].elasticity!).toBeGreaterThan(1.2) // 1/(1 − 0.6) = 2.5 at ρ = 0.6
    expect(eff[1].elasticity).toBe(0) // station b never reads serviceUs_a
    expect(watch.events.some((e) => e.type === 'run-progress')).toBe(true)
  })

  test('stopRun stops it: cancelled, no report', async () => {
    const s = svc()
    const watch = until(s, 'sensitivity-done')
    const long = { ...project, experiments: [{ ...project.experiments![0], duration: '2s' }] }
    const started = await s.startSensitivity({ project: long, experimentId: 'cmp', paths: ['variables.serviceUs_a'] })
    if (!started.ok) throw new Error(started.errors[0].message)
    expect((await s.stopRun({ runId: started.value.runId })).ok).toBe(true)
    await watch.done
    const end = watch.events.find((e) => e.type === 'sensitivity-done') as Extract<ApiEvent, { type: 'sensitivity-done' }>
    expect(end).toMatchObject({ cancelled: true, report: null })
  })

  test('bad requests: malformed parameters and unknown paths answer with errors', async () => {
    const s = svc()
    const bad = await dispatch(s, 'startSensitivity', { project, experimentId: 'cmp', delta: 2 })
    expect(bad.ok).toBe(false)
    const unknown = await s.startSensitivity({ project, experimentId: 'cmp', paths: ['variables.nope'] })
    expect(!unknown.ok && unknown.errors[0]).toMatchObject({ code: 'bad-sensitivity' })
  })
})

describe('startRun with uncertainty', () => {
  test('documents keep the CI and the band; the CSV carries both', async () => {
    const s = svc()
    const watch = until(s, 'run-done')
    const started = await s.startRun({ project, uncertainty: 4, ranges: [{ path: 'variables.serviceUs_a', lo: 1, hi: 2 }, { path: 'variables.serviceUs_b', lo: 2.5, hi: 3.5 }] })
    if (!started.ok) throw new Error(started.errors[0].message)
    expect(started.value.runs).toBe(2 * 2 + 2 * 4 * 2)
    await watch.done
    const doc = (watch.events.find((e) => e.type === 'run-done') as Extract<ApiEvent, { type: 'run-done' }>).documents[0]
    expect(doc.points[0].metrics.sojourn_mean_us).toHaveProperty('ci95')
    expect(doc.points[0].uncertainty!.metrics.sojourn_mean_us).toHaveProperty('p95')
    expect(doc.uncertainty!.orderings!.find((o) => o.metric === 'sojourn_mean_us')).toMatchObject({ lower: 'a', higher: 'b', holds: 1, samples: 4 })
    const csv = resultsCsv([doc]).split('\n')
    expect(csv[0]).toBe('experiment,station,metric,key,mean,ci95,model_p05,model_p95')
    expect(csv.find((l) => l.startsWith('cmp,a,sojourn_mean_us,,'))!.split(',').slice(4).every((x) => x !== '' && Number.isFinite(Number(x)))).toBe(true)
    expect(csv.find((l) => l.startsWith('cmp,a,stage_us,queue,'))!.split(',')).toHaveLength(8)
    const plain = resultsCsv([{ ...doc, points: doc.points.map(({ uncertainty: _u, ...p }) => p) }])
    expect(plain.split('\n')[0]).toBe('experiment,station,metric,key,mean,ci95')
  })
})
