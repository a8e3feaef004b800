// Browser e2e of storage in the workbench (issue 11), against the real `iovlab serve`: from an empty
// project, a host with two VMs, an NVMe SSD and a NIC, a storage array outside it linked over
// Ethernet; VM 1 gets a paravirtual virtual disk with encryption and VM 2 an NVMe VF; a block
// experiment is added and run, and the results show IOPS (the headline), latency p50/p99, CPU per I/O
// and the per-stage breakdown, each with its unit.
//
// What the branch can run decides two steps, and the flow says which it took: the paravirtual block
// front end and the back end's `interpose` come from other branches (stfront, stback). When validation
// refuses paravirtual for a disk, VM 1 takes an SR-IOV VF as well; when the virtual disk has no
// `interpose` field, a front-end parameter is set instead if there is one.
// `node tests/e2e/storage-flow.mjs` runs it alone (starting serve itself).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  answerPathPrompt, check, clickCanvas, connect, dismissToasts, dropFromPalette, node, openPage, runAlone, screenshotPath, setField, waitForToast
} from './helpers.mjs'

/** Clicks a host on its header (its box holds other cards). */
const selectHost = (page, name) => node(page, `Host ${name}`).click({ position: { x: 60, y: 14 } })

/** The validation's problems of attachment `id`, from the inspector (under the technique field and the problem list). */
async function techniqueProblem(page, id) {
  await page.waitForTimeout(400) // validation runs a moment after the edit
  const field = page.locator(`#technique-${id}`).locator('xpath=..').locator('.field-problem')
  return (await field.count()) > 0 ? (await field.first().textContent()) ?? '' : ''
}

/** Opens the inspector of an attachment through the VM's list of attachments. */
async function inspectAttachment(page, vm, device) {
  await clickCanvas(page)
  await node(page, `VM ${vm}`).click()
  await page.locator('.attachment-list button').filter({ hasText: device }).first().click()
  await page.getByRole('heading', { name: `Attachment ${vm}-${device}` }).waitFor({ timeout: 5000 })
}

async function setTechnique(page, id, technique) {
  await page.locator(`#technique-${id}`).selectOption(technique)
  await page.waitForFunction(([sel, t]) => document.querySelector(sel)?.value === t, [`#technique-${id}`, technique], { timeout: 5000 })
}

async function buildTopology(page, notes) {
  const box = await page.getByRole('region', { name: 'Topology' }).boundingBox()
  const at = (x, y) => ({ x: box.x + x, y: box.y + y })
  await dropFromPalette(page, 'Host', at(120, 90))
  await node(page, 'Host host-1').waitFor()
  // pass-through and VFs need the host's IOMMU
  await selectHost(page, 'host-1')
  await page.locator('#param-nodes-host-1-iommuEnabled').selectOption('yes')
  for (const kind of ['VM', 'VM', 'NVMe SSD', 'NIC']) {
    const b = await node(page, 'Host host-1').boundingBox()
    await dropFromPalette(page, kind, { x: b.x + 24, y: b.y + 16 })
  }
  await dropFromPalette(page, 'Storage array', at(760, 420))
  for (const name of ['VM vm-1', 'VM vm-2', 'NVMe SSD nvme-1', 'NIC nic-1', 'Storage array storage-array-1']) await node(page, name).waitFor()
  // the storage devices are drawn with their own outline and icon
  const shapes = await page.locator('.component-node').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.kind, e.dataset.shape])))
  check(shapes.nvme === 'chip' && shapes['storage-array'] === 'rack', `storage outlines: ${JSON.stringify(shapes)}`)
  check(await page.locator('.component-node[data-kind="nvme"] svg[data-icon="nvme"]').count() === 1, 'the NVMe SSD has no icon')
  // NVMe and NIC are placed in the host; the array is not, and is linked to the NIC over Ethernet
  const hostBox = await node(page, 'Host host-1').boundingBox()
  const nvme = await node(page, 'NVMe SSD nvme-1').boundingBox()
  check(nvme.x >= hostBox.x && nvme.y >= hostBox.y && nvme.x + nvme.width <= hostBox.x + hostBox.width + 0.5, 'the NVMe SSD is not inside the host')
  await connect(page, 'nic-1', 'storage-array-1')
  await waitForToast(page, 'Linked nic-1 and storage-array-1 (ethernet)')
  // a storage array is not placed on a host: refused with the reason
  await connect(page, 'host-1', 'storage-array-1')
  await waitForToast(page, 'Storage arrays are not placed on hosts')
  // two VFs on the NVMe SSD
  await clickCanvas(page)
  await node(page, 'NVMe SSD nvme-1').click()
  await setField(page, '#param-nodes-nvme-1-vfCount', '2')

  // VM 1: a paravirtual virtual disk (with encryption), VM 2: an NVMe VF
  await connect(page, 'vm-1', 'nvme-1')
  await waitForToast(page, /Attached vm-1 to nvme-1/)
  await connect(page, 'vm-2', 'nvme-1')
  await waitForToast(page, /Attached vm-2 to nvme-1/)
  await inspectAttachment(page, 'vm-2', 'nvme-1')
  check(await page.locator('.virtual-disk h3').textContent() === 'Virtual disk', 'the attachment to the NVMe SSD has no Virtual disk section')
  const offered = await page.locator('#technique-vm-2-nvme-1 option').evaluateAll((os) => os.map((o) => o.value))
  check(JSON.stringify(offered) === JSON.stringify(['native', 'emulated', 'paravirtual', 'passthrough', 'sriov', 'scalable-io']), `techniques offered for an NVMe SSD: ${offered}`)
  await setTechnique(page, 'vm-2-nvme-1', 'sriov')
  await inspectAttachment(page, 'vm-1', 'nvme-1')
  await setTechnique(page, 'vm-1-nvme-1', 'paravirtual')
  let technique = 'paravirtual'
  const refused = await techniqueProblem(page, 'vm-1-nvme-1')
  if (refused) {
    notes.push(`paravirtual is refused for a disk on this branch ("${refused.trim()}"): VM 1 takes an SR-IOV VF`)
    technique = 'sriov'
    await setTechnique(page, 'vm-1-nvme-1', 'sriov')
  }
  const interpose = page.locator('#vdisk-vm-1-nvme-1-interpose')
  if (technique === 'paravirtual' && await interpose.count() > 0) {
    await interpose.selectOption('encryption')
    notes.push('VM 1: paravirtual with interpose = encryption')
  } else {
    const front = page.locator('#vdisk-vm-1-nvme-1-coalesceCount, #vdisk-vm-1-nvme-1-paravirtDriver').first()
    if (await front.count() > 0) {
      const id = await front.getAttribute('id')
      if (id.endsWith('paravirtDriver')) await front.selectOption('virtio-blk')
      else await setField(page, `#${id}`, '4')
      notes.push(`no interpose for ${technique}: set the front parameter ${id.replace('vdisk-vm-1-nvme-1-', '')}`)
    } else {
      notes.push('the virtual disk has no parameters on this branch (VDISK_PARAMS is empty): none set')
    }
  }
  await page.locator('.status-problems').filter({ hasText: 'valid' }).waitFor({ timeout: 10_000 })
  await dismissToasts(page)
  await page.screenshot({ path: screenshotPath('screenshot-storage-editor.png') })
  return technique
}

async function runBlockExperiment(page) {
  await page.getByRole('tab', { name: 'Experiments' }).click()
  await page.getByRole('button', { name: 'Add experiment', exact: true }).click()
  // a storage-only topology: the new experiment starts with a block workload on both VMs
  const kind = page.locator('#wl-experiment-block-kind')
  await kind.waitFor({ timeout: 5000 })
  check(await kind.inputValue() === 'block', `the new experiment's workload is ${await kind.inputValue()}`)
  const clients = await page.locator('fieldset.lab-picker').first().locator('input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.checked))
  check(JSON.stringify(clients) === '[true,true]', `block clients: ${JSON.stringify(clients)}`)
  await page.locator('#wl-experiment-block-pattern').selectOption('randread')
  await setField(page, '#wl-experiment-block-queueDepth', '8')
  await setField(page, '#exp-experiment-duration', '5ms')
  await setField(page, '#exp-experiment-warmup', '1ms')
  await setField(page, '#exp-experiment-replications', '2')
  await page.locator('.status-problems').filter({ hasText: 'valid' }).waitFor({ timeout: 10_000 })
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await page.locator('.lab-run-status[data-state="done"]').waitFor({ timeout: 120_000 })
}

async function readResults(page) {
  // a finished run opens the results itself; a click on the open tab would close it
  const tab = page.getByRole('tab', { name: 'Results' })
  if (await tab.getAttribute('aria-selected') !== 'true') await tab.click()
  const table = page.getByRole('region', { name: 'Block I/O' })
  await table.waitFor({ timeout: 15_000 }).catch(async (e) => {
    await page.screenshot({ path: screenshotPath('storage-flow-failure.png') })
    const failures = await page.locator('.lab-run-failures, [role="alert"]').allTextContents()
    throw new Error(`${e.message}\n  page says: ${failures.join(' | ')}`)
  })
  const head = await table.locator('thead th').allTextContents()
  check(JSON.stringify(head) === JSON.stringify(['Point', 'IOPS (IO/s)', 'Throughput (MB/s)', 'Latency p50 (µs)', 'Latency p99 (µs)', 'CPU per I/O (µs)', 'Stages (µs)']), `Block I/O columns: ${head}`)
  const cell = async (col) => (await table.locator(`tbody tr td[data-column="${col}"]`).first().textContent()).trim()
  const iops = await cell('iops')
  const m = /^([\d.e+]+)( ± [\d.e+]+)? IO\/s$/.exec(iops)
  check(m && Number(m[1]) > 0, `IOPS reads "${iops}"`)
  for (const [col, unit] of [['mbs', 'MB/s'], ['p50', 'µs'], ['p99', 'µs'], ['cpu', 'µs']]) {
    const text = await cell(col)
    check(text.endsWith(` ${unit}`) && Number(text.split(' ')[0]) > 0, `${col} reads "${text}"`)
  }
  const stages = await table.locator('tbody tr td.stages code').allTextContents()
  check(stages.length > 0, 'no per-stage times in the Block I/O table')
  // the chart opens on IOPS; the percentiles chart draws p50 and p99; the breakdown stacks the block stages
  const settings = page.getByRole('group', { name: 'Chart settings' })
  const metric = await settings.locator('label', { hasText: 'Metric' }).locator('select').inputValue()
  check(metric === 'iops', `the chart opens on ${metric}, not iops`)
  const chartKind = settings.locator('label', { hasText: 'Chart' }).locator('select')
  await chartKind.selectOption('percentiles')
  const series = () => page.getByRole('region', { name: 'Results chart' }).getByRole('list', { name: 'Series' }).getByRole('listitem').allTextContents()
  await page.waitForFunction(() => document.querySelector('[aria-label="Results chart"]')?.getAttribute('data-series') === '2', null, { timeout: 10_000 })
  check(JSON.stringify(await series()) === JSON.stringify(['p50', 'p99']), `percentile series: ${await series()}`)
  await chartKind.selectOption('breakdown')
  await page.waitForTimeout(300)
  const stageSeries = await series()
  check(stageSeries.length > 0 && stageSeries.every((s) => stages.includes(s)), `breakdown series ${stageSeries} vs stages ${stages}`)
  await chartKind.selectOption('sweep')
  await page.waitForTimeout(500)
  await table.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('screenshot-storage-results.png') })
  return { iops, stages }
}

export async function storageFlow({ browser, url, tmp }) {
  const { page, context, problems } = await openPage(browser, url)
  const notes = []
  try {
    await page.getByRole('status').filter({ hasText: /^Engine / }).waitFor({ timeout: 10_000 })
    const technique = await buildTopology(page, notes)
    await runBlockExperiment(page)
    const { iops, stages } = await readResults(page)
    // the file keeps the virtual disks as the project-file contract says
    const path = join(tmp, 'storage.iovlab.json')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await answerPathPrompt(page, path)
    await waitForToast(page, `Saved ${path}`)
    const saved = JSON.parse(readFileSync(path, 'utf8'))
    const disks = saved.topology.attachments.map((a) => `${a.vm}→${a.device}:${a.technique}`).sort()
    check(JSON.stringify(disks) === JSON.stringify([`vm-1→nvme-1:${technique}`, 'vm-2→nvme-1:sriov']), `saved virtual disks: ${disks}`)
    check(saved.topology.nodes.find((n) => n.id === 'storage-array-1')?.host === undefined, 'the storage array was saved on a host')
    const errors = await problems()
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
    for (const n of notes) console.log(`    note: ${n}`)
    console.log(`    IOPS ${iops}; stages ${stages.join(', ')}`)
    return { technique, iops, notes }
  } finally {
    await context.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAlone('Storage', storageFlow, { timeoutMs: 300_000 })
