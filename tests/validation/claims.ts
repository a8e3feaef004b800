// One way to state a validation claim, so that the validation table in docs/validation.md is
// generated from the tests themselves and cannot drift from them.
//
//   claim({ id, kind, source, claim, published, tolerance }, () => ({ value, lo, hi, model }))
//
// - kind: 'calibration' — the fact a parameter was fitted to (it passes by construction and says so);
//         'mechanism'   — an identity or operational law of the model (ordering, monotonicity, …);
//         'prediction'  — a published figure the model was not fitted to.
// - The body computes the model's value and returns the two-sided interval [lo, hi] it must fall
//   in (both ends required: a prediction with only a lower bound is not a validation), and the
//   text shown in the table's "model" column. A claim with several parts may return `check`
//   instead of value/lo/hi; it runs the expectations itself.
// - `miss`: the model is known to disagree with the source. The test then *expects* the check to
//   fail and fails if it passes (the miss is fixed: remove `miss`). The reason names the likely
//   mechanism; a miss is never tuned away with an unsourced constant.
//
// The table: every claim checks that docs/validation.md holds exactly its row (the test fails when
// the file is stale). `IOVLAB_UPDATE_VALIDATION=1 npx vitest run tests/validation --no-file-parallelism`
// rewrites the rows (build/validation-table.mjs does that and sorts the file).
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'

export type ClaimKind = 'calibration' | 'mechanism' | 'prediction'

export interface ClaimSpec {
  /** Stable, unique, kebab-case, e.g. "004-sv-rtt-one-guest". */
  readonly id: string
  readonly kind: ClaimKind
  /** Where the claim comes from: a seed and section ("004 §4.2.1") or a paper and its figure/table. */
  readonly source: string
  /** The claim in words. */
  readonly claim: string
  /** The published figure as the source states it ("≈ 475 Mbps", "40–60 %", "ordering"). */
  readonly published: string
  /** The two-sided tolerance in words ("± 60 Mbps", "[0.4, 0.6]"). */
  readonly tolerance: string
  /** A documented miss: the likely mechanism of the disagreement. */
  readonly miss?: string
}

export type ClaimOutcome =
  | { readonly value: number; readonly lo: number; readonly hi: number; readonly model: string }
  | { readonly check: () => void; readonly model: string }

export const VALIDATION_TABLE = resolve(import.meta.dirname, '../../docs/validation.md')
const UPDATE = process.env.IOVLAB_UPDATE_VALIDATION === '1'

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')

/** The table row of a claim: id, kind, source, claim, published, tolerance, model, status. */
export function claimRow(spec: ClaimSpec, model: string): string {
  const status = spec.miss ? `documented miss: ${spec.miss}` : 'holds'
  return `| \`${spec.id}\` | ${spec.kind} | ${cell(spec.source)} | ${cell(spec.claim)} | ${cell(spec.published)} | ${cell(spec.tolerance)} | ${cell(model)} | ${cell(status)} |`
}

function rowsOf(text: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \|/.exec(line)
    if (m) rows.set(m[1], line)
  }
  return rows
}

function upsertRow(id: string, row: string): void {
  const text = existsSync(VALIDATION_TABLE) ? readFileSync(VALIDATION_TABLE, 'utf8') : ''
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.startsWith(`| \`${id}\` |`))
  if (i >= 0) lines[i] = row
  else lines.push(row)
  writeFileSync(VALIDATION_TABLE, lines.join('\n'))
}

function runCheck(outcome: ClaimOutcome): void {
  if ('check' in outcome) outcome.check()
  else {
    expect(Number.isFinite(outcome.lo) && Number.isFinite(outcome.hi), 'a claim states both ends of its tolerance').toBe(true)
    expect(outcome.value).toBeGreaterThanOrEqual(outcome.lo)
    expect(outcome.value).toBeLessThanOrEqual(outcome.hi)
  }
}

/** Declares one validation claim as a vitest test (see the top of this file). */
export function claim(spec: ClaimSpec, body: () => ClaimOutcome | Promise<ClaimOutcome>, timeout?: number): void {
  const title = `[${spec.kind}] ${spec.source}: ${spec.claim}${spec.miss ? ' (documented miss)' : ''}`
  it(title, async () => {
    const outcome = await body()
    const row = claimRow(spec, outcome.model)
    if (UPDATE) upsertRow(spec.id, row)
    else {
      const stored = rowsOf(existsSync(VALIDATION_TABLE) ? readFileSync(VALIDATION_TABLE, 'utf8') : '').get(spec.id)
      expect(stored, `docs/validation.md is stale for "${spec.id}": run node build/validation-table.mjs`).toBe(row)
    }
    if (!spec.miss) {
      runCheck(outcome)
      return
    }
    let failed = false
    try { runCheck(outcome) } catch { failed = true }
    expect(failed, `"${spec.id}" is marked as a documented miss but now holds: remove "miss" and regenerate the table`).toBe(true)
  }, timeout)
}

/** Formats a number with a unit to `digits` significant digits (for the "model" column). */
export function fmt(v: number, unit = '', digits = 3): string {
  if (!Number.isFinite(v)) return String(v)
  const s = Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 })
  return unit ? `${s} ${unit}` : s
}
