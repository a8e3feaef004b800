// The worker-thread entry of project checks (bundled to out/cli/check-worker.cjs): one task is
// one load, save, parse or validation, with plain data in and out.
import { loadProject, type LoadResult } from '../project/load'
import { parseProject, type ParseResult } from '../project/parse'
import { saveProject, type SaveOptions, type SaveResult } from '../project/save'
import type { Project } from '../project/schema'
import { validateProject, type ValidationResult } from '../project/validate'

export type CheckTask =
  | { readonly op: 'load'; readonly path: string }
  | { readonly op: 'save'; readonly path: string; readonly project: Project; readonly options: SaveOptions }
  | { readonly op: 'parse'; readonly text: string; readonly name?: string }
  | { readonly op: 'validate'; readonly value: unknown }

export type CheckResult = LoadResult | SaveResult | ParseResult | ValidationResult

export default async function check(task: CheckTask): Promise<CheckResult> {
  switch (task.op) {
    case 'load':
      return loadProject(task.path)
    case 'save':
      return saveProject(task.path, task.project, task.options)
    case 'parse':
      return parseProject(task.text, task.name)
    case 'validate':
      return validateProject(task.value)
  }
}
