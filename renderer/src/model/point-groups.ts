// How a sweep's points become chart series: which parameters vary, which one goes on the x axis,
// which of the others name a series (zipped parameters that follow another are left out of the
// name: "variant" names the series, "technique" moves with it), and the points of each series.
import type { ResultsPoint } from '../../../core/api/contract'

type Scalar = string | number | boolean
type Params = Readonly<Record<string, Scalar>>

export interface SweptParam {
  readonly name: string
  /** Distinct values, in the order the points first show them (numbers ascending). */
  readonly values: readonly Scalar[]
  readonly numeric: boolean
}

/** Parameters with more than one value across the points, in the order of the points' keys. */
export function sweptParams(points: readonly Pick<ResultsPoint, 'params'>[]): SweptParam[] {
  const seen = new Map<string, Scalar[]>()
  for (const p of points) {
    for (const [k, v] of Object.entries(p.params)) {
      const list = seen.get(k) ?? []
      if (!list.includes(v)) list.push(v)
      seen.set(k, list)
    }
  }
  const out: SweptParam[] = []
  for (const [name, values] of seen) {
    if (values.length < 2) continue
    const numeric = values.every((v) => typeof v === 'number')
    out.push({ name, values: numeric ? [...values].sort((a, b) => (a as number) - (b as number)) : values, numeric })
  }
  return out
}

/** The x parameter by default: the first numeric swept one, else the first swept one, else none. */
export function defaultX(params: readonly SweptParam[]): string | null {
  return params.find((p) => p.numeric)?.name ?? params[0]?.name ?? null
}

const keyOf = (p: Params, names: readonly string[]): string => JSON.stringify(names.map((n) => p[n] ?? null))

/** True if the values of `names` decide the value of `target` at every point. */
function determines(points: readonly Pick<ResultsPoint, 'params'>[], names: readonly string[], target: string): boolean {
  const seen = new Map<string, string>()
  for (const p of points) {
    const k = keyOf(p.params, names)
    const v = JSON.stringify(p.params[target] ?? null)
    const before = seen.get(k)
    if (before !== undefined && before !== v) return false
    seen.set(k, v)
  }
  return true
}

/** The parameters that name series: the swept ones other than x that x and the earlier ones do not decide. */
export function seriesParams(points: readonly Pick<ResultsPoint, 'params'>[], params: readonly SweptParam[], x: string | null): string[] {
  const kept: string[] = x ? [x] : []
  const out: string[] = []
  for (const p of params) {
    if (p.name === x) continue
    if (kept.length > 0 && determines(points, kept, p.name)) continue
    kept.push(p.name)
    out.push(p.name)
  }
  return out
}

/**
 * A series' name from its parameters: the bare value of one text parameter ("self-virtualized"), else
 * "name=value" (a bare "4" in a legend would not say four of what), pairs for several.
 */
export function labelOf(params: Params, names: readonly string[]): string {
  if (names.length === 0) return 'all points'
  if (names.length === 1 && typeof params[names[0]] === 'string') return String(params[names[0]])
  if (names.length === 1) return `${names[0]}=${String(params[names[0]])}`
  return names.map((n) => `${n}=${String(params[n])}`).join(', ')
}

export interface PointGroup<P extends Pick<ResultsPoint, 'params'>> {
  readonly label: string
  readonly points: readonly P[]
}

/** Points grouped by series, groups in first-seen order. */
export function groupPoints<P extends Pick<ResultsPoint, 'params'>>(points: readonly P[], names: readonly string[]): PointGroup<P>[] {
  const groups = new Map<string, P[]>()
  for (const p of points) {
    const label = labelOf(p.params, names)
    const list = groups.get(label) ?? []
    list.push(p)
    groups.set(label, list)
  }
  return [...groups].map(([label, pts]) => ({ label, points: pts }))
}

/**
 * A point's name for bar categories and CDF series: the swept parameters that are not zipped to an earlier
 * one, numbers as "guests=4", texts bare ("guests=4 · self-virtualized").
 */
export function pointLabel(params: Params, swept: readonly SweptParam[], points: readonly Pick<ResultsPoint, 'params'>[] = []): string {
  if (swept.length === 0) return 'the run'
  const names = points.length > 0 ? seriesParams(points, swept, null) : swept.map((s) => s.name)
  return names.map((n) => (typeof params[n] === 'string' ? String(params[n]) : `${n}=${String(params[n])}`)).join(' · ')
}
