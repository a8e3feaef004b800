// How the service checks project text and trees: on this thread (the default), or on worker
// threads (checks-node.ts) so a host that answers other requests meanwhile — `iovlab serve` —
// never freezes while a 30 MB file is validated.
import { parseProject, type ParseResult } from '../project/parse'
import { validateProject, type ValidationResult } from '../project/validate'

export interface ProjectChecks {
  /** parse.ts's parseProject: text to a validated project. */
  parse(text: string, name?: string): Promise<ParseResult>
  /** validate.ts's validateProject: an in-memory tree, never changed. */
  validate(value: unknown): Promise<ValidationResult>
}

/** Checks on the calling thread. */
export const inlineChecks: ProjectChecks = {
  parse: async (text, name) => parseProject(text, name),
  validate: async (value) => validateProject(value)
}
