// The validation worker: runs the one validation of core/project off the UI thread, so editing a
// large project never waits for it. zod is configured first (no `new Function` under the CSP).
import '../zod-setup'
import { validateProject } from '../../../core/project'

export interface ValidateRequest { id: number; doc: unknown }
export interface ValidateAnswer { id: number; problems: ReturnType<typeof validateProject>['problems'] }

self.onmessage = (event: MessageEvent<ValidateRequest>) => {
  const { id, doc } = event.data
  const r = validateProject(doc)
  self.postMessage({ id, problems: r.ok ? [] : r.problems } satisfies ValidateAnswer)
}
