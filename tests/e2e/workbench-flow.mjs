// The workbench at 1024 × 768 on the technique-shootout example: hosts drawn as boxes holding their
// components with nothing on top of anything, attachment labels above the cards, a minimap and run
// bar that fit, notices that cover no control; a host's box moves its contents and resizes as one
// undoable step; connecting without a mouse; problems in the status bar that lead to their element;
// deleting a host says what goes and breaks; "discard changes?" in the app's own dialog after the
// new file is read; a save into a missing folder names the folder; the topology exported as PNG and SVG.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerPathPrompt, check, dismissToasts, drag, openPage, setField, waitForToast } from './helpers.mjs'

const EXAMPLE = 'technique-shootout'
/** A node by its id (the example's names are not its ids). */
const byId = (page, id) => page.locator(`.vue-flow__node[data-id="${id}"]`)

async function openExample(page, name) {
  await page.locator('.file-menu > button').click()
  await page.getByRole('menuitem', { name, exact: true }).click()
}

/** Pairs of drawn elements on top of each other (cards with cards, boxes with boxes), and cards outside their host's box. */
async function overlapsOnCanvas(page, placedOn) {
  return page.evaluate((placed) => {
    const rect = (el) => el.getBoundingClientRect()
    const cut = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1
    const cards = [...document.querySelectorAll('.vue-flow__node-component')].map((e) => [e.dataset.id, rect(e)])
    const hosts = Object.fromEntries([...document.querySelectorAll('.vue-flow__node-host')].map((e) => [e.dataset.id, rect(e)]))
    const out = []
    for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) if (cut(cards[i][1], cards[j][1])) out.push(`${cards[i][0]} × ${cards[j][0]}`)
    const ids = Object.keys(hosts)
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (cut(hosts[ids[i]], hosts[ids[j]])) out.push(`${ids[i]} × ${ids[j]}`)
    for (const [id, r] of cards) {
      const h = hosts[placed[id]]
      if (placed[id] && !(r.left >= h.left - 0.5 && r.right <= h.right + 0.5 && r.top >= h.top - 0.5 && r.bottom <= h.bottom + 0.5)) out.push(`${id} outside ${placed[id]}`)
      if (!placed[id]) for (const [hid, hr] of Object.entries(hosts)) if (cut(r, hr)) out.push(`${id} × ${hid}`)
    }
    return out
  }, placedOn)
}

async function containersAndLabels(page, doc) {
  const placedOn = Object.fromEntries(doc.topology.nodes.filter((n) => n.host).map((n) => [n.id, n.host]))
  const bad = await overlapsOnCanvas(page, placedOn)
  check(bad.length === 0, `${EXAMPLE} opens with elements on top of each other: ${bad.join(', ')}`)
  const badges = await page.locator('.vue-flow__node[data-id="dom0-a"] .badges').textContent()
  check(badges.includes('driver domain'), `dom0-a shows "${badges}", not its role`)
  const linkTexts = await page.locator('.vue-flow__edge.edge-link .vue-flow__edge-text').allTextContents()
  check(linkTexts.some((t) => /^Ethernet · \S+bps$/.test(t)) && linkTexts.some((t) => t.startsWith('InfiniBand · ')), `link labels: ${linkTexts.join(', ')}`)
  // every attachment is drawn above every card its label crosses, and its label is whole
  const hidden = await page.evaluate(() => {
    const out = []
    const cut = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    for (const text of document.querySelectorAll('.vue-flow__edge.edge-attachment .vue-flow__edge-text')) {
      const edgeZ = Number(getComputedStyle(text.closest('svg.vue-flow__edges')).zIndex) || 0
      const r = text.getBoundingClientRect()
      for (const n of document.querySelectorAll('.vue-flow__node')) {
        const z = Number(getComputedStyle(n).zIndex) || 0
        if (cut(r, n.getBoundingClientRect()) && z >= edgeZ) out.push(`${text.textContent} under ${n.dataset.id}`)
      }
      if (text.getComputedTextLength() < text.textContent.length * 3) out.push(`${text.textContent} clipped`)
    }
    return out
  })
  check(hidden.length === 0, `attachment labels covered: ${hidden.join('; ')}`)
}

async function fitsAt1024(page) {
  const m = await page.evaluate(() => {
    const canvas = document.querySelector('.topology').getBoundingClientRect()
    const minimap = document.querySelector('.minimap canvas').getBoundingClientRect()
    const bar = document.querySelector('.lab-run-controls')
    const tops = [...bar.querySelectorAll('button, select')].filter((b) => b.offsetParent).map((b) => Math.round(b.getBoundingClientRect().top))
    return { canvasW: canvas.width, canvasH: canvas.height, minimapW: minimap.width, minimapH: minimap.height, tops }
  })
  check(m.minimapW <= m.canvasW * 0.25 + 1 && m.minimapW * m.minimapH <= m.canvasW * m.canvasH * 0.1, `the minimap is ${m.minimapW}×${m.minimapH} on a ${m.canvasW}×${m.canvasH} canvas`)
  check(Math.max(...m.tops) - Math.min(...m.tops) <= 4, `the run bar wraps: its controls start at ${m.tops.join(', ')}`)
}

/** A notice (toast) covers no button, field, tab or the minimap. */
async function toastsCoverNothing(page) {
  const covered = await page.evaluate(() => {
    const toasts = [...document.querySelectorAll('.toast')].map((t) => t.getBoundingClientRect())
    const out = []
    for (const el of document.querySelectorAll('button, input, select, textarea, [role="tab"], .minimap canvas')) {
      if (el.closest('.toasts') || !el.offsetParent && el.tagName !== 'CANVAS') continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      for (const t of toasts) if (r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom) out.push(el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 30) ?? el.tagName)
    }
    return out
  })
  check(covered.length === 0, `a notice covers: ${covered.join(', ')}`)
}

async function hostBoxMovesAndResizes(page) {
  const boxOf = (id) => page.locator(`.vue-flow__node[data-id="${id}"]`).boundingBox()
  const before = { host: await boxOf('host-a'), vm: await boxOf('dom0-a'), nic: await boxOf('nic-a') }
  const header = { x: before.host.x + 80, y: before.host.y + 12 }
  await drag(page, header, { x: header.x, y: header.y + 60 })
  const after = { host: await boxOf('host-a'), vm: await boxOf('dom0-a'), nic: await boxOf('nic-a') }
  const dy = after.host.y - before.host.y
  check(dy > 20, `dragging host-a by its header moved it by ${dy} px`)
  for (const k of ['vm', 'nic']) check(Math.abs(after[k].y - before[k].y - dy) < 1.5 && Math.abs(after[k].x - before[k].x - (after.host.x - before.host.x)) < 1.5, `${k} did not move with its host`)
  await page.keyboard.press('Control+z')
  check(Math.abs((await boxOf('dom0-a')).y - before.vm.y) < 1, 'one Undo did not put the host and its components back')
  // the corner resizes the box; one record
  const b = await boxOf('host-b')
  // a point of the corner handle that nothing (a link passing by) covers
  const corner = await page.evaluate(() => {
    const h = document.querySelector('.vue-flow__node[data-id="host-b"] .host-resize').getBoundingClientRect()
    for (let dy = h.height - 3; dy >= 2; dy -= 2) for (let dx = h.width - 3; dx >= 2; dx -= 2) {
      if (document.elementFromPoint(h.left + dx, h.top + dy)?.classList.contains('host-resize')) return { x: h.left + dx, y: h.top + dy }
    }
    return null
  })
  check(corner !== null, 'the resize corner of host-b is covered')
  await drag(page, corner, { x: corner.x + 60, y: corner.y + 50 })
  const grown = await boxOf('host-b')
  check(grown.width > b.width + 20 && grown.height > b.height + 20, `resizing host-b: ${b.width}×${b.height} → ${grown.width}×${grown.height}`)
  await page.locator('button[title^="Undo: Resize host-b"]').waitFor({ timeout: 5000 })
  await page.keyboard.press('Control+z')
}

async function connectWithoutMouse(page) {
  await byId(page, 'np-guests-a').click()
  const select = page.locator('#connect-np-guests-a')
  await select.waitFor({ timeout: 5000 })
  const option = await select.locator('option', { hasText: '(nic-a) — attach' }).getAttribute('value')
  await select.selectOption(option)
  await select.focus()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await waitForToast(page, 'Attached np-guests-a to nic-a')
  // C connects the two selected components
  await byId(page, 'dc-guests-b').click()
  await byId(page, 'np-b').click({ modifiers: ['Shift'] })
  await page.keyboard.press('c')
  await waitForToast(page, /Attached dc-guests-b to np-b/)
  // Both VMs had an attachment already, and a VM may have one: undo the two, so the project is valid again.
  await page.keyboard.press('Control+z')
  await page.keyboard.press('Control+z')
  await page.locator('.status-problems[data-valid="true"]').waitFor({ timeout: 5000 })
}

async function problemLeadsToElement(page) {
  await byId(page, 'sw').click()
  await setField(page, '#param-nodes-sw-lineRate', 'fast')
  const count = page.locator('button.status-problems')
  await count.waitFor({ timeout: 5000 })
  await count.click()
  await page.locator('.status-problem', { hasText: 'lineRate' }).first().click()
  await page.locator('.vue-flow__node[data-id="sw"] .component-node.marked.selected').waitFor({ timeout: 5000 })
  await page.keyboard.press('Control+z')
  await page.locator('.status-problems[data-valid="true"]').waitFor({ timeout: 5000 })
}

async function deleteHostSaysWhat(page) {
  await page.keyboard.press('f') // the problem brought the switch into view, zoomed in: the whole topology again
  await page.waitForTimeout(200)
  await byId(page, 'host-a').click({ position: { x: 60, y: 14 } })
  await page.keyboard.press('Delete')
  const dialog = page.getByRole('alertdialog')
  await dialog.waitFor({ timeout: 5000 })
  const text = await dialog.textContent()
  check(/Goes: .*components placed on host-a/.test(text) && /Breaks: experiment/.test(text), `the delete dialog says: ${text}`)
  await dialog.getByRole('button', { name: 'Delete' }).click()
  await byId(page, 'dom0-a').waitFor({ state: 'detached', timeout: 5000 })
  await page.keyboard.press('Control+z')
  await byId(page, 'dom0-a').waitFor({ timeout: 5000 })
  await byId(page, 'host-a').waitFor({ timeout: 5000 })
}

async function exports(page) {
  for (const [format, test] of [['SVG', (b) => b.toString('utf8').includes('<svg') && (b.toString('utf8').match(/class="host"/g) ?? []).length === 2],
    ['PNG', (b) => b.subarray(0, 4).toString('hex') === '89504e47' && b.length > 5000]]) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByRole('button', { name: `Export topology as ${format}` }).click()])
    const bytes = readFileSync(await download.path())
    check(download.suggestedFilename() === `${EXAMPLE}_topology.${format.toLowerCase()}` && test(bytes), `the ${format} export ${download.suggestedFilename()} (${bytes.length} bytes) is not the topology`)
  }
}

async function discardAndSave(page, tmp, nativeDialogs) {
  // make the document dirty (the edits above were all undone): nudge the switch, then opening another
  // example reads it, then asks in the app's dialog
  await byId(page, 'sw').click()
  await page.keyboard.press('ArrowRight')
  await openExample(page, 'raj2006-np-nic')
  const dialog = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' })
  await dialog.waitFor({ timeout: 10_000 })
  await dialog.getByRole('button', { name: 'Keep editing' }).click()
  check((await page.title()).includes(`${EXAMPLE}.iovlab.json`), `keeping the changes left "${await page.title()}"`)
  await byId(page, 'host-a').waitFor()
  // a save into a folder that does not exist: the folder is named, our temporary file is not
  const missing = join(tmp, 'no', 'such', 'folder', 'x.iovlab.json')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await answerPathPrompt(page, missing)
  const panel = page.getByRole('alert', { name: 'File error' })
  await panel.waitFor({ timeout: 10_000 })
  const message = await panel.textContent()
  check(message.includes(`the folder ${join(tmp, 'no', 'such', 'folder')} does not exist`) && !/\.tmp\b/.test(message), `the failed save says: ${message}`)
  await panel.getByRole('button', { name: 'Dismiss' }).click()
  await openExample(page, 'raj2006-np-nic')
  await dialog.waitFor({ timeout: 10_000 })
  await dialog.getByRole('button', { name: 'Discard changes' }).click()
  await waitForToast(page, 'Opened the example raj2006-np-nic')
  check(nativeDialogs() === 0, `${nativeDialogs()} native dialogs (window.confirm) were shown`)
}

export async function workbenchFlow({ browser, url, root, tmp }) {
  const { page, context, problems } = await openPage(browser, url, { viewport: { width: 1024, height: 768 } })
  let native = 0
  page.on('dialog', () => native++)
  const doc = JSON.parse(readFileSync(join(root, 'examples', `${EXAMPLE}.iovlab.json`), 'utf8'))
  await openExample(page, doc.name)
  await waitForToast(page, `Opened the example ${EXAMPLE}`)
  await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length === n, doc.topology.nodes.length, { timeout: 10_000 })
  await page.waitForTimeout(300)
  await containersAndLabels(page, doc)
  await fitsAt1024(page)
  await toastsCoverNothing(page)
  await dismissToasts(page)
  await hostBoxMovesAndResizes(page)
  await connectWithoutMouse(page)
  await toastsCoverNothing(page)
  await problemLeadsToElement(page)
  await deleteHostSaysWhat(page)
  await exports(page)
  await discardAndSave(page, tmp, () => native)
  const errors = await problems()
  check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
  await context.close()
}
