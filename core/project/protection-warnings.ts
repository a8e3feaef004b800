// Issue 12: a protection turned off (no IOMMU under pass-through, VPIO without DMA validation, a DC
// without credential checks…) is refused by validation unless the experiment that runs it sets
// `protectionOffAcknowledged`. Once acknowledged, the protections it runs without are WARNINGS:
// what validation would refuse without the acknowledgement, in the same sentences (never a second
// copy of the rules). `iovlab validate` and `run` print them; the workbench's designer shows them.
import type { Problem } from './problems'
import type { Project } from './schema'
import { validateProject } from './validate'

/** The hint validation appends to a refusal: how to acknowledge. */
const ACK_HINT = /, or, to study it switched off, set "protectionOffAcknowledged": true on experiment (?:"[^"]*"(?:, )?)+/

/** True for a refusal that the experiment `id` could lift by acknowledging a protection off. */
export function isProtectionRefusal(p: Pick<Problem, 'message'>, id: string): boolean {
  const m = ACK_HINT.exec(p.message)
  return m !== null && m[0].includes(`"${id}"`)
}

/** A refusal without its "or, to study it…" hint: what is off and what it lets a guest do. */
export function withoutHint(message: string): string {
  return message.replace(ACK_HINT, '')
}

/** The project as it would be if experiment `id` did not acknowledge protections off; null when it does not. */
export function withoutAcknowledgement(doc: Project, id: string): Project | null {
  const at = doc.experiments.findIndex((e) => e.id === id)
  if (at < 0 || doc.experiments[at].protectionOffAcknowledged !== true) return null
  const copy = { ...doc.experiments[at] }
  delete copy.protectionOffAcknowledged
  return { ...doc, experiments: doc.experiments.map((e, i) => (i === at ? copy : e)) }
}

/** The refusals among `problems` that name experiment `id`, without their hint, once each. */
export function refusalsFor(problems: readonly Problem[], id: string): string[] {
  return [...new Set(problems.filter((p) => isProtectionRefusal(p, id)).map((p) => withoutHint(p.message)))]
}

/** The refusals that would name experiment `id` if it did not acknowledge protections off (none when it does not acknowledge). */
export function protectionsOff(doc: Project, id: string): string[] {
  const probe = withoutAcknowledgement(doc, id)
  if (probe === null) return []
  const r = validateProject(probe)
  return r.ok ? [] : refusalsFor(r.problems, id)
}

/** One warning line per protection an acknowledging experiment (of `only`, or all) runs without: one validation with every acknowledgement taken away. */
export function protectionWarnings(doc: Project, only?: ReadonlySet<string>): string[] {
  const acked = doc.experiments.filter((e) => e.protectionOffAcknowledged === true && (only === undefined || only.has(e.id)))
  if (acked.length === 0) return []
  const ids = new Set(acked.map((e) => e.id))
  const probe: Project = {
    ...doc,
    experiments: doc.experiments.map((e) => {
      if (!ids.has(e.id)) return e
      const copy = { ...e }
      delete copy.protectionOffAcknowledged
      return copy
    })
  }
  const r = validateProject(probe)
  if (r.ok) return []
  return acked.flatMap((e) => refusalsFor(r.problems, e.id).map((what) => `warning: experiment "${e.id}" runs with a protection off (protectionOffAcknowledged): ${what}`))
}
