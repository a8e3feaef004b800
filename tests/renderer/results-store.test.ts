// useResultsStore: stored results shown on open, a run's points live and its documents at the end,
// earlier runs kept to overlay, the view's choices resolved against what the documents hold; and
// the tidy CSV export.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { inputDigest } from '../../core/experiment/index'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { resultsCsv } from '../../renderer/src/features/results/csv'
import { useProjectStore } from '../../renderer/src/stores/project'
import { FRESHNESS_DELAY_MS, MAX_SETS, chartDocuments, headlineMetric, useResultsStore } from '../../renderer/src/stores/results'
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
    expect(results.kinds).toEqual(['sweep', 'percentiles', 'box', 'cdf', 'breakdown', 'cpu'])
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

describe('the headline metric and staleness', () => {
  it('opens on the metric the experiment measured, never on one without samples', () => {
    useProjectStore().replace({ ...sampleProject(), results: [ioDoc()] } as never)
    expect(useResultsStore().view.metric).toBe('op_median_us')
    const silent = ioDoc()
    const points = silent.points.map((p) => ({ ...p, metricsMissing: { op_median_us: 'no operation completed' }, metrics: { ...p.metrics, op_median_us: { mean: null, ci95: null, n: 0 } } }))
    setActivePinia(createPinia())
    useProjectStore().replace({ ...sampleProject(), results: [{ ...silent, points }] } as never)
    expect(useResultsStore().view.metric).toBe('ops_per_s')
    expect(headlineMetric([sweepDoc()], ['goodput_mbps', 'rtt_median_us'])).toBe('rtt_median_us')
  })

  it('marks the shown results stale after a parameter edit, not after moving a node or renaming', async () => {
    vi.useFakeTimers()
    try {
      const project = useProjectStore()
      const base = sampleProject()
      const doc = { ...sweepDoc('e1'), inputDigest: await inputDigest(base, 'e1') }
      project.replace({ ...base, results: [doc] } as never)
      const store = useResultsStore()
      const settle = async (): Promise<void> => {
        await nextTick()
        expect(store.freshnessPending).toBe(true)
        await vi.advanceTimersByTimeAsync(FRESHNESS_DELAY_MS + 10)
        await vi.waitFor(() => expect(store.freshnessPending).toBe(false))
      }
      await settle()
      expect(store.freshnessOfShown).toBe('current')
      const history = useHistoryStore()
      history.dispatch({ type: 'move', moves: [{ id: 'host-a', from: { x: 0, y: 0 }, to: { x: 300, y: 120 } }] })
      history.dispatch({ type: 'set-field', list: 'nodes', id: 'vm-1', field: 'name', from: 'vm-1', to: 'the first guest' })
      await settle()
      expect(store.freshnessOfShown).toBe('current')
      history.dispatch({ type: 'set-param', list: 'nodes', id: 'host-b', key: 'vmExitCycles', from: undefined, to: 1234 })
      await settle()
      expect(store.freshnessOfShown).toBe('stale')
    } finally {
      vi.useRealTimers()
    }
  })
})

function ioDoc() {
  const point = (commands: number) => ({
    params: { commands }, replications: 3,
    metrics: {
      op_median_us: { mean: 10 * commands, ci95: 1 }, ops_per_s: { mean: 1000 / commands, ci95: 5 },
      vm_exits: { mean: 0, ci95: 0 }, dc_util: { mean: 0.4, ci95: 0.01 }
    }
  })
  return { ...sweepDoc('e1'), points: [point(1), point(2), point(4)], paramPaths: { commands: 'experiments.e1.workloads.w.params.commands' } }
}
