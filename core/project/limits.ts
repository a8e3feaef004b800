// Size limits on project files, so a hostile or broken file cannot exhaust memory or time;
// checked on the raw tree before the schema ever walks it (the count of values even on the
// text, before it is parsed: json-text.ts).
import { problem, type PathSegment, type Problem } from './problems'
import {
  AttachmentSchema, ExperimentSchema, LinkSchema, NodeSchema, PositionSchema, ProjectSchema, StopSchema, TopologySchema, WorkloadSchema
} from './schema'

export const LIMITS = {
  /** File size, checked with stat before reading. */
  fileBytes: 32 * 1024 * 1024,
  nodes: 20_000,
  links: 100_000,
  attachments: 100_000,
  experiments: 100,
  workloadsPerExperiment: 1_000,
  variables: 1_000,
  /** Points of one experiment's sweep (the product of its axes' lengths). */
  sweepPoints: 10_000,
  /** Axes of one experiment's sweep (each a zipped group of paths). */
  sweepAxes: 32,
  /** Paths of one sweep axis (zipped together). */
  sweepPathsPerAxis: 64,
  replications: 1_000,
  stringLength: 10_000,
  /** Nesting depth of objects and lists. */
  depth: 64,
  /** JSON values in a whole file (objects, lists, texts, numbers, true/false/null; counted before parsing). */
  values: 3_000_000,
  /** Values held by all fields that are not part of the format (kept as they are, never used), together. */
  unknownValues: 100_000,
  /** Nesting depth inside one such field (`{"a": {"b": 1}}` is 2). */
  unknownDepth: 16,
  /** Keys in one `params` object. */
  params: 1_000,
  /** Stored results documents in a project. */
  results: 1_000,
  /** Node ids in all workloads' `clients` and `servers` together. */
  endpoints: 200_000
} as const

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

function tooMany(path: PathSegment[], what: string, n: number, max: number): Problem {
  return problem('too-many', path, `${n} ${what} is more than IOV Lab accepts (at most ${max.toLocaleString('en-US')})`)
}

function checkArray(obj: Raw, key: string, path: PathSegment[], what: string, max: number, out: Problem[]): void {
  const v = obj[key]
  if (Array.isArray(v) && v.length > max) out.push(tooMany([...path, key], what, v.length, max))
}

/** Number of sweep points, computed from the axes' lengths without expanding them (capped just past the limit). */
export function sweepPointCount(sweep: unknown): number {
  if (!Array.isArray(sweep)) return 1
  let product = 1
  for (const axis of sweep) {
    if (!isObj(axis)) continue
    const lengths = Object.values(axis).map((vals) => (Array.isArray(vals) ? vals.length : 1))
    product *= lengths.length === 0 ? 1 : Math.max(...lengths)
    if (product > LIMITS.sweepPoints) return product
  }
  return product
}

function checkExperiment(exp: unknown, path: PathSegment[], out: Problem[]): void {
  if (!isObj(exp)) return
  checkArray(exp, 'workloads', path, 'workloads', LIMITS.workloadsPerExperiment, out)
  if (Array.isArray(exp.sweep) && exp.sweep.length > LIMITS.sweepAxes) {
    out.push(tooMany([...path, 'sweep'], 'sweep axes', exp.sweep.length, LIMITS.sweepAxes))
    return
  }
  if (Array.isArray(exp.sweep)) {
    exp.sweep.forEach((axis, ai) => {
      const n = isObj(axis) ? Object.keys(axis).length : 0
      if (n > LIMITS.sweepPathsPerAxis) out.push(tooMany([...path, 'sweep', ai], 'paths in one sweep axis', n, LIMITS.sweepPathsPerAxis))
    })
  }
  const points = sweepPointCount(exp.sweep)
  if (points > LIMITS.sweepPoints) {
    const shown = Number.isFinite(points) && points < 1e15 ? points.toLocaleString('en-US') : 'astronomically many'
    out.push(problem('sweep-too-large', [...path, 'sweep'],
      `this sweep has ${shown} points (the product of its axes' lengths); at most ${LIMITS.sweepPoints.toLocaleString('en-US')} are allowed — split it into several experiments`))
  }
}

// ---- Fields that are not part of the format -------------------------------------------------
// They are kept (a newer IOV Lab's fields, a user's notes) and never read, so they get a budget:
// at most LIMITS.unknownValues values in all, nested at most LIMITS.unknownDepth deep.

interface UnknownState {
  readonly out: Problem[]
  values: number
  endpoints: number
  /** Where the budget ran out (reported once, with the total, at the end). */
  overAt?: PathSegment[]
}

type Visit = (value: unknown, path: PathSegment[], st: UnknownState) => void

/** Values in a JSON tree and its nesting depth (a scalar: 1 value, depth 0). Trees here are at most LIMITS.depth deep. */
function measure(v: unknown): { values: number; depth: number } {
  if (typeof v !== 'object' || v === null) return { values: 1, depth: 0 }
  let values = 1
  let depth = 0
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    const m = measure(child)
    values += m.values
    depth = Math.max(depth, m.depth)
  }
  return { values, depth: depth + 1 }
}

/** Checks an object of the format: its unknown keys against the budget, its known children by their own rules. */
function known(schema: { shape: Record<string, unknown> }, children: Record<string, Visit> = {}): Visit {
  const keys = new Set(Object.keys(schema.shape))
  return (value, path, st) => {
    if (!isObj(value)) return
    for (const key of Object.keys(value)) {
      const child = children[key]
      if (child) child(value[key], [...path, key], st)
      else if (!keys.has(key)) unknownField(value[key], [...path, key], st)
    }
  }
}

function unknownField(value: unknown, path: PathSegment[], st: UnknownState): void {
  const m = measure(value)
  if (m.depth > LIMITS.unknownDepth) {
    st.out.push(problem('too-deep', path, `this field is not part of the project format and nests ${m.depth} levels deep; such fields are kept as they are but may nest at most ${LIMITS.unknownDepth} levels`))
  }
  st.values += m.values
  if (st.values > LIMITS.unknownValues && st.overAt === undefined) st.overAt = path
}

const each = (visit: Visit): Visit => (value, path, st) => {
  if (Array.isArray(value)) value.forEach((el, i) => visit(el, [...path, i], st))
}

const withParams = (schema: { shape: Record<string, unknown> }, more: Record<string, Visit> = {}): Visit => known(schema, { ...more, params: checkParams })

function checkParams(value: unknown, path: PathSegment[], st: UnknownState): void {
  if (isObj(value) && Object.keys(value).length > LIMITS.params) st.out.push(tooMany(path, 'parameters', Object.keys(value).length, LIMITS.params))
}

function checkEndpoints(value: unknown, path: PathSegment[], st: UnknownState): void {
  if (!Array.isArray(value)) return
  const before = st.endpoints
  st.endpoints += value.length
  if (before <= LIMITS.endpoints && st.endpoints > LIMITS.endpoints) {
    st.out.push(problem('too-many', path, `the workloads' clients and servers name more than ${LIMITS.endpoints.toLocaleString('en-US')} node ids in all (this list makes ${st.endpoints.toLocaleString('en-US')}); that is the most IOV Lab accepts`))
  }
}

const visitProject: Visit = known(ProjectSchema, {
  topology: known(TopologySchema, {
    nodes: each(withParams(NodeSchema, { position: known(PositionSchema) })),
    links: each(withParams(LinkSchema)),
    attachments: each(withParams(AttachmentSchema))
  }),
  experiments: each(known(ExperimentSchema, {
    workloads: each(withParams(WorkloadSchema, { clients: checkEndpoints, servers: checkEndpoints })),
    stop: known(StopSchema)
  }))
})

/** Problems with fields that are not part of the format (too many values, too deep), params and endpoint lists. */
export function checkUnknownFields(doc: unknown): Problem[] {
  const st: UnknownState = { out: [], values: 0, endpoints: 0 }
  visitProject(doc, [], st)
  if (st.overAt !== undefined) {
    st.out.unshift(problem('too-many', st.overAt,
      `fields that are not part of the project format hold ${st.values.toLocaleString('en-US')} values in all (this one among them); such fields are kept as they are but may hold at most ${LIMITS.unknownValues.toLocaleString('en-US')} — remove what IOV Lab does not need`))
  }
  return st.out
}

/** Count limits on a raw (already JSON-parsed and migrated) project; empty when all are respected. */
export function checkCounts(doc: unknown): Problem[] {
  const out: Problem[] = []
  if (!isObj(doc)) return out
  const topo = doc.topology
  if (isObj(topo)) {
    checkArray(topo, 'nodes', ['topology'], 'nodes', LIMITS.nodes, out)
    checkArray(topo, 'links', ['topology'], 'links', LIMITS.links, out)
    checkArray(topo, 'attachments', ['topology'], 'attachments', LIMITS.attachments, out)
  }
  if (isObj(doc.variables) && Object.keys(doc.variables).length > LIMITS.variables) {
    out.push(tooMany(['variables'], 'variables', Object.keys(doc.variables).length, LIMITS.variables))
  }
  checkArray(doc, 'experiments', [], 'experiments', LIMITS.experiments, out)
  checkArray(doc, 'results', [], 'stored results documents', LIMITS.results, out)
  if (Array.isArray(doc.results) && doc.results.length <= LIMITS.results) {
    // A results document has one point per sweep point.
    doc.results.forEach((r, i) => { if (isObj(r)) checkArray(r, 'points', ['results', i], 'points', LIMITS.sweepPoints, out) })
  }
  if (Array.isArray(doc.experiments) && doc.experiments.length <= LIMITS.experiments) {
    doc.experiments.forEach((exp, i) => checkExperiment(exp, ['experiments', i], out))
  }
  if (out.length === 0) out.push(...checkUnknownFields(doc))
  return out
}
