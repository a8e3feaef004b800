// Browser e2e of a live migration staged in the workbench (issue 12), against the real `iovlab serve`:
// opens the example isolation-and-mobility from the File menu, checks the designer's warning of the
// rogue-DMA experiment's IOMMU off (acknowledged), focuses its "migration" experiment,
// edits the migration row in the designer (an earlier start and an explicit link; undo and redo), adds a
// second row and removes it, runs the experiment, and reads the results: the Live migration table under
// the chart with migration_downtime_ms (a number in ms per technique) and the "Over time" chart of the
// ping's RTT per window. `node tests/e2e/mobility-flow.mjs` runs it alone (starting serve itself).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { check, dismissToasts, openPage, runAlone, screenshotPath, setField, waitForToast } from './helpers.mjs'

const EXAMPLE = 'isolation-and-mobility'

async function openExample(page, root) {
  const expected = JSON.parse(readFileSync(join(root, 'examples', `${EXAMPLE}.iovlab.json`), 'utf8'))
  await page.locator('.file-menu > button').click()
  await page.getByRole('menuitem', { name: expected.name, exact: true }).click()
  await waitForToast(page, `Opened the example ${EXAMPLE}`)
  await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length === n, expected.topology.nodes.length, { timeout: 10_000 })
  await dismissToasts(page)
  return expected
}

/** The rogue-DMA experiment acknowledges the IOMMU off: the designer warns what it runs without (validated in the worker). */
/** Opens the designer (a click on the open tab would close it). */
async function designer(page) {
  const tab = page.getByRole('tab', { name: 'Experiments' })
  if (await tab.getAttribute('aria-selected') !== 'true') await tab.click()
}

async function protectionWarning(page, expected) {
  await designer(page)
  const name = expected.experiments.find((e) => e.id === 'rogue-dma').name
  await page.getByRole('navigation', { name: 'Experiments' }).getByRole('button', { name: new RegExp(name) }).click()
  const box = page.locator('[data-testid="protections"]')
  await box.locator('.lab-warning').first().waitFor({ timeout: 10_000 })
  const warning = await box.locator('.lab-warning').first().textContent()
  check(/^Warning: .*"passthrough" needs the IOMMU of host "host-a"/.test(warning ?? ''), `the protection warning reads "${warning}"`)
  check(await page.locator('#exp-rogue-dma-protection-off').isChecked(), 'rogue-dma is not shown as acknowledging a protection off')
}

/** The migration row's fields in the designer: edit, check the document follows, undo and redo by keyboard. */
async function editMigration(page, expected) {
  await designer(page)
  const name = expected.experiments.find((e) => e.id === 'migration').name
  await page.getByRole('navigation', { name: 'Experiments' }).getByRole('button', { name: new RegExp(name) }).click()
  const section = page.getByRole('region', { name: 'Live migrations of migration' })
  await section.waitFor({ timeout: 5000 })
  const legend = () => section.locator('legend').first().textContent()
  check(await legend() === 'Migration 1: mover-vm → host-b at 1s', `the migration row reads "${await legend()}"`)
  // the technique notes: paravirtual migrates, pass-through fails over first (the sweep zips both)
  const notes = await section.locator('.lab-schedule-notes li').allTextContents()
  check(notes.some((n) => /mover-nic is paravirtual: .* migrates/.test(n)) && notes.some((n) => /mover-nic is pass-through: .* fails over to a paravirtual interface/.test(n)), `migration notes: ${notes.join(' | ')}`)
  await setField(page, '#migrations-migration-0-at', '500ms')
  await page.locator('#migrations-migration-0-at-note').filter({ hasText: '= 500ms from the run\'s start' }).waitFor({ timeout: 5000 })
  await page.locator('#migrations-migration-0-link').selectOption('nic-m-sw')
  check(await legend() === 'Migration 1: mover-vm → host-b at 500ms', `after the edit the row reads "${await legend()}"`)
  // undo takes the link back, redo puts it again (keyboard, the focus out of any field)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+z')
  await page.waitForFunction(() => document.querySelector('#migrations-migration-0-link')?.value === '', null, { timeout: 5000 })
  await page.keyboard.press('Control+Shift+z')
  await page.waitForFunction(() => document.querySelector('#migrations-migration-0-link')?.value === 'nic-m-sw', null, { timeout: 5000 })
  // a second row: added with the first placed VM, then removed
  await section.getByRole('button', { name: 'Add a migration' }).click()
  await section.locator('fieldset[data-row="1"]').waitFor({ timeout: 5000 })
  await section.getByRole('button', { name: 'Remove migration 2' }).click()
  await section.locator('fieldset[data-row="1"]').waitFor({ state: 'detached', timeout: 5000 })
  await page.locator('.status-problems').filter({ hasText: 'valid' }).waitFor({ timeout: 10_000 })
  await section.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('mobility-designer.png') })
}

async function runAndRead(page) {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await page.locator('.lab-run-status[data-state="done"]').waitFor({ timeout: 120_000 })
  const tab = page.getByRole('tab', { name: 'Results' })
  if (await tab.getAttribute('aria-selected') !== 'true') await tab.click()
  const table = page.getByRole('region', { name: 'Live migration' })
  await table.waitFor({ timeout: 15_000 }).catch(async (e) => {
    await page.screenshot({ path: screenshotPath('mobility-flow-failure.png') })
    const failures = await page.locator('.lab-run-failures, [role="alert"]').allTextContents()
    throw new Error(`${e.message}\n  page says: ${failures.join(' | ')}`)
  })
  const head = await table.locator('thead th').allTextContents()
  check(JSON.stringify(head.slice(0, 5)) === JSON.stringify(['Point', 'total (ms)', 'downtime (ms)', 'sent (MB)', 'rounds']), `Live migration columns: ${head}`)
  const downtimes = (await table.locator('tbody td[data-column="migration_downtime_ms"]').allTextContents()).map((t) => t.trim())
  check(downtimes.length === 2 && downtimes.every((t) => Number(t) > 0), `migration_downtime_ms per technique: ${JSON.stringify(downtimes)}`)
  const rows = (await table.locator('tbody th[scope="row"]').allTextContents()).map((t) => t.trim())
  check(rows.some((r) => /paravirtual/.test(r)) && rows.some((r) => /passthrough/.test(r)), `Live migration rows: ${rows}`)
  // the Over time chart: the ping's RTT per 250 ms window, one line per point
  const settings = page.getByRole('group', { name: 'Chart settings' })
  await settings.locator('label', { hasText: 'Chart' }).locator('select').selectOption('timeseries')
  await page.waitForFunction(() => Number(document.querySelector('[aria-label="Results chart"]')?.getAttribute('data-series')) >= 2, null, { timeout: 10_000 })
  const series = await page.getByRole('region', { name: 'Results chart' }).getByRole('list', { name: 'Series' }).getByRole('listitem').allTextContents()
  check(series.length === 2 && series.every((s) => /victim$/.test(s)), `Over time series: ${JSON.stringify(series)}`)
  await page.waitForTimeout(500)
  await page.screenshot({ path: screenshotPath('mobility-results.png') })
  return { downtimes, series }
}

export async function mobilityFlow({ browser, url, root }) {
  const { page, context, problems } = await openPage(browser, url)
  try {
    await page.getByRole('status').filter({ hasText: /^Engine / }).waitFor({ timeout: 10_000 })
    const expected = await openExample(page, root)
    await protectionWarning(page, expected)
    await editMigration(page, expected)
    const { downtimes, series } = await runAndRead(page)
    const errors = await problems()
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
    console.log(`    migration_downtime_ms ${downtimes.join(' / ')} ms; over time: ${series.join(', ')}`)
    return { downtimes }
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAlone('Mobility', mobilityFlow, { timeoutMs: 300_000 })
