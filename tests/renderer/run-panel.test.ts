// Mounts the run panel on a fake host: buttons named Run and Stop, the keyboard (F5 / Ctrl+Enter to
// run, Esc / Shift+F5 to stop), progress with units, errors per run, and the dock switching to the
// results when a run starts.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import LabDock from '../../renderer/src/features/run/LabDock.vue'
import RunPanel from '../../renderer/src/features/run/RunPanel.vue'
import { runCommand } from '../../renderer/src/features/shell/commands'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useRunStore } from '../../renderer/src/stores/run'
import { sweepDoc } from './results-fixtures'
import { runHost, type RunHost } from './run-fake-host'
import { sampleProject } from './sample-project'

let host: RunHost

beforeEach(() => {
  host = runHost()
  window.workbench = host
  setActivePinia(createPinia())
  useProjectStore().replace(sampleProject())
})
afterEach(() => {
  delete window.workbench
  document.body.innerHTML = ''
})

const button = (w: ReturnType<typeof mount>, name: string) => {
  const b = w.findAll('button').find((x) => x.text() === name)
  if (!b) throw new Error(`no button named ${name}`)
  return b
}
const press = (key: string, init: KeyboardEventInit = {}) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))

describe('Run panel', () => {
  it('has Run and Stop buttons; Run starts the experiment in focus and shows progress with units', async () => {
    const w = mount(RunPanel, { attachTo: document.body })
    expect(button(w, 'Stop').attributes('disabled')).toBeDefined()
    expect(w.text()).toContain('2 runs')
    await button(w, 'Run').trigger('click')
    await flushPromises()
    expect(host.startRun).toHaveBeenCalledOnce()
    expect(button(w, 'Run').attributes('disabled')).toBeDefined()
    expect(button(w, 'Stop').attributes('disabled')).toBeUndefined()
    host.emit({
      type: 'run-progress', runId: 'run-1', progress: {
        runsDone: 2, runsFailed: 0, runsTotal: 6, eventsPerSecond: 1.5e6, etaSeconds: 75, elapsedSeconds: 9,
        active: [{ runId: 'e1/2/0', experimentId: 'e1', pointIndex: 2, replication: 0, simTimeNs: 2.5e8, durationNs: 1e9, events: 10 }]
      }
    })
    await flushPromises()
    expect(w.find('progress').attributes('aria-valuetext')).toBe('2 of 6 runs done')
    const text = w.text()
    for (const part of ['2 / 6 runs', '250 ms of 1.00 s', '1.50 M events/s', '1 min 15 s', '9.0 s']) expect(text).toContain(part)
    w.unmount()
  })

  it('says how many runs came from the result cache', async () => {
    const w = mount(RunPanel, { attachTo: document.body })
    await button(w, 'Run').trigger('click')
    await flushPromises()
    host.emit({ type: 'run-progress', runId: 'run-1', progress: { runsDone: 4, runsFailed: 0, runsTotal: 6, eventsPerSecond: 1e6, etaSeconds: 3, elapsedSeconds: 1, active: [] } })
    await flushPromises()
    expect(w.text()).not.toContain('from cache')
    host.emit({ type: 'run-progress', runId: 'run-1', progress: { runsDone: 6, runsFailed: 0, runsTotal: 6, runsCached: 5, eventsPerSecond: 1e6, etaSeconds: 0, elapsedSeconds: 1, active: [] } })
    await flushPromises()
    expect(w.text()).toContain('6 / 6 runs, 5 from cache')
    expect(w.find('.lab-cached').attributes('title')).toMatch(/same engine, parameters and seed/)
    w.unmount()
  })

  it('lists each failed run with its point, replication and message', async () => {
    const w = mount(RunPanel, { attachTo: document.body })
    await useRunStore().start()
    host.emit({
      type: 'run-error', runId: 'run-1', error: { code: 'max-wall', message: 'ran longer than 5 s' },
      run: { experimentId: 'e1', pointIndex: 0, params: { clock: '2GHz' }, replication: 2, seed: 1 }
    })
    host.emit({ type: 'run-done', runId: 'run-1', documents: [], failed: 1, cancelled: false })
    await flushPromises()
    const errors = w.find('[aria-label="Run errors"]')
    expect(errors.text()).toContain('e1 · point 1 (clock=2GHz) · replication 3')
    expect(errors.text()).toContain('ran longer than 5 s')
    expect(w.text()).toContain('Finished with errors.')
    w.unmount()
  })

  it('runs with F5 and Ctrl+Enter, stops with Esc and Shift+F5, and answers the shell’s run/stop commands', async () => {
    const w = mount(RunPanel, { attachTo: document.body })
    const run = useRunStore()
    press('Enter', { ctrlKey: true })
    await flushPromises()
    expect(run.state).toBe('running')
    press('Escape')
    await flushPromises()
    expect(host.stopRun).toHaveBeenCalledTimes(1)
    host.emit({ type: 'run-done', runId: 'run-1', documents: [], failed: 0, cancelled: true })
    press('F5')
    await flushPromises()
    expect(host.startRun).toHaveBeenCalledTimes(2)
    press('F5', { shiftKey: true })
    await flushPromises()
    expect(host.stopRun).toHaveBeenCalledTimes(2)
    host.emit({ type: 'run-done', runId: 'run-1', documents: [sweepDoc('e1')], failed: 0, cancelled: false })
    expect(runCommand('run')).toBe(true)
    await flushPromises()
    expect(host.startRun).toHaveBeenCalledTimes(3)
    w.unmount()
    expect(runCommand('run')).toBe(false)
  })

  it('leaves Esc alone while a field is being typed in', async () => {
    const w = mount(RunPanel, { attachTo: document.body })
    await useRunStore().start()
    const input = document.createElement('input')
    document.body.append(input)
    input.focus()
    press('Escape')
    expect(host.stopRun).not.toHaveBeenCalled()
    w.unmount()
  })
})

describe('Bottom panel', () => {
  it('keeps the panel closed at first; a tab opens it (and closes it again); a run opens the results', async () => {
    const w = mount(LabDock, { attachTo: document.body, global: { stubs: { Echarts: true } } })
    const tabs = w.findAll('[role="tab"]')
    expect(tabs.map((t) => [t.text(), t.attributes('aria-selected')])).toEqual([['Experiments', 'false'], ['Results', 'false']])
    expect(w.find('[role="tabpanel"]').exists()).toBe(false)
    await tabs[0].trigger('click')
    expect(w.find('nav[aria-label="Experiments"]').exists()).toBe(true)
    await tabs[0].trigger('click')
    expect(w.find('[role="tabpanel"]').exists()).toBe(false)
    await button(w, 'Run').trigger('click')
    // the results view (and ECharts with it) is loaded when first shown
    await vi.waitUntil(async () => { await flushPromises(); return w.find('[role="region"][aria-label="Results chart"]').exists() }, { timeout: 5000 })
    expect(w.find('[role="tab"][aria-selected="true"]').text()).toBe('Results')
    await button(w, 'Taller').trigger('click')
    expect(w.find('.lab-dock').attributes('data-size')).toBe('tall')
    await tabs[0].trigger('keydown', { key: 'ArrowRight' })
    expect(w.find('[role="tab"][aria-selected="true"]').text()).toBe('Experiments')
    w.unmount()
  })

  it('is resizable: the splitter above the open panel moves by keyboard and by dragging, within bounds; the presets forget the dragged height', async () => {
    const w = mount(LabDock, { attachTo: document.body, global: { stubs: { Echarts: true } } })
    expect(w.find('[role="separator"]').exists()).toBe(false) // closed: nothing to resize
    await w.findAll('[role="tab"]')[1].trigger('click')
    const splitter = w.find('[role="separator"]')
    expect(splitter.attributes('aria-label')).toMatch(/Resize/)
    const dock = (): HTMLElement => w.find('.lab-dock').element as HTMLElement
    await splitter.trigger('keydown', { key: 'Home' })
    expect(dock().style.height).toBe('160px')
    expect(dock().dataset.size).toBe('custom')
    await splitter.trigger('keydown', { key: 'ArrowUp' })
    expect(dock().style.height).toBe('184px')
    await splitter.trigger('keydown', { key: 'ArrowDown' })
    await splitter.trigger('keydown', { key: 'ArrowDown' })
    expect(dock().style.height).toBe('160px') // not below the minimum
    splitter.element.dispatchEvent(new PointerEvent('pointerdown', { clientY: 500, bubbles: true }))
    splitter.element.dispatchEvent(new PointerEvent('pointermove', { clientY: 400, bubbles: true }))
    splitter.element.dispatchEvent(new PointerEvent('pointerup', { clientY: 400, bubbles: true }))
    await flushPromises()
    expect(dock().style.height).toBe('260px') // dragged 100 px up
    await button(w, 'Taller').trigger('click')
    expect(dock().dataset.size).toBe('tall')
    expect(dock().style.height).toBe('')
    w.unmount()
  })
})
