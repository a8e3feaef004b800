// Checks each experiment's sweep without expanding it: axes well formed (zipped lists of equal
// length), every path resolvable, every value acceptable where it lands.
import { VDISK_PARAMS } from '../models/storage/vdisk/params'
import { CATALOG, LINK_KINDS, techniquesFor } from '../models/catalog'
import type { ComponentKind, LinkKind, ParamSpec } from '../models/catalog'
import type { VarUse } from './check-catalog'
import { checkParamValue } from './param-values'
import { getPath } from './paths'
import { describeValue, problem, type PathSegment, type Problem } from './problems'
import type { Attachment, Experiment, ProjectLink, Scalar } from './schema'
import { checkPoints, type PointCheck } from './check-points'
import { isWorkloadKind, workloadParamSpec, workloadParamSpecs } from '../models/workload-kinds'
import { parseDuration } from './units'
import type { ProjectView } from './view'

/** Paths a sweep may not change: identity, format and the sweep itself. */
function forbiddenTarget(segs: string[]): string | undefined {
  if (['format', 'schemaVersion', '$schema', 'results'].includes(segs[0])) return `"${segs[0]}" cannot be swept`
  if (segs[segs.length - 1] === 'id') return 'ids cannot be swept'
  if (segs[0] === 'experiments' && segs[2] === 'sweep') return 'a sweep cannot change a sweep'
  return undefined
}

type ValueCheck = (v: Scalar) => string | undefined

function specCheck(spec: ParamSpec): ValueCheck {
  return (v) => {
    const r = checkParamValue(spec, v)
    return r.ok ? undefined : r.message
  }
}

function variableChecks(name: string, uses: readonly VarUse[]): ValueCheck[] {
  return uses.filter((u) => u.name === name).map((u): ValueCheck => {
    if (u.spec) return specCheck(u.spec)
    if (u.techniqueFor && u.techniqueFor !== 'unknown') {
      const allowed = techniquesFor(u.techniqueFor)
      return (v) => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? undefined
        : `is used as the technique of an attachment to a ${CATALOG[u.techniqueFor as ComponentKind].label}, which allows ${allowed.join(', ')}`)
    }
    return () => undefined
  })
}

function techniqueCheck(view: ProjectView, att: Attachment | undefined): ValueCheck[] {
  const device = att ? view.nodeById.get(att.device) : undefined
  if (!device || !Object.hasOwn(CATALOG, device.kind)) return []
  const allowed = techniquesFor(device.kind as ComponentKind)
  return [(v) => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? undefined
    : `is not a technique for a ${CATALOG[device.kind as ComponentKind].label}, which allows ${allowed.join(', ')}`)]
}

function workloadChecks(ctx: SweepCtx, segs: string[]): ValueCheck[] {
  const [, expId, , wid, params, key] = segs
  if (params !== 'params' || segs.length !== 6) return []
  const w = ctx.ix.experiments.get(expId)?.workloads.find((x) => x.id === wid)
  const spec = w ? workloadParamSpec(w.kind, key) : undefined
  if (w && !spec && isWorkloadKind(w.kind)) return [() => `is for a parameter that a ${w.kind} workload does not have (known: ${workloadParamSpecs(w.kind).map((p) => p.key).join(', ')})`]
  return spec ? [specCheck(spec)] : []
}

function paramChecks(ctx: SweepCtx, segs: string[]): ValueCheck[] {
  const view = ctx.view
  const [top, list, id, params, key] = segs
  if (top === 'topology' && list === 'attachments' && segs.length === 4 && params === 'technique') return techniqueCheck(view, ctx.ix.attachments.get(id))
  if (top === 'experiments' && list !== undefined && params === 'workloads') return []
  if (top !== 'topology' || params !== 'params' || segs.length !== 5) return []
  if (list === 'attachments') {
    const spec = VDISK_PARAMS.find((s) => s.key === key) // a virtual disk's parameter (issue 11)
    return spec ? [specCheck(spec)] : []
  }
  const owner = list === 'nodes' ? view.nodeById.get(id) : list === 'links' ? ctx.ix.links.get(id) : undefined
  if (!owner) return []
  const specs = list === 'nodes' ? (Object.hasOwn(CATALOG, owner.kind) ? CATALOG[owner.kind as ComponentKind].params : [])
    : Object.hasOwn(LINK_KINDS, owner.kind) ? LINK_KINDS[owner.kind as LinkKind].params : []
  const spec = specs.find((s) => s.key === key)
  return spec ? [specCheck(spec)] : []
}

function checksFor(ctx: SweepCtx, segs: string[]): ValueCheck[] {
  if (segs[0] === 'variables' && segs.length === 2) return variableChecks(segs[1], ctx.uses)
  if (segs[0] === 'experiments' && segs[2] === 'workloads') return workloadChecks(ctx, segs)
  if (segs[0] === 'experiments' && segs.length === 3 && (segs[2] === 'duration' || segs[2] === 'warmup')) {
    return [(v) => { const r = parseDuration(v); return r.ok ? undefined : r.message }]
  }
  if (segs[0] === 'experiments' && segs.length === 3 && segs[2] === 'replications') {
    return [(v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000 ? undefined : 'must be a whole number from 1 to 1000')]
  }
  return paramChecks(ctx, segs)
}

/** Look-ups by id, built once per validation (paths name entries by id). */
interface ById {
  readonly links: ReadonlyMap<string, ProjectLink>
  readonly attachments: ReadonlyMap<string, Attachment>
  readonly experiments: ReadonlyMap<string, Experiment>
}

interface SweepCtx { view: ProjectView; doc: unknown; uses: readonly VarUse[]; out: Problem[]; ix: ById }

function firstById<T extends { id: string }>(items: readonly { item: T }[]): Map<string, T> {
  const map = new Map<string, T>()
  for (const { item } of items) if (!map.has(item.id)) map.set(item.id, item)
  return map
}

function checkAxis(ctx: SweepCtx, exp: Experiment, axis: Record<string, Scalar[]>, at: PathSegment[]): void {
  const entries = Object.entries(axis)
  if (entries.length === 0) ctx.out.push(problem('invalid-value', at, `experiment "${exp.id}": a sweep axis needs at least one path`))
  const lengths = new Set(entries.map(([, vals]) => vals.length))
  if (lengths.size > 1) {
    const shown = entries.map(([p, vals]) => `${p}: ${vals.length}`).join(', ')
    ctx.out.push(problem('sweep-unequal-lengths', at, `experiment "${exp.id}": the paths of one sweep axis move together, so their lists need equal lengths (${shown}); for a cartesian product put them in separate axes`))
  }
  for (const [path, values] of entries) {
    const segs = path.split('.')
    const resolved = getPath(ctx.doc, path)
    const bad = resolved.ok ? forbiddenTarget(segs) : resolved.message
    if (bad) {
      ctx.out.push(problem('bad-path', [...at, path], `experiment "${exp.id}" sweeps "${path}": ${bad}`))
      continue
    }
    const checks = checksFor(ctx, segs)
    // an attachment's technique swept together with its device is checked against the device of the same point
    const devices = segs.length === 4 && segs[0] === 'topology' && segs[1] === 'attachments' && segs[3] === 'technique'
      ? axis[`topology.attachments.${segs[2]}.device`] : undefined
    const att = devices === undefined ? undefined : ctx.ix.attachments.get(segs[2])
    values.forEach((v, i) => {
      const pointChecks = att !== undefined && devices !== undefined && typeof devices[i] === 'string'
        ? techniqueCheck(ctx.view, { ...att, device: devices[i] as string }) : checks
      const messages = new Set(pointChecks.map((check) => check(v)).filter((m): m is string => m !== undefined))
      for (const msg of messages) {
        ctx.out.push(problem('bad-param', [...at, path, i], `experiment "${exp.id}" sweeps "${path}" to ${describeValue(v)}, which ${msg.startsWith('is ') ? msg : `is not allowed: ${msg}`}`))
      }
    })
  }
}

/** A path swept by two axes would be set twice per point, the later axis silently winning. */
function checkRepeats(ctx: SweepCtx, exp: Experiment, index: number): void {
  const firstAxis = new Map<string, number>()
  exp.sweep.forEach((axis, ai) => {
    for (const path of Object.keys(axis)) {
      const prev = firstAxis.get(path)
      if (prev === undefined) firstAxis.set(path, ai)
      else ctx.out.push(problem('bad-path', ['experiments', index, 'sweep', ai, path], `experiment "${exp.id}" sweeps "${path}" in axis ${prev} and again in axis ${ai}; sweep each path once`))
    }
  })
}

/** Sweep problems of every experiment (the point-count limit is checked earlier, in limits.ts). */
export function checkSweeps(view: ProjectView, doc: unknown, uses: readonly VarUse[], points?: PointCheck): Problem[] {
  const ix: ById = { links: firstById(view.links), attachments: firstById(view.attachments), experiments: firstById(view.experiments) }
  const ctx: SweepCtx = { view, doc, uses, out: [], ix }
  for (const { index, item: exp } of view.experiments) {
    const before = ctx.out.length
    exp.sweep.forEach((axis, ai) => checkAxis(ctx, exp, axis, ['experiments', index, 'sweep', ai]))
    checkRepeats(ctx, exp, index)
    if (points && ctx.out.length === before) ctx.out.push(...checkPoints(view, doc, uses, exp, index, points))
  }
  return ctx.out
}
