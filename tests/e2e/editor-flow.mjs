// The main browser scenario: a two-host topology built from an empty project by drag and drop, VMs
// attached with two techniques, a parameter with a unit, undo/redo across canvas and inspector, save,
// reload, open again and compare the saved files byte for byte; screenshots of the main views.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  answerPathPrompt, centre, check, clickCanvas, connect, dismissToasts, drag, dropFromPalette, node, nodeTransforms, openPage, screenshotPath, setField, waitForToast
} from './helpers.mjs'

const edgeLabels = (page) => page.locator('.vue-flow__edge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).sort())

async function buildTopology(page) {
  const box = await page.getByRole('region', { name: 'Topology' }).boundingBox()
  const at = (x, y) => ({ x: box.x + x, y: box.y + y })
  await dropFromPalette(page, 'Host', at(110, 100))
  await dropFromPalette(page, 'Host', at(560, 100))
  await node(page, 'Host host-1').waitFor()
  await node(page, 'Host host-2').waitFor()
  // rename the first host in the inspector: id and name
  await node(page, 'Host host-1').click({ position: { x: 60, y: 14 } })
  await setField(page, '#id-nodes-host-1', 'host-a')
  await setField(page, '#name-host-a', 'host-a')
  await node(page, 'Host host-a').waitFor()
  await node(page, 'Host host-2').click({ position: { x: 60, y: 14 } })
  await setField(page, '#id-nodes-host-2', 'host-b')
  await setField(page, '#name-host-b', 'host-b')
  await node(page, 'Host host-b').waitFor()
  // components dropped onto a host are placed on it, inside its box
  for (const [kind, host] of [['VM', 'host-a'], ['NP-NIC', 'host-a'], ['VM', 'host-b'], ['NIC', 'host-b']]) {
    const b = await node(page, `Host ${host}`).boundingBox()
    await dropFromPalette(page, kind, { x: b.x + 24, y: b.y + 16 }) // on the host's header
  }
  await dropFromPalette(page, 'Switch', at(420, 440))
  for (const name of ['VM vm-1', 'NP-NIC np-nic-1', 'VM vm-2', 'NIC nic-1', 'Switch switch-1']) await node(page, name).waitFor()
  // attachments with two techniques, and the wiring
  await connect(page, 'vm-1', 'np-nic-1')
  await waitForToast(page, 'Attached vm-1 to np-nic-1 (self-virtualized)')
  await connect(page, 'vm-2', 'nic-1')
  await waitForToast(page, 'Attached vm-2 to nic-1 (paravirtual)')
  await connect(page, 'np-nic-1', 'switch-1')
  await connect(page, 'nic-1', 'switch-1')
  // a connection the catalog does not allow is refused with the reason
  await connect(page, 'vm-1', 'switch-1')
  await waitForToast(page, 'A VM reaches devices through attachments')
  const labels = await edgeLabels(page)
  for (const want of ['Attachment vm-1-np-nic-1 (self-virtualized)', 'Attachment vm-2-nic-1 (paravirtual)', 'Ethernet link link-1', 'Ethernet link link-2']) {
    check(labels.includes(want), `edge "${want}" missing; edges: ${labels.join(', ')}`)
  }
  // hosts are containers: each placed component is drawn inside its host's box
  for (const [child, host] of [['VM vm-1', 'host-a'], ['NP-NIC np-nic-1', 'host-a'], ['VM vm-2', 'host-b'], ['NIC nic-1', 'host-b']]) {
    const c = await node(page, child).boundingBox()
    const h = await node(page, `Host ${host}`).boundingBox()
    check(c.x >= h.x && c.y >= h.y && c.x + c.width <= h.x + h.width + 0.5 && c.y + c.height <= h.y + h.height + 0.5, `${child} is not inside ${host}'s box`)
  }
}

/** Inspector edits with units, then undo/redo across inspector and canvas. */
async function editAndUndo(page) {
  await node(page, 'Host host-a').click({ position: { x: 60, y: 14 } })
  const clock = page.locator('#param-nodes-host-a-clock')
  await setField(page, '#param-nodes-host-a-clock', '3000 MHz')
  check(await clock.inputValue() === '3GHz', `clock shows "${await clock.inputValue()}", expected the canonical "3GHz"`)
  await setField(page, '#param-nodes-host-a-schedulerTimeslice', '1 parsec')
  await page.locator('#param-nodes-host-a-schedulerTimeslice-msg').filter({ hasText: 'not a duration' }).waitFor({ timeout: 5000 })
  await page.locator('.status-problems').filter({ hasText: '1 problem' }).waitFor({ timeout: 5000 })
  await setField(page, '#param-nodes-host-a-schedulerTimeslice', '10ms')
  await page.locator('.status-problems').filter({ hasText: 'valid' }).waitFor({ timeout: 5000 })
  await page.getByRole('button', { name: 'Undo', exact: true }).click() // 10ms → 1 parsec
  await page.getByRole('button', { name: 'Undo', exact: true }).click() // → unset
  check(await page.locator('#param-nodes-host-a-schedulerTimeslice').inputValue() === '', 'undo did not clear the time slice')
  // a canvas move, undone and redone with the keyboard
  await clickCanvas(page)
  const before = (await nodeTransforms(page))['switch-1']
  await drag(page, await centre(node(page, 'Switch switch-1')), { ...(await centre(node(page, 'Switch switch-1'))), y: (await centre(node(page, 'Switch switch-1'))).y + 96 })
  const moved = (await nodeTransforms(page))['switch-1']
  check(moved !== before, 'dragging the switch did not move it')
  await clickCanvas(page)
  await page.keyboard.press('Control+z')
  check((await nodeTransforms(page))['switch-1'] === before, 'Ctrl+Z did not put the switch back')
  await page.keyboard.press('Control+z') // the inspector's clock edit, from the canvas
  await node(page, 'Host host-a').click({ position: { x: 60, y: 14 } })
  check(await clock.inputValue() === '', `undo across canvas and inspector: clock shows "${await clock.inputValue()}"`)
  await clickCanvas(page)
  await page.keyboard.press('Control+Shift+z')
  await page.keyboard.press('Control+y')
  check((await nodeTransforms(page))['switch-1'] === moved, 'redo did not move the switch again')
  await page.getByRole('button', { name: 'Undo', exact: true }).click()
  await page.getByRole('button', { name: 'Redo', exact: true }).click()
  await node(page, 'Host host-a').click({ position: { x: 60, y: 14 } })
  check(await clock.inputValue() === '3GHz', 'redo did not bring the clock back')
}

async function copyPasteDelete(page) {
  // Shift+click selects vm-1 and np-nic-1 (inside host-a's box); Delete takes their attachment too; undo brings all back
  await clickCanvas(page)
  await node(page, 'VM vm-1').click()
  await node(page, 'NP-NIC np-nic-1').click({ modifiers: ['Shift'] })
  const selected = await page.locator('.vue-flow__node.selected').evaluateAll((els) => els.map((e) => e.dataset.id).sort())
  check(selected.join() === 'np-nic-1,vm-1', `the selection box selected [${selected}]`)
  await page.keyboard.press('Delete')
  await node(page, 'VM vm-1').waitFor({ state: 'detached', timeout: 5000 })
  check(!(await edgeLabels(page)).some((l) => l.startsWith('Attachment vm-1')), 'deleting vm-1 left its attachment')
  await page.keyboard.press('Control+z')
  await node(page, 'NP-NIC np-nic-1').waitFor({ timeout: 5000 })
  check((await edgeLabels(page)).includes('Attachment vm-1-np-nic-1 (self-virtualized)'), 'undo did not bring the attachment back')
  await clickCanvas(page)
  await node(page, 'Switch switch-1').click()
  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  await node(page, 'Switch switch-2').waitFor({ timeout: 5000 })
  await page.keyboard.press('Delete')
  await node(page, 'Switch switch-2').waitFor({ state: 'detached', timeout: 5000 })
}

export async function editorFlow({ browser, url, tmp }) {
  const { page, context, problems } = await openPage(browser, url)
  const status = page.getByRole('status')
  await status.filter({ hasText: /^Engine / }).waitFor({ timeout: 10_000 })
  check(await page.title() === 'IOV Lab', `title "${await page.title()}" on an empty project`)
  await buildTopology(page)
  await editAndUndo(page)
  await copyPasteDelete(page)
  check((await page.title()).startsWith('• untitled'), `title "${await page.title()}" does not mark unsaved changes`)
  await clickCanvas(page)
  await page.getByRole('button', { name: 'Auto layout' }).click()
  await page.locator('button[title^="Undo: Auto layout"]').waitFor({ timeout: 20_000 }) // ELK loads on first use
  await page.keyboard.press('Control+z') // back to the hand-made layout
  await page.keyboard.press('f')
  await dismissToasts(page)
  await page.screenshot({ path: screenshotPath('screenshot-editor.png') })
  await node(page, 'NP-NIC np-nic-1').click()
  await page.screenshot({ path: screenshotPath('screenshot-inspector.png') })
  await page.locator('.status-problems').filter({ hasText: 'valid' }).waitFor({ timeout: 5000 })

  // save, reload, open again: the same file
  const first = join(tmp, 'two-hosts.iovlab.json')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await answerPathPrompt(page, first)
  await waitForToast(page, `Saved ${first}`)
  check(await page.title() === 'two-hosts.iovlab.json — IOV Lab', `title after saving: "${await page.title()}"`)
  const saved = JSON.parse(readFileSync(first, 'utf8'))
  check(saved.topology.nodes.length === 7 && saved.topology.attachments.length === 2 && saved.topology.links.length === 2,
    `the saved file has ${saved.topology.nodes.length} nodes, ${saved.topology.attachments.length} attachments, ${saved.topology.links.length} links`)
  check(saved.topology.nodes[0].params.clock === '3GHz', `saved clock is ${JSON.stringify(saved.topology.nodes[0].params.clock)}`)
  const layout = await nodeTransforms(page)
  await page.reload({ waitUntil: 'load' })
  await node(page, 'Host host-a').waitFor({ timeout: 10_000 })
  check(await page.title() === 'two-hosts.iovlab.json — IOV Lab', `after reload the title is "${await page.title()}"`)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await answerPathPrompt(page, first)
  await waitForToast(page, `Opened ${first}`)
  const reopened = await nodeTransforms(page)
  for (const [id, transform] of Object.entries(layout)) check(reopened[id] === transform, `${id} is at ${reopened[id]} after reopening, was ${transform}`)
  const second = join(tmp, 'two-hosts-again.iovlab.json')
  await page.locator('.file-menu > button').click()
  await page.getByRole('menuitem', { name: 'Save as…' }).click()
  await answerPathPrompt(page, second)
  await waitForToast(page, `Saved ${second}`)
  check(readFileSync(second, 'utf8') === readFileSync(first, 'utf8'), 'the file saved after reload and reopening differs from the first save')
  const errors = await problems()
  check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
  await context.close()
  return { saved: first }
}
