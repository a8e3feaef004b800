// Browser e2e of the analysis views against the real `iovlab serve`: a small two-host project
// (written from the shipped raj2006 example: ping with a 5 ms wait, 200 ms runs, 2 replications)
// with two experiments. (1) guests 1, 4 × four techniques, shown with the technique on x: the
// chart draws grouped bars (ECharts bar series), one per guest count; (2) guests 1, 2, 4 × two
// techniques run with "Model uncertainty: 16 samples": the lines carry the filled 95 % CI band
// and the dashed model band, whose legend entry is drawn (checked in the chart's description and
// in its SVG export); (3) a sensitivity analysis started from the results view at a chosen point:
// the tornado chart draws bars labelled with parameter names, units and sourceKind; (4) the bottom
// panel resizes from its splitter, a moved component keeps the results current and a parameter
// change marks them stale, and opening another project clears the run panel. Takes
// docs/screenshot-{bars,uncertainty,tornado}.png. `node tests/e2e/analysis-flow.mjs` runs it
// alone (starting serve itself); tests/e2e/run.mjs calls analysisFlow() with its own server and browser.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { answerPathPrompt, check, dismissToasts, runAlone, screenshotPath, setField } from './helpers.mjs'

const MODEL_BAND = 'Model uncertainty (5th–95th percentile over parameter samples)'

/** The e2e project: raj2006's hosts, NP-NICs and guests; two short experiments. */
export function writeAnalysisProject(root, dir) {
  const example = JSON.parse(readFileSync(join(root, 'examples', 'raj2006-np-nic.iovlab.json'), 'utf8'))
  const source = example.experiments.find((e) => e.id === 'latency-vs-guests')
  const ping = source.workloads.map((w) => ({ ...w, params: { ...w.params, waitMax: '5ms' } }))
  /** The example's technique axis (variant, technique, dom0 VCPUs, client and server VMs), cut to `variants`, for experiment `id`. */
  const techniques = (id, variants) => {
    const axis = source.sweep.find((a) => 'variables.variant' in a)
    const at = variants.map((v) => axis['variables.variant'].indexOf(v))
    check(at.every((i) => i >= 0), `raj2006-np-nic's technique axis lacks one of ${variants.join(', ')}`)
    return Object.fromEntries(Object.entries(axis).map(([path, values]) => [path.replace(`experiments.${source.id}.`, `experiments.${id}.`), at.map((i) => values[i])]))
  }
  const experiment = (id, name, guests, variants) => ({
    id, name, workloads: ping, duration: '200ms', warmup: '10ms', replications: 2, stop: { maxWallSeconds: 120 },
    sweep: [{ 'variables.guests': guests }, techniques(id, variants)]
  })
  const project = {
    ...example, name: 'e2e-analysis', description: 'analysis e2e: grouped bars by technique, model-uncertainty bands, sensitivity',
    experiments: [
      experiment('techniques', 'Latency by technique', [1, 4], ['self-virtualized', 'driver-domain-up', 'driver-domain-smp', 'dom0']),
      experiment('uncertainty', 'Latency vs guests, model uncertainty', [1, 2, 4], ['self-virtualized', 'driver-domain-up'])
    ]
  }
  delete project.results
  const path = join(dir, 'analysis.iovlab.json')
  writeFileSync(path, JSON.stringify(project, null, 2))
  return { path, project }
}

/** ECharts' own description of a chart (its ARIA label): the title, every series with its type and name, the data. */
const chartDescription = (region) => region.locator('[_echarts_instance_]').first().getAttribute('aria-label')

async function timed(timings, name, fn) {
  const t0 = performance.now()
  const result = await fn()
  timings.push([name, performance.now() - t0])
  return result
}

/** Shows a tab of the bottom panel (a click on the tab already shown would close the panel). */
async function showTab(page, name) {
  const tab = page.getByRole('tab', { name })
  if (await tab.getAttribute('aria-selected') !== 'true') await tab.click()
}

/**
 * Focuses an experiment in the designer, checks the run bar's count of runs (points × replications,
 * times the samples with model uncertainty), and runs it until all of them are done.
 */
async function runExperiment(page, name, uncertainty, runs) {
  await showTab(page, 'Experiments')
  await page.getByRole('navigation', { name: 'Experiments' }).getByRole('button', { name: new RegExp(name) }).click()
  await page.getByLabel('Model uncertainty', { exact: true }).selectOption(String(uncertainty))
  const planned = await page.locator('.lab-run .lab-note').textContent()
  check(planned === `${runs} runs`, `the run bar plans "${planned}" for ${name}, expected ${runs} runs`)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  // The state alone could still be the previous run's "done": wait for this run's count too.
  await page.waitForFunction((n) => document.querySelector('.lab-run-status')?.dataset.state === 'done'
    && document.querySelector('.lab-progress progress')?.getAttribute('aria-valuetext') === `${n} of ${n} runs done`, runs, { timeout: 60_000 })
}

/** The scenario, on a running server and browser. Throws on the first thing that is not as it should be. */
export async function analysisFlow({ browser, url, root, tmp }) {
  const timings = []
  const { path } = writeAnalysisProject(root, tmp)
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
  await page.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`))
  })
  try {
    await page.goto(url, { waitUntil: 'load' })
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await answerPathPrompt(page, path)
    await showTab(page, 'Experiments')
    await page.getByRole('navigation', { name: 'Experiments' }).getByRole('button', { name: /Latency by technique/ }).waitFor({ timeout: 10_000 })
    await page.getByRole('button', { name: 'Taller' }).click()
    const chart = page.getByRole('region', { name: 'Results chart' })
    const settings = page.getByRole('group', { name: 'Chart settings' })

    // (1) The technique on the x axis: grouped bars, one series per guest count, a whisker per bar.
    await timed(timings, 'run 8 points × 2 replications (four techniques × two guest counts)', () => runExperiment(page, 'Latency by technique', 0, 16))
    await settings.getByRole('combobox', { name: 'x' }).selectOption('variant')
    await page.waitForFunction(() => document.querySelector('[aria-label="Results chart"]')?.getAttribute('data-series') === '2', null, { timeout: 10_000 })
    const series = await chart.getByRole('list', { name: 'Series' }).getByRole('listitem').allTextContents()
    check(series.length === 2 && series.every((s) => /guests/.test(s)), `bar chart series: ${JSON.stringify(series)}, expected one per guest count`)
    const bars = await chartDescription(chart)
    check((bars.match(/is a bar chart/gi) ?? []).length === 2 && !/line chart/i.test(bars), `the technique chart is not two bar series: ${bars.slice(0, 400)}`)
    for (const v of ['self-virtualized', 'driver-domain-up', 'driver-domain-smp', 'dom0']) check(bars.includes(`the data for ${v} is`), `no bar for ${v}: ${bars.slice(0, 400)}`)
    await page.waitForTimeout(600) // the bars' animation
    await dismissToasts(page)
    await page.screenshot({ path: screenshotPath('screenshot-bars.png') })

    // (2) Model uncertainty, 16 samples, on the numeric guests axis: the CI band and the dashed model band.
    await timed(timings, 'run 6 points × 2 replications × (nominal + 16 samples) = 204 runs', () => runExperiment(page, 'model uncertainty', 16, 6 * 2 * (1 + 16)))
    await settings.getByRole('combobox', { name: 'x' }).selectOption('guests')
    await settings.getByRole('combobox', { name: 'Metric' }).selectOption('rtt_p99_us') // its 95 % CI is wide enough to see beside the model band
    await page.waitForFunction((name) => document.querySelector('[aria-label="Results chart"] [_echarts_instance_]')?.getAttribute('aria-label')?.includes(name), MODEL_BAND, { timeout: 10_000 })
    const bands = await chartDescription(chart)
    check((bands.match(/is a line chart/gi) ?? []).length === 2, `the uncertainty chart does not have two lines: ${bands.slice(0, 400)}`)
    const [svgFile] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: 'Export SVG', exact: true }).click()])
    const svg = readFileSync(await svgFile.path(), 'utf8')
    check(svg.includes(`>${MODEL_BAND}</text>`), 'the exported chart has no legend entry for the model-uncertainty band')
    check(svg.includes('95 % confidence band (filled) and model-uncertainty band (dashed)'), 'the exported chart\'s subtitle does not explain both bands')
    check(/stroke-dasharray/.test(svg), 'the exported chart has no dashed outline (the model band)')
    await page.waitForTimeout(600)
    await dismissToasts(page)
    await page.screenshot({ path: screenshotPath('screenshot-uncertainty.png') })

    // (3) Sensitivity at a point chosen in the results view: the tornado chart.
    const sensitivity = page.getByRole('region', { name: 'Sensitivity' })
    const point = sensitivity.getByRole('combobox', { name: 'Sensitivity point' })
    const options = await point.locator('option').allTextContents()
    const at = options.findIndex((o) => /guests=4/.test(o) && /driver-domain-up/.test(o))
    check(at >= 0, `no point guests=4, driver-domain-up among ${JSON.stringify(options)}`)
    await point.selectOption(String(at))
    await timed(timings, 'sensitivity of every catalog parameter at guests=4, driver-domain-up', async () => {
      await sensitivity.getByRole('button', { name: 'Sensitivity at this point' }).click()
      await sensitivity.getByRole('status').filter({ hasText: /^\d+ parameters, \d+ runs/ }).waitFor({ timeout: 60_000 })
    })
    const status = await sensitivity.getByRole('status').textContent()
    check(!/failed/.test(status), `sensitivity: ${status}`)
    const metric = await sensitivity.getByRole('combobox', { name: 'Sensitivity metric' }).inputValue()
    check(metric === 'rtt_p99_us', `the tornado shows ${metric}, not the results chart's metric (rtt_p99_us)`)
    const effects = await sensitivity.getByRole('list', { name: 'Parameters by effect' }).getByRole('listitem').allTextContents()
    check(effects.length === 10, `the tornado shows ${effects.length} parameters, expected the ten that move the metric most`)
    for (const e of effects) check(/^[\w.-]+: [-+\d.e]+.* — .+ · (measured|calibrated|assumption|variable)/.test(e), `a tornado bar without its name or sourceKind: "${e}"`)
    const tornado = await sensitivity.locator('[_echarts_instance_]').getAttribute('aria-label')
    check(/is a bar chart/i.test(tornado), `the tornado chart draws no bars: ${tornado.slice(0, 300)}`)
    const first = effects[0].split(':')[0]
    check(tornado.includes(`the data for ${first} is`), `the tornado's bars are not labelled with the parameter names (${first}): ${tornado.slice(0, 300)}`)
    // The picture: the median, whose effects stand out of the noise in runs this short (the p99 of a few dozen probes is nearly their maximum).
    await sensitivity.getByRole('combobox', { name: 'Sensitivity metric' }).selectOption('rtt_median_us')
    await page.waitForFunction(() => /What moves rtt median/.test(document.querySelector('[aria-label="Sensitivity"] [_echarts_instance_]')?.getAttribute('aria-label') ?? ''), null, { timeout: 5000 })
    await sensitivity.scrollIntoViewIfNeeded()
    await page.waitForTimeout(600)
    await dismissToasts(page)
    await page.screenshot({ path: screenshotPath('screenshot-tornado.png') })

    // (4) The bottom panel resizes from its splitter (keys here); an edit that changes no number (a
    // component moved) keeps the shown results current and a parameter change marks them stale; opening
    // another project clears the run panel's status and counts.
    const splitter = page.getByRole('separator', { name: /Resize the panel/ })
    await splitter.focus()
    await page.keyboard.press('Home')
    await page.keyboard.press('ArrowUp')
    const height = await page.locator('.lab-dock').evaluate((el) => el.style.height)
    check(height === '184px', `the bottom panel is "${height}" high after Home and ArrowUp on its splitter, expected 184px`)
    await page.getByRole('button', { name: 'Fit view', exact: true }).click()
    const sw = page.locator('.vue-flow__node[data-id="sw"]')
    await sw.click()
    await page.keyboard.press('ArrowRight') // nudge: moves the switch, changes no number
    await page.waitForTimeout(600) // freshness is recomputed ~250 ms after an edit
    check(await page.locator('.lab-results-stale').count() === 0, 'moving a component marked the results stale')
    await setField(page, '#param-nodes-sw-forwardingLatency', '3us')
    await page.locator('.lab-results-stale').filter({ hasText: /Stale: the project changed/ }).waitFor({ timeout: 5000 })
    check(await page.locator('.lab-run-status').getAttribute('data-state') === 'done', 'the run panel should show the finished run before another project is opened')
    await page.locator('.file-menu > button').click()
    await page.getByRole('menuitem', { name: 'vpio-ne2k', exact: true }).click()
    const discard = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' })
    await discard.waitFor({ timeout: 10_000 })
    await discard.getByRole('button', { name: 'Discard changes' }).click()
    await page.locator('.vue-flow__node[data-id="sw"]').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined)
    await page.waitForFunction(() => document.querySelector('.lab-run-status')?.dataset.state !== 'done', null, { timeout: 10_000 })
    const progress = await page.locator('.lab-progress progress').count()
    check(progress === 0 || (await page.locator('.lab-progress progress').getAttribute('aria-valuetext')) !== '204 of 204 runs done', 'the run panel still counts the previous project\'s runs')

    const csp = await page.evaluate(() => window.__cspViolations)
    const all = [...errors, ...csp.map((v) => `CSP violation: ${v}`)]
    check(all.length === 0, `errors in the page:\n  ${all.join('\n  ')}`)
    for (const [name, ms] of timings) console.log(`    ${name.padEnd(72)} ${(ms / 1000).toFixed(2)} s`)
    console.log(`    sensitivity: ${status}; top: ${effects[0]}`)
    return { timings, status }
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAlone('Analysis', analysisFlow)
