// The experiment designer's "until precise" form mounted: turning it on writes a replications
// rule, its fields edit the rule (a wrong one is refused with why), the run count shows the range,
// undo takes it back, and turning it off leaves the rule's min as the number of replications.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it } from 'vitest'
import type { Project } from '../../core/project'
import ExperimentsPanel from '../../renderer/src/features/experiments/ExperimentsPanel.vue'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

let project: ReturnType<typeof useProjectStore>
beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  project.replace(sampleProject())
})
const exp = (): Project['experiments'][number] => project.doc.experiments[0]

async function type(w: VueWrapper, selector: string, text: string): Promise<void> {
  const input = w.find(selector)
  if (!input.exists()) throw new Error(`nothing matches ${selector}`)
  await input.setValue(text)
  await input.trigger('change')
  await flushPromises()
}

it('turns a number of replications into a rule and back, field by field, with undo', async () => {
  const w = mount(ExperimentsPanel, { attachTo: document.body })
  await type(w, '#exp-e1-replications', '4')
  const box = w.find('[data-testid="until-precise"]')
  await box.setValue(true)
  await flushPromises()
  expect(exp().replications).toEqual({ min: 4, max: 50, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.02 } })
  expect(w.find('#exp-e1-replications').exists()).toBe(false)
  expect(w.find('[data-testid="run-count"]').text()).toBe('2 points × 4–50 replications = 8–100 runs')
  await type(w, '#exp-e1-rule-tolerance', '0.5')
  expect(exp().replications).toEqual({ min: 4, max: 50, until: { metric: 'rtt_median_us', halfWidth: 0.5 } })
  expect(w.find('#exp-e1-rule-tolerance-note').text()).toBe('stop when the 95 % interval is within ±0.5 µs')
  await type(w, '#exp-e1-rule-max', '3')
  expect(w.find('#exp-e1-rule-max-note').text()).toBe('at least the minimum (4)')
  expect((exp().replications as { max: number }).max).toBe(50)
  await type(w, '#exp-e1-rule-max', '20')
  const metric = w.find('#exp-e1-rule-metric')
  await metric.setValue('rtt_p99_us')
  await flushPromises()
  expect(exp().replications).toEqual({ min: 4, max: 20, until: { metric: 'rtt_p99_us', halfWidth: 0.5 } })
  // Edits of one field in a row are one step of the history: undo goes back before them, redo returns.
  useHistoryStore().undo()
  await flushPromises()
  expect(exp().replications).toBe(1)
  useHistoryStore().redo()
  await flushPromises()
  expect(exp().replications).toEqual({ min: 4, max: 20, until: { metric: 'rtt_p99_us', halfWidth: 0.5 } })
  await w.find('[data-testid="until-precise"]').setValue(false)
  await flushPromises()
  expect(exp().replications).toBe(4)
  w.unmount()
})

it('the run progress says the total is a lower bound while sequential stopping may add runs', async () => {
  const { useRunStore } = await import('../../renderer/src/stores/run')
  const RunProgress = (await import('../../renderer/src/features/run/RunProgress.vue')).default
  const run = useRunStore()
  const w = mount(RunProgress)
  run.state = 'running'
  run.progress = { runsDone: 4, runsFailed: 0, runsTotal: 9, active: [], eventsPerSecond: 1e6, etaSeconds: 5, elapsedSeconds: 1, runsTotalOpen: true }
  await flushPromises()
  expect(w.find('[data-testid="runs-figure"]').text()).toBe('4 / ≥ 9 runs')
  run.progress = { runsDone: 12, runsFailed: 0, runsTotal: 12, active: [], eventsPerSecond: 1e6, etaSeconds: 0, elapsedSeconds: 2 }
  await flushPromises()
  expect(w.find('[data-testid="runs-figure"]').text()).toBe('12 / 12 runs')
  w.unmount()
})
