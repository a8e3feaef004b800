// Browser e2e of experiments → run → results against the real `iovlab serve`: opens a small two-host
// project (written from the shipped raj2006 example, one short sweep: guests 1–8 × two techniques),
// presses Run, finds a Results chart with two series, exports CSV, PNG and SVG, takes
// docs/screenshot-experiments.png and docs/screenshot-results.png, stops a longer run with Esc, and
// prints timings. `node tests/e2e/run-results.mjs` runs it
// alone (starting serve itself); tests/e2e/run.mjs calls resultsFlow() with its own server and browser.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { check, runAlone, screenshotPath } from './helpers.mjs'


/** The e2e project: the example's two hosts, one experiment sweeping guests 1, 2, 4, 8 × self-virtualized / paravirtual. */
export function writeSweepProject(root, dir) {
  const example = JSON.parse(readFileSync(join(root, 'examples', 'raj2006-np-nic.iovlab.json'), 'utf8'))
  const ping = example.experiments.find((e) => e.id === 'latency-vs-guests').workloads
  const project = {
    ...example, name: 'e2e-two-techniques', description: 'run-results e2e: two techniques, two guest counts',
    experiments: [{
      id: 'sweep', name: 'Two techniques', workloads: ping, duration: '200ms', warmup: '20ms', replications: 3,
      stop: { maxWallSeconds: 120 },
      sweep: [{ 'variables.guests': [1, 2, 4, 8] },
        { 'variables.variant': ['self-virtualized', 'driver-domain-up'], 'variables.technique': ['self-virtualized', 'paravirtual'] }]
    }]
  }
  delete project.results
  const path = join(dir, 'two-techniques.iovlab.json')
  writeFileSync(path, JSON.stringify(project, null, 2))
  return { path, project }
}

async function timed(timings, name, fn) {
  const t0 = performance.now()
  const result = await fn()
  timings.push([name, performance.now() - t0])
  return result
}

async function download(page, buttonName) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: buttonName, exact: true }).click()])
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) }
}

/** Non-background pixels of the chart's canvas: ECharts really drew something. */
const paintedPixels = (page) => page.getByRole('region', { name: 'Results chart' }).locator('canvas').first().evaluate((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
  let n = 0
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
  return n
})

/** Makes each run 20 s long in the designer, runs, and stops with Esc once runs are under way: the host cancels them. */
async function stopLongRun(page) {
  await page.getByRole('tab', { name: 'Experiments' }).click()
  const duration = page.locator('#exp-sweep-duration')
  await duration.fill('20s')
  await duration.press('Enter')
  await page.getByText('= 20s').waitFor({ timeout: 5000 })
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await page.locator('.lab-run-status[data-state="running"]').waitFor({ timeout: 10_000 })
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('.lab-stats div:first-child dd')?.textContent ?? ''), null, { timeout: 20_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } }) // the focus out of any field: Esc then stops
  await page.keyboard.press('Escape')
  await page.locator('.lab-run-status[data-state="stopped"]').waitFor({ timeout: 15_000 })
  const done = await page.locator('.lab-progress progress').getAttribute('aria-valuetext')
  check(!/^24 of 24/.test(done ?? ''), `the stopped run says "${done}"`)
}

/** The scenario, on a running server and browser. Throws on the first thing that is not as it should be. */
export async function resultsFlow({ browser, url, root, tmp }) {
  const timings = []
  const { path, project } = writeSweepProject(root, tmp)
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
    await timed(timings, 'load the workbench', async () => {
      await page.goto(url, { waitUntil: 'load' })
      await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 15_000 })
    })
    await timed(timings, 'open the two-host project and its experiment', async () => {
      await page.getByRole('button', { name: 'Open', exact: true }).click()
      const input = page.locator('#path-prompt-input')
      await input.fill(path)
      await input.press('Enter')
      await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length === n, project.topology.nodes.length, { timeout: 15_000 })
    })
    await page.getByRole('tab', { name: 'Experiments' }).click()
    await page.getByRole('navigation', { name: 'Experiments' }).getByRole('button', { name: /Two techniques/ }).waitFor({ timeout: 5000 })
    await page.getByRole('button', { name: 'Taller' }).click()
    const runs = await page.getByText('8 points × 3 replications = 24 runs').count()
    check(runs === 1, 'the designer does not show "8 points × 3 replications = 24 runs" for the sweep')
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('screenshot-experiments.png') })
    const chart = page.getByRole('region', { name: 'Results chart' })
    await timed(timings, 'run 24 runs (8 points × 3 replications) until the chart shows them', async () => {
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await chart.waitFor({ timeout: 10_000 })
      await page.locator('.lab-run-status[data-state="done"]').waitFor({ timeout: 120_000 })
    })
    const progress = await page.locator('.lab-progress progress').getAttribute('aria-valuetext')
    check(progress === '24 of 24 runs done', `progress says "${progress}", expected "24 of 24 runs done"`)
    await page.waitForFunction(() => document.querySelector('[aria-label="Results chart"]')?.getAttribute('data-series') === '2', null, { timeout: 10_000 })
    const series = await chart.getByRole('list', { name: 'Series' }).getByRole('listitem').allTextContents()
    check(JSON.stringify(series) === JSON.stringify(['self-virtualized', 'driver-domain-up']), `chart series: ${JSON.stringify(series)}`)
    await page.waitForTimeout(500) // let the line animation finish before reading pixels
    const pixels = await paintedPixels(page)
    check(pixels > 2000, `the chart canvas is almost empty (${pixels} painted pixels)`)

    const csv = await timed(timings, 'export CSV', () => download(page, 'Export CSV'))
    const lines = csv.bytes.toString('utf8').trimEnd().split('\n')
    check(lines[0] === 'experiment,guests,variant,technique,scope,scope_id,metric,key,mean,ci95', `CSV header: ${lines[0]}`)
    check(lines.filter((l) => /^sweep,\d,[^,]+,[^,]+,total,,rtt_median_us,,/.test(l)).length === 8, 'the CSV has not one run-total rtt_median_us row per point')
    const png = await download(page, 'Export PNG')
    check(png.bytes.subarray(1, 4).toString() === 'PNG' && png.bytes.length > 5000, `PNG export: ${png.name}, ${png.bytes.length} bytes`)
    const svg = await download(page, 'Export SVG')
    check(/^<svg[\s\S]*self-virtualized[\s\S]*<\/svg>\s*$/.test(svg.bytes.toString('utf8')), `SVG export ${svg.name} is not an SVG of the chart`)

    await page.screenshot({ path: screenshotPath('screenshot-results.png') })
    await timed(timings, 'Stop a longer run (20 s simulated per run) with Esc', () => stopLongRun(page))
    const csp = await page.evaluate(() => window.__cspViolations)
    const all = [...errors, ...csp.map((v) => `CSP violation: ${v}`)]
    check(all.length === 0, `errors in the page:\n  ${all.join('\n  ')}`)
    const result = { timings, csvRows: lines.length - 1, pngBytes: png.bytes.length, svgBytes: svg.bytes.length, pixels }
    printResults(result)
    return result
  } finally {
    await context.close()
  }
}

function printResults({ timings, csvRows, pngBytes, svgBytes }) {
  for (const [name, ms] of timings) console.log(`    ${name.padEnd(62)} ${(ms / 1000).toFixed(2)} s`)
  console.log(`    exports: CSV ${csvRows} rows, PNG ${(pngBytes / 1024).toFixed(0)} KiB, SVG ${(svgBytes / 1024).toFixed(0)} KiB; screenshot-{experiments,results}.png`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAlone('Run/results', resultsFlow)
