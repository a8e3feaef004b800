// Opening files in the browser: every shipped example (none is fine), and broken files that must
// leave the current document exactly as it was while saying what is wrong.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerPathPrompt, check, dismissToasts, nodeTransforms, openPage, screenshotPath, waitForToast } from './helpers.mjs'

const nodeCount = (page) => page.locator('.vue-flow__node').count()

/** Opens every example; returns their names (the project names the File menu shows). */
async function openEveryExample(page, root) {
  const dir = join(root, 'examples')
  const files = readdirSync(dir).filter((f) => f.endsWith('.iovlab.json')).sort()
  for (const file of files) {
    const id = file.slice(0, -'.iovlab.json'.length)
    const expected = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    await page.locator('.file-menu > button').click()
    await page.getByRole('menuitem', { name: expected.name, exact: true }).click()
    await waitForToast(page, `Opened the example ${id}`)
    await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length === n, expected.topology.nodes.length, { timeout: 10_000 })
    const title = await page.title()
    check(title === `${id}.iovlab.json — IOV Lab`, `example ${id}: title "${title}"`)
  }
  return files.map((f) => [f.slice(0, -'.iovlab.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')).name])
}

async function openBroken(page, tmp) {
  const before = { count: await nodeCount(page), title: await page.title(), layout: await nodeTransforms(page) }
  const broken = [
    ['not-json.iovlab.json', '{ "format": "iovlab-project", "schemaVersion": 1, "name": "x",\n  "topology": { "nodes": [ }', /JSON|line/i],
    ['unknown-kind.iovlab.json', JSON.stringify({ format: 'iovlab-project', schemaVersion: 1, name: 'x', seed: 1,
      topology: { nodes: [{ id: 't', kind: 'toaster', name: 't', position: { x: 0, y: 0 }, params: {} }] } }), /toaster/],
    ['missing.iovlab.json', null, /no file/]
  ]
  for (const [name, text, pattern] of broken) {
    const path = join(tmp, name)
    if (text !== null) writeFileSync(path, text)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await answerPathPrompt(page, path)
    const panel = page.getByRole('alert', { name: 'File error' })
    await panel.waitFor({ timeout: 10_000 })
    const message = await panel.textContent()
    check(message.includes(`${path} did not open; your current project is unchanged`), `no clear title for ${name}: ${message}`)
    check(pattern.test(message), `the message for ${name} does not say what is wrong: ${message}`)
    check(await nodeCount(page) === before.count && await page.title() === before.title, `opening ${name} changed the document`)
    const layout = await nodeTransforms(page)
    check(JSON.stringify(layout) === JSON.stringify(before.layout), `opening ${name} moved the canvas`)
    await panel.getByRole('button', { name: 'Dismiss' }).click()
  }
}

export async function filesFlow({ browser, url, root, tmp }) {
  const { page, context, problems } = await openPage(browser, url)
  const examples = await openEveryExample(page, root)
  if (examples.length > 0) {
    const [id, name] = examples.find(([i]) => i === 'raj2006-np-nic') ?? examples[0]
    await page.locator('.file-menu > button').click()
    await page.getByRole('menuitem', { name, exact: true }).click()
    await waitForToast(page, `Opened the example ${id}`)
    await page.waitForTimeout(300)
    await dismissToasts(page)
    await page.screenshot({ path: screenshotPath('screenshot-shell.png') })
  }
  await openBroken(page, tmp)
  const errors = await problems()
  check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
  await context.close()
  return { examples: examples.length }
}
