// useResultsStore: stored results shown on open, a run's points live and its documents at the end,
// earlier runs kept to overlay, the view's choices resolved against what the documents hold; and
// the tidy CSV export.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { resultsCsv } from '../../renderer/src/features/results/csv'
import { useProjectStore } from '../../renderer/src/stores/project'
import { MAX_SETS, chartDocuments, useResultsStore } from '../../renderer/src/stores/results'
import { sweepDoc } from './results-fixtures'
import { sampleProject } from './sample-project'

let results: ReturnType<typeof useResultsStore>

beforeEach(() => {
  setActivePinia(createPinia())
  results = useResultsStore()
})

describe('useResultsStore', () => {
  it('shows the results stored in a project when it is opened, and forgets them with the next one', () => {
    const project = useProjectStore()
    project.replace({ ...sampleProject(), results: [sweepDoc()] } as never)
    expect(results.sets.map((s) => [s.label, s.source])).toEqual([['Stored in the project', 'project']])
    expect(results.document?.experiment).toBe('latency')
    project.replace(sampleProject())
    expect(results.sets).toEqual([])
    expect(results.document).toBeNull()
  })

  it('keeps only documents that look like results', () => {
    expect(chartDocuments([sweepDoc(), { format: 'other' }, null, { format: 'iovlab-results', experiment: 'x', points: [{}] }])).toHaveLength(1)
    expect(chartDocuments('nope')).toEqual([])
  })

  it('shows a run’s points as they finish, in sweep order, then its final documents', () => {
    results.beginLive()
    const doc = sweepDoc()
    results.addLivePoint('sample', 'latency', 3, doc.points[3])
    results.addLivePoint('sample', 'latency', 0, doc.points[0])
    expect(results.current?.source).toBe('live')
    expect(results.document?.points).toEqual([doc.points[0], doc.points[3]])
    results.finishLive([doc], 'done')
    expect(results.current?.source).toBe('run')
    expect(results.current?.label).toMatch(/^Run 1 · /)
    expect(results.document?.points).toHaveLength(6)
  })

  it('keeps a stopped run’s points as a partial set, and drops a run that gave nothing', () => {
    results.beginLive()
    results.addLivePoint('sample', 'latency', 0, sweepDoc().points[0])
    results.finishLive([], 'stopped')
    expect(results.current?.label).toMatch(/\(stopped, partial\)$/)
    results.beginLive()
    results.finishLive([], 'failed')
    expect(results.sets).toHaveLength(1)
    expect(results.currentId).toBe(results.sets[0].id)
  })

  it('overlays an earlier run of the same experiment on the current one', () => {
    results.beginLive()
    results.finishLive([sweepDoc()], 'done')
    const first = results.currentId as number
    results.beginLive()
    results.finishLive([sweepDoc('latency', 10), sweepDoc('other')], 'done')
    expect(results.overlays).toEqual([])
    results.toggleOverlay(first)
    expect(results.overlays.map((o) => o.label)).toEqual([results.sets[0].label])
    results.experiment = 'other'
    expect(results.overlays).toEqual([])
    results.show(first)
    expect(results.overlayIds).toEqual([])
    expect(results.experiments).toEqual(['latency'])
  })

  it('keeps at most MAX_SETS sets, dropping the oldest', () => {
    for (let i = 0; i < MAX_SETS + 3; i++) {
      results.beginLive()
      results.finishLive([sweepDoc()], 'done')
    }
    expect(results.sets).toHaveLength(MAX_SETS)
    expect(results.sets[0].label).toMatch(/^Run 4 /)
  })

  it('resolves the view: preferred metric, swept x, only the chart kinds the documents can fill', () => {
    results.beginLive()
    results.finishLive([sweepDoc()], 'done')
    expect(results.kinds).toEqual(['sweep', 'box', 'cdf', 'breakdown', 'cpu'])
    expect(results.view).toMatchObject({ kind: 'sweep', metric: 'rtt_median_us', key: null, x: 'guests' })
    results.metric = 'cpu_util'
    expect(results.view).toMatchObject({ metric: 'cpu_util', key: 'cpu0' })
    results.key = 'dom0'
    results.x = 'variant'
    expect(results.view).toMatchObject({ key: 'dom0', x: 'variant' })
    results.chartKind = 'breakdown'
    expect(results.view.metric).toBe('stage_us')
    results.chartKind = 'box'
    expect(results.view.family?.id).toBe('rtt_us')
    results.metric = 'no_such_metric'
    results.chartKind = 'sweep'
    expect(results.view.metric).toBe('rtt_median_us')
  })
})

describe('CSV export', () => {
  it('writes tidy rows: experiment, parameters, metric, key, mean, ci95', () => {
    const doc = sweepDoc()
    const one = { ...doc, points: [doc.points[0]] }
    const lines = resultsCsv([one]).trimEnd().split('\n')
    expect(lines[0]).toBe('experiment,guests,variant,technique,metric,key,mean,ci95')
    expect(lines[1]).toBe('latency,1,self-virtualized,self-virtualized,rtt_median_us,,61,2')
    expect(lines).toContain('latency,1,self-virtualized,self-virtualized,cpu_util,host-a/cpu0,0.1,0.01')
    expect(lines).toContain('latency,1,self-virtualized,self-virtualized,stage_us,msg_send,14.5,0.5')
    expect(lines).toHaveLength(1 + 6 + 6 + 3)
  })

  it('quotes fields with commas and quotes, leaves missing numbers blank, renames clashing parameters', () => {
    const doc = { experiment: 'e', points: [{ params: { metric: 'a,"b"' }, replications: 1, metrics: { x: { mean: null, ci95: null } } }] }
    expect(resultsCsv([doc])).toBe('experiment,param:metric,metric,key,mean,ci95\ne,"a,""b""",x,,,\n')
  })
})
