// The experiment's timed schedules as data (issue 12): live migrations (`migrations`, docs/migration.md)
// and faults (`faults`, docs/faults.md) — each a list of rows, each row a few fields (a choice from the
// topology, a time with units, a number). ScheduleEditor.vue draws any ScheduleSpec, so another row type
// (a storage migration, say) is one more spec here. Pure: the document in, rows, choices, notes and
// change records out; every change is a `set-path` record of the editor's history (undo/redo, dirty).
import { FAULT_KINDS, formatDuration, parseDuration, parseQuantity, type Experiment, type Project } from '../../../../core/project'
import type { Change } from '../../model/changes'
import { experimentField, setPathChange } from './experiment-changes'

export type Row = Readonly<Record<string, unknown>>

export interface Choice {
  readonly value: string
  readonly label: string
}

export interface ScheduleField {
  readonly key: string
  readonly label: string
  /** A pick from the topology, a simulated time with units ("1s", "52ms"), a number, or a quantity with units ("256MiB", "400Mbps"). */
  readonly type: 'choice' | 'time' | 'number' | 'quantity'
  /** A quantity field's dimension. */
  readonly dim?: 'size' | 'bandwidth'
  /** May be left out: the choice list has an empty entry (named `none`), an emptied text field removes the key. */
  readonly optional?: boolean
  /** The empty entry's label (an optional choice), or the placeholder of an empty text field. */
  readonly none?: string
  readonly title: string
  readonly unit?: string
  /** The choices a row may make (a choice field). */
  readonly choices?: (doc: Project, row: Row) => Choice[]
  /** Whether the row has this field at all (a loss rate only for packet loss). */
  readonly shown?: (row: Row) => boolean
  /** A number field's bounds. */
  readonly min?: number
  readonly max?: number
}

export interface ScheduleNote {
  readonly text: string
  /** 'ok': what will happen; 'warning': what validation refuses or what costs an outage. */
  readonly tone: 'ok' | 'warning'
  /** A one-click fix: the record it dispatches and the button's label. */
  readonly fix?: { readonly label: string; readonly change: Change }
}

export interface ScheduleSpec {
  /** The experiment's field holding the rows ("migrations", "faults"; a new schedule names its own). */
  readonly field: string
  readonly title: string
  /** "migration", "fault": in button labels. */
  readonly noun: string
  readonly intro: string
  readonly fields: readonly ScheduleField[]
  /** A new row that fits the topology, or why none can be made. */
  readonly newRow: (doc: Project, exp: Experiment) => Row | string
  /** The row after `key` was set: fields that no longer fit follow (a fault's target when its kind changes). */
  readonly follow?: (doc: Project, row: Row, key: string) => Row
  /** "mover-vm → host-b at 1s": the row's legend. */
  readonly rowLabel: (row: Row, index: number) => string
  /** What the row will do, and why it may be refused (a technique that does not migrate). */
  readonly notes?: (doc: Project, exp: Experiment, row: Row) => ScheduleNote[]
}

type Node = Project['topology']['nodes'][number]
type Link = Project['topology']['links'][number]

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const nodeLabel = (n: Node): string => (n.name && n.name !== n.id ? `${n.id} (${n.name})` : n.id)
const linkLabel = (l: Link): string => `${l.id} (${l.from}–${l.to})`

/** The value of a parameter as the project writes it, a variable read from `variables`. */
function resolved(doc: Project, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && 'var' in v) return doc.variables?.[(v as { var: string }).var]
  return v
}

/** Ethernet links, the ones a migration or a link fault may use. */
function ethernetLinks(doc: Project): Choice[] {
  return doc.topology.links.filter((l) => l.kind === 'ethernet').map((l) => ({ value: l.id, label: linkLabel(l) }))
}

function nodesOfKind(doc: Project, kinds: readonly string[]): Choice[] {
  return doc.topology.nodes.filter((n) => kinds.includes(n.kind)).map((n) => ({ value: n.id, label: nodeLabel(n) }))
}

/** A time inside the measured period, for a new row: warm-up plus a tenth of the duration, written with units. */
export function defaultStart(exp: Pick<Experiment, 'duration' | 'warmup'>): string {
  const d = parseDuration(exp.duration)
  const w = parseDuration(exp.warmup ?? 0)
  const ns = (w.ok ? w.value : 0) + (d.ok ? Math.round(d.value / 10) : 0)
  return formatDuration(ns)
}

// ---------------------------------------------------------------- migrations

/** VMs placed on a host (a VM must have somewhere to migrate from). */
function placedVms(doc: Project): Node[] {
  return doc.topology.nodes.filter((n) => n.kind === 'vm' && typeof n.host === 'string')
}

function targetHosts(doc: Project, row: Row): Choice[] {
  const from = doc.topology.nodes.find((n) => n.id === row.vm)?.host
  return doc.topology.nodes.filter((n) => n.kind === 'host' && n.id !== from).map((n) => ({ value: n.id, label: nodeLabel(n) }))
}

const DIRECT = new Set(['passthrough', 'sriov'])
const LOCAL_STORAGE = new Set(['disk', 'ssd', 'nvme'])

/** The values a technique takes in the experiment: as written, and every value its sweep gives it. */
function techniqueValues(doc: Project, exp: Experiment, a: Project['topology']['attachments'][number]): string[] {
  const out = new Set<string>()
  const now = resolved(doc, a.technique)
  if (typeof now === 'string') out.add(now)
  const variable = typeof a.technique === 'object' && a.technique !== null && 'var' in a.technique ? (a.technique as { var: string }).var : undefined
  for (const axis of exp.sweep ?? []) {
    for (const [path, values] of Object.entries(axis)) {
      if (path === `topology.attachments.${a.id}.technique` || (variable !== undefined && path === `variables.${variable}`)) {
        for (const v of values) if (typeof v === 'string') out.add(v)
      }
    }
  }
  return [...out]
}

/** The VM's migrationFailover values in the experiment (as written, and swept). */
function failoverValues(doc: Project, exp: Experiment, vm: Node): string[] {
  const out = new Set<string>()
  const now = resolved(doc, vm.params?.migrationFailover) ?? 'none'
  out.add(String(now))
  const written = vm.params?.migrationFailover
  const variable = typeof written === 'object' && written !== null && 'var' in written ? (written as { var: string }).var : undefined
  for (const axis of exp.sweep ?? []) {
    for (const [path, values] of Object.entries(axis)) {
      if (path === `topology.nodes.${vm.id}.params.migrationFailover` || (variable !== undefined && path === `variables.${variable}`)) {
        for (const v of values) out.add(String(v))
      }
    }
  }
  return [...out]
}

/**
 * Per technique, what the migration of the row's VM does (seed 001, docs/migration.md): hypervisor-
 * mediated devices migrate; pass-through and SR-IOV do not unless the guest's bond first fails over
 * to a paravirtual interface (the VM's migrationFailover), with an outage; a disk local to the host is
 * refused, one on a storage array stays where it is. Validation's own refusals are shown beside these.
 */
export function migrationNotes(doc: Project, exp: Experiment, row: Row): ScheduleNote[] {
  const vm = doc.topology.nodes.find((n) => n.id === row.vm && n.kind === 'vm')
  if (!vm) return []
  const kindOf = new Map(doc.topology.nodes.map((n) => [n.id, n.kind]))
  const failovers = failoverValues(doc, exp, vm)
  const bonded = failovers.includes('bond-to-paravirtual')
  const out: ScheduleNote[] = []
  for (const a of doc.topology.attachments.filter((x) => x.vm === vm.id)) {
    const kind = kindOf.get(a.device) ?? '?'
    if (LOCAL_STORAGE.has(kind)) {
      const moved = rowsOf(exp, STORAGE_MIGRATIONS).some((r) => r.vm === vm.id && kindOf.get(str(r.to)) === 'storage-array')
      out.push(moved
        ? { tone: 'ok', text: `${a.id}: a virtual disk on ${kind} "${a.device}", local to the source host; a storage migration of this experiment moves it to a storage array first, so the VM can leave once it is there (the target host must reach that array).` }
        : { tone: 'warning', text: `${a.id}: a virtual disk on ${kind} "${a.device}", local to the source host — validation refuses the migration unless a storage migration of this experiment moves the disk to a storage array the target host reaches (Storage migrations, below).` })
      continue
    }
    if (kind === 'storage-array') {
      out.push({ tone: 'ok', text: `${a.id}: a virtual disk on storage array "${a.device}" (shared storage): it stays where it is and the VM reaches it from the target.` })
      continue
    }
    for (const t of techniqueValues(doc, exp, a)) {
      if (!DIRECT.has(t)) {
        out.push({ tone: 'ok', text: `${a.id} is ${t}: the hypervisor mediates the device, so the VM migrates — pre-copy rounds of dirty pages, then stop-and-copy (the downtime).` })
      } else if (bonded) {
        out.push({ tone: 'warning', text: `${a.id} is ${t === 'sriov' ? 'an SR-IOV VF' : 'pass-through'}: its state lives in the device and its DMA targets the source host's memory, so the hypervisor cannot move it; with migrationFailover = bond-to-paravirtual${failovers.length > 1 ? ` (at the points that set it: ${failovers.join(', ')})` : ''} the guest's bond first fails over to a paravirtual interface — an outage of failoverOutage (migration_failover_ms) — then pre-copy.` })
      } else {
        out.push({
          tone: 'warning',
          text: `${a.id} is ${t === 'sriov' ? 'an SR-IOV VF' : 'pass-through'}: its state lives in the device and its DMA targets the source host's memory, so the hypervisor cannot move it (seed 001) — validation refuses this migration unless the guest first fails over to a paravirtual interface.`,
          fix: { label: `Fail ${vm.id} over to paravirtual first`, change: { type: 'set-param', list: 'nodes', id: vm.id, key: 'migrationFailover', from: vm.params?.migrationFailover, to: 'bond-to-paravirtual' } }
        })
      }
    }
  }
  return out
}

export const MIGRATIONS: ScheduleSpec = {
  field: 'migrations',
  title: 'Live migrations',
  noun: 'migration',
  intro: 'Pre-copy a VM\'s memory to another host while the run goes on (docs/migration.md): migration_total_ms, migration_downtime_ms, migration_bytes, migration_rounds.',
  fields: [
    { key: 'vm', label: 'VM', type: 'choice', title: 'The VM to migrate (every copy of it); only VMs placed on a host can move.', choices: (doc) => placedVms(doc).map((n) => ({ value: n.id, label: `${nodeLabel(n)} on ${n.host}` })) },
    { key: 'to', label: 'To host', type: 'choice', title: 'The target host: any host but the one the VM is on.', choices: targetHosts },
    { key: 'at', label: 'At', type: 'time', title: 'When the migration starts, counted from the run\'s start (warm-up included), e.g. 1s, 250ms; a bare number is ns.' },
    { key: 'link', label: 'Over link', type: 'choice', optional: true, none: 'the link of the VM\'s network device', title: 'The Ethernet link the migration traffic leaves the source host on; it shares the wire with the workloads\' frames.', choices: ethernetLinks }
  ],
  newRow(doc, exp) {
    const vm = placedVms(doc)[0]
    if (!vm) return 'no VM is placed on a host: place one on the canvas first'
    const to = targetHosts(doc, { vm: vm.id })[0]
    if (!to) return 'a migration needs a second host to move to: add one on the canvas first'
    return { vm: vm.id, to: to.value, at: defaultStart(exp) }
  },
  follow(doc, row, key) {
    if (key !== 'vm') return row
    const hosts = targetHosts(doc, row)
    return hosts.some((h) => h.value === row.to) || hosts.length === 0 ? row : { ...row, to: hosts[0].value }
  },
  rowLabel: (row, j) => `Migration ${j + 1}: ${str(row.vm) || '?'} → ${str(row.to) || '?'} at ${str(row.at) || '?'}`,
  notes: migrationNotes
}

// ---------------------------------------------------------------- faults

/** The device kinds a device-fail can hit (core/project/check-faults.ts): NICs and storage devices. */
const FAILING_DEVICE_KINDS = ['nic', 'disk', 'ssd', 'nvme', 'storage-array'] as const

/** What each fault kind's target is (check-faults.ts says the same in its refusals). */
export const FAULT_TARGETS: Readonly<Record<(typeof FAULT_KINDS)[number], { what: string; choices: (doc: Project) => Choice[] }>> = {
  'link-down': { what: 'an Ethernet link', choices: ethernetLinks },
  'link-up': { what: 'an Ethernet link', choices: ethernetLinks },
  'packet-loss': { what: 'an Ethernet link', choices: ethernetLinks },
  'device-fail': { what: 'a NIC or storage device', choices: (doc) => nodesOfKind(doc, FAILING_DEVICE_KINDS) },
  'device-repair': { what: 'a NIC or storage device', choices: (doc) => nodesOfKind(doc, FAILING_DEVICE_KINDS) },
  'dc-fail': { what: 'a DC', choices: (doc) => nodesOfKind(doc, ['dc']) }
}

const FAULT_NOTES: Readonly<Record<string, string>> = {
  'link-down': 'frames that finish crossing the link while it is down are lost, both ways; the devices at its ends lose their carrier',
  'link-up': 'ends an open link-down of the same link',
  'device-fail': 'a NIC stops serving (its links are down, what it holds is lost); a storage device answers nothing: its commands hang until the OS\'s command timeout, then fail',
  'device-repair': 'ends an open device-fail of the same device',
  'dc-fail': 'the DC hangs: its cores and queue stop (nothing is lost) and its Ethernet links are down',
  'packet-loss': 'each frame on the link is dropped with the loss rate (seeded, reproducible)'
}

const targetChoices = (doc: Project, row: Row): Choice[] => (FAULT_TARGETS[row.kind as keyof typeof FAULT_TARGETS]?.choices(doc) ?? [])
const closes = (kind: unknown): boolean => kind === 'link-up' || kind === 'device-repair'

export const FAULTS: ScheduleSpec = {
  field: 'faults',
  title: 'Faults',
  noun: 'fault',
  intro: 'A fault schedule (docs/faults.md): links down and up, a NIC or storage device failing and repaired, a DC hanging, packet loss on a link; outage_ms, fault_drops, bond_failovers and io_errors.',
  fields: [
    { key: 'at', label: 'At', type: 'time', title: 'When the fault starts, from the run\'s start (warm-up included), e.g. 52ms; a bare number is ns.' },
    { key: 'kind', label: 'Kind', type: 'choice', title: 'What fails: link-down / link-up (an Ethernet link), device-fail / device-repair (a NIC, disk, SSD, NVMe drive or storage array), dc-fail (a DC), packet-loss (an Ethernet link).', choices: () => FAULT_KINDS.map((k) => ({ value: k, label: `${k} — ${FAULT_TARGETS[k].what}` })) },
    { key: 'target', label: 'Target', type: 'choice', title: 'The link or device the fault hits; only those its kind can hit are offered.', choices: targetChoices },
    { key: 'until', label: 'Until', type: 'time', optional: true, none: 'the run\'s end', title: 'When the fault ends (link up again, device repaired, loss stops); empty: it lasts to the run\'s end or to a link-up / device-repair of the same target.', shown: (row) => !closes(row.kind) },
    { key: 'lossRate', label: 'Loss rate', type: 'number', min: 0, max: 1, unit: '0–1', title: 'The probability each frame on the link is dropped, 0 to 1 (0.01 = 1 %).', shown: (row) => row.kind === 'packet-loss' }
  ],
  newRow(doc, exp) {
    const link = ethernetLinks(doc)[0]
    if (!link) return 'the topology has no Ethernet link to fail: add one on the canvas first'
    return { at: defaultStart(exp), kind: 'link-down', target: link.value }
  },
  /** A new kind keeps the target when it still fits (else the first that does), a loss rate only for packet loss, no `until` on a closing kind. */
  follow(doc, row, key) {
    if (key !== 'kind') return row
    const next: Record<string, unknown> = { ...row }
    const choices = targetChoices(doc, row)
    if (!choices.some((c) => c.value === row.target) && choices.length > 0) next.target = choices[0].value
    if (row.kind === 'packet-loss' && next.lossRate === undefined) next.lossRate = 0.01
    if (row.kind !== 'packet-loss') delete next.lossRate
    if (closes(row.kind)) delete next.until
    return next
  },
  rowLabel: (row, j) => `Fault ${j + 1}: ${str(row.kind) || '?'} of ${str(row.target) || '?'} at ${str(row.at) || '?'}${row.until !== undefined ? ` until ${str(row.until)}` : ''}`,
  notes: (_doc, _exp, row) => (typeof row.kind === 'string' && FAULT_NOTES[row.kind] ? [{ tone: 'ok' as const, text: `${row.kind}: ${FAULT_NOTES[row.kind]}.` }] : [])
}

/** Every schedule the experiment editor shows, in order; a new row type is one more entry. */
// ---------------------------------------------------------------- storage migrations

const STORAGE_KINDS = new Set(['disk', 'ssd', 'nvme', 'storage-array'])

/** The VM's virtual disks on a storage device (attachments whose device is a disk, ssd, nvme or array). */
function disksOf(doc: Project, vm: unknown): Project['topology']['attachments'][number][] {
  const kindOf = new Map(doc.topology.nodes.map((n) => [n.id, n.kind]))
  return doc.topology.attachments.filter((a) => a.vm === vm && STORAGE_KINDS.has(kindOf.get(a.device) ?? ''))
}

/** Storage devices a disk of `row.vm` can move to: every storage device but the one it is on (validation checks reach and size). */
function storageTargets(doc: Project, row: Row): Choice[] {
  const from = new Set(disksOf(doc, row.vm).map((a) => a.device))
  return doc.topology.nodes.filter((n) => STORAGE_KINDS.has(n.kind) && !from.has(n.id)).map((n) => ({ value: n.id, label: `${nodeLabel(n)} (${n.kind})` }))
}

export const STORAGE_MIGRATIONS: ScheduleSpec = {
  field: 'storageMigrations',
  title: 'Storage migrations',
  noun: 'storage migration',
  intro: 'Mirror a VM\'s virtual disk to another storage device while it stays in use (docs/migration.md, "Storage migration"): a data mover copies the used extent, the guest\'s writes to copied regions go to both; storage_migration_total_ms, storage_migration_bytes, storage_migration_mirrored_writes.',
  fields: [
    { key: 'vm', label: 'VM', type: 'choice', title: 'The VM whose virtual disk moves (every copy of it).', choices: (doc) => placedVms(doc).filter((n) => disksOf(doc, n.id).length > 0).map((n) => ({ value: n.id, label: `${nodeLabel(n)} on ${n.host}` })) },
    { key: 'disk', label: 'Disk', type: 'choice', optional: true, none: 'the VM\'s only disk', title: 'The virtual disk (attachment) to move; empty: the VM\'s only one.', choices: (doc, row) => disksOf(doc, row.vm).map((a) => ({ value: a.id, label: `${a.id} on ${a.device}` })) },
    { key: 'to', label: 'To device', type: 'choice', title: 'The target storage device: a disk, SSD or NVMe drive on the VM\'s host, or a storage array it reaches.', choices: storageTargets },
    { key: 'at', label: 'At', type: 'time', title: 'When the copy starts, from the run\'s start (warm-up included).' },
    { key: 'size', label: 'Used extent', type: 'quantity', dim: 'size', title: 'The bytes the data mover copies, from offset 0, e.g. 256MiB (it must fit both devices).' },
    { key: 'rate', label: 'Copy rate', type: 'quantity', dim: 'bandwidth', optional: true, none: 'unlimited (bounded by the devices)', title: 'The copy\'s pace, e.g. 400Mbps; empty: as fast as the devices allow.' },
    { key: 'chunk', label: 'Chunk', type: 'quantity', dim: 'size', optional: true, none: '64 KiB', title: 'Bytes per copy I/O.' },
    { key: 'outstanding', label: 'Copy I/Os in flight', type: 'number', optional: true, none: '16', min: 1, max: 1024, title: 'Copy I/Os the data mover keeps in flight at once.' }
  ],
  newRow(doc, exp) {
    const vm = placedVms(doc).find((n) => disksOf(doc, n.id).length > 0)
    if (!vm) return 'no VM placed on a host has a virtual disk on a storage device: attach one first'
    const to = storageTargets(doc, { vm: vm.id })[0]
    if (!to) return 'a storage migration needs a second storage device to move to: add one on the canvas first'
    return { vm: vm.id, to: to.value, at: defaultStart(exp), size: '64MiB' }
  },
  follow(doc, row, key) {
    if (key !== 'vm') return row
    const next: Record<string, unknown> = { ...row }
    if (row.disk !== undefined && !disksOf(doc, row.vm).some((a) => a.id === row.disk)) delete next.disk
    const targets = storageTargets(doc, next)
    if (targets.length > 0 && !targets.some((t) => t.value === row.to)) next.to = targets[0].value
    return next
  },
  rowLabel: (row, j) => `Storage migration ${j + 1}: ${str(row.disk) || str(row.vm) || '?'} → ${str(row.to) || '?'} at ${str(row.at) || '?'}`
}

export const SCHEDULES: readonly ScheduleSpec[] = [MIGRATIONS, STORAGE_MIGRATIONS, FAULTS]

// ---------------------------------------------------------------- change records

export function rowsOf(exp: Experiment, spec: ScheduleSpec): Row[] {
  const v = (exp as Record<string, unknown>)[spec.field]
  return Array.isArray(v) ? (v as Row[]) : []
}

/** The whole list set; the last row removed removes the field (an experiment without it pays nothing for it). */
export function setRows(doc: Project, expId: string, spec: ScheduleSpec, rows: readonly Row[]): Change | null {
  return experimentField(doc, expId, spec.field, rows.length === 0 ? undefined : rows)
}

export function addRow(doc: Project, exp: Experiment, spec: ScheduleSpec): Change | string | null {
  const row = spec.newRow(doc, exp)
  if (typeof row === 'string') return row
  return setRows(doc, exp.id, spec, [...rowsOf(exp, spec), row])
}

export function removeRow(doc: Project, exp: Experiment, spec: ScheduleSpec, index: number): Change | null {
  return setRows(doc, exp.id, spec, rowsOf(exp, spec).filter((_, j) => j !== index))
}

/** One field of row `index` set (undefined removes it); when other fields must follow, the whole row is one record. */
export function setRowField(doc: Project, exp: Experiment, spec: ScheduleSpec, index: number, key: string, value: unknown): Change | null {
  const row = rowsOf(exp, spec)[index]
  if (row === undefined) return null
  const set: Record<string, unknown> = { ...row }
  if (value === undefined) delete set[key]
  else set[key] = value
  const next = spec.follow ? spec.follow(doc, set, key) : set
  const others = Object.keys({ ...row, ...next }).filter((k) => k !== key && JSON.stringify(row[k]) !== JSON.stringify(next[k]))
  const at = `experiments.${exp.id}.${spec.field}.${index}`
  return others.length === 0 ? setPathChange(doc, `${at}.${key}`, value) : setPathChange(doc, at, next)
}

/** A quantity as written: a bare number is the canonical unit (bytes, bit/s), anything else the text ("256MiB"); undefined when unreadable. */
export function quantityValue(dim: 'size' | 'bandwidth', text: string): string | number | undefined {
  const t = text.trim()
  const v = /^\d+(\.\d+)?$/.test(t) ? Number(t) : t
  return t !== '' && parseQuantity(dim, v).ok ? v : undefined
}

/** A time as written: a bare whole number is nanoseconds, anything else the text ("1s"); undefined when unreadable. */
export function timeValue(text: string): string | number | undefined {
  const t = text.trim()
  const v = /^\d+$/.test(t) ? Number(t) : t
  return t !== '' && parseDuration(v).ok ? v : undefined
}
