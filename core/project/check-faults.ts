// Checks of an experiment's fault schedule (`faults`, issue 12, docs/faults.md) that the schema
// cannot express: each target exists and is of the kind its fault needs (an Ethernet link for
// link-down / link-up / packet-loss, a NIC or a storage device — disk, ssd, nvme, storage array —
// for device-fail / device-repair, a DC for dc-fail), the
// times fall inside warm-up + duration, `until` comes after `at`, a loss rate is given exactly for
// packet loss, a link-up / device-repair ends an open link-down / device-fail of the same target,
// and two faults of one kind on one target do not overlap. One problem per thing wrong, at its JSON
// path (on the raw document, beside the schema's own problems).
import { problem, type PathSegment, type Problem } from './problems'
import { parseDuration } from './units'

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

const nsOf = (v: unknown): number | undefined => {
  if (typeof v !== 'number' && typeof v !== 'string') return undefined
  const r = parseDuration(v)
  return r.ok ? r.value : undefined
}

/** What each fault kind's target must be. */
const TARGET: Record<string, { link: boolean; kinds?: readonly string[]; what: string }> = {
  'link-down': { link: true, what: 'an Ethernet link' },
  'link-up': { link: true, what: 'an Ethernet link' },
  'packet-loss': { link: true, what: 'an Ethernet link' },
  'device-fail': { link: false, kinds: ['nic', 'disk', 'ssd', 'nvme', 'storage-array'], what: 'a NIC or a storage device (disk, ssd, nvme, storage-array)' },
  'device-repair': { link: false, kinds: ['nic', 'disk', 'ssd', 'nvme', 'storage-array'], what: 'a NIC or a storage device (disk, ssd, nvme, storage-array)' },
  'dc-fail': { link: false, kinds: ['dc'], what: 'a DC' }
}
/** The fault a closing kind ends. */
const OPENS: Record<string, string> = { 'link-up': 'link-down', 'device-repair': 'device-fail' }

function experimentProblems(doc: Raw, exp: Raw, index: number): Problem[] {
  if (!Array.isArray(exp.faults)) return []
  const id = typeof exp.id === 'string' ? exp.id : String(index)
  const topo = isObj(doc.topology) ? doc.topology : {}
  const nodes = new Map((Array.isArray(topo.nodes) ? topo.nodes : []).flatMap((n) => (isObj(n) && typeof n.id === 'string' ? [[n.id, String(n.kind)] as const] : [])))
  const links = new Map((Array.isArray(topo.links) ? topo.links : []).flatMap((l) => (isObj(l) && typeof l.id === 'string' ? [[l.id, String(l.kind)] as const] : [])))
  const toArray = new Set((Array.isArray(topo.links) ? topo.links : []).flatMap((l) => (isObj(l) && typeof l.id === 'string' && (nodes.get(String(l.from)) === 'storage-array' || nodes.get(String(l.to)) === 'storage-array') ? [l.id] : [])))
  const warmup = nsOf(exp.warmup ?? 0)
  const duration = nsOf(exp.duration)
  const end = warmup !== undefined && duration !== undefined ? warmup + duration : undefined
  const out: Problem[] = []
  /** Per kind and target, the intervals seen so far [from, to) with their index. */
  const seen = new Map<string, { from: number; to: number; j: number }[]>()
  const items = exp.faults.map((f, j) => ({ f, j })).filter((x): x is { f: Raw; j: number } => isObj(x.f))
  // in time order, so a closing fault meets the fault it closes first
  items.sort((a, b) => (nsOf(a.f.at) ?? 0) - (nsOf(b.f.at) ?? 0) || a.j - b.j)
  for (const { f, j } of items) {
    const at: PathSegment[] = ['experiments', index, 'faults', j]
    const kind = typeof f.kind === 'string' ? f.kind : ''
    const spec = TARGET[kind]
    if (spec === undefined) continue // the schema names the kinds
    const target = typeof f.target === 'string' ? f.target : undefined
    const name = `experiment "${id}": fault ${j + 1} (${kind}${target === undefined ? '' : ` of "${target}"`})`
    if (target !== undefined) {
      if (spec.link) {
        const lk = links.get(target)
        if (lk === undefined) out.push(problem('dangling-reference', [...at, 'target'], `${name}: there is no link "${target}"${nodes.has(target) ? ` ("${target}" is a node; ${kind} needs ${spec.what})` : ''}`))
        else if (lk !== 'ethernet') out.push(problem('invalid-value', [...at, 'target'], `${name}: link "${target}" is a ${lk} link; ${kind} needs ${spec.what}`))
        else if (kind === 'packet-loss' && toArray.has(target)) out.push(problem('invalid-value', [...at, 'target'], `${name}: link "${target}" reaches a storage array and carries only storage messages, whose loss (and iSCSI's TCP retransmission) is not modelled; take it down with link-down instead`))
      } else {
        const nk = nodes.get(target)
        if (nk === undefined) out.push(problem('dangling-reference', [...at, 'target'], `${name}: there is no node "${target}"${links.has(target) ? ` ("${target}" is a link; ${kind} needs ${spec.what})` : ''}`))
        else if (!spec.kinds!.includes(nk)) out.push(problem('invalid-value', [...at, 'target'], `${name}: "${target}" is a ${nk}; ${kind} needs ${spec.what}${kind.startsWith('device') ? ' (failures of other devices — switches, host gateways, NP-NICs — are not modelled; a DC fails with dc-fail)' : ''}`))
      }
    }
    const from = nsOf(f.at)
    const until = f.until === undefined ? undefined : nsOf(f.until)
    if (from !== undefined && end !== undefined && (from < 0 || from >= end)) {
      out.push(problem('out-of-range', [...at, 'at'], `${name}: "at" (${String(f.at)}) must fall inside the run, before warm-up + duration (${end} ns)`))
    }
    if (f.until !== undefined) {
      if (kind in OPENS) out.push(problem('invalid-value', [...at, 'until'], `${name}: ${kind} ends a ${OPENS[kind]} and takes no "until"`))
      else if (from !== undefined && until !== undefined && until <= from) out.push(problem('out-of-range', [...at, 'until'], `${name}: "until" (${String(f.until)}) must come after "at" (${String(f.at)})`))
      else if (until !== undefined && end !== undefined && until > end) out.push(problem('out-of-range', [...at, 'until'], `${name}: "until" (${String(f.until)}) is after the run's end (warm-up + duration = ${end} ns); leave it out for a fault that lasts to the end`))
    }
    if (kind === 'packet-loss' && f.lossRate === undefined) out.push(problem('missing-field', [...at, 'lossRate'], `${name}: packet loss needs a "lossRate" (the probability each frame is dropped, 0 to 1)`))
    if (kind !== 'packet-loss' && f.lossRate !== undefined) out.push(problem('invalid-value', [...at, 'lossRate'], `${name}: "lossRate" is only for packet-loss faults`))
    if (target === undefined || from === undefined) continue
    const opened = OPENS[kind]
    if (opened !== undefined) {
      const list = seen.get(`${opened}|${target}`) ?? []
      const open = list.find((x) => x.to === Infinity && x.from < from)
      if (open === undefined) out.push(problem('invalid-value', [...at, 'kind'], `${name}: there is no ${opened} of "${target}" without "until" before it to end`))
      else open.to = from
      continue
    }
    const key = `${kind}|${target}`
    const list = seen.get(key) ?? []
    const to = until ?? Infinity
    const clash = list.find((x) => from < x.to && x.from < to)
    if (clash !== undefined) out.push(problem('invalid-value', [...at], `${name}: overlaps fault ${clash.j + 1}, the same fault of the same target; one ${kind} of "${target}" at a time`))
    list.push({ from, to, j })
    seen.set(key, list)
  }
  // in document order (the checks ran in time order)
  return out.map((x, k) => ({ x, k, j: Number(x.path[3]) })).sort((a, b) => a.j - b.j || a.k - b.k).map((y) => y.x)
}

/** Problems of every experiment's fault schedule (on the raw document). */
export function checkFaults(doc: unknown): Problem[] {
  if (!isObj(doc) || !Array.isArray(doc.experiments)) return []
  return doc.experiments.flatMap((e, i) => (isObj(e) ? experimentProblems(doc, e, i) : []))
}
