// From the text of a project file to a validated project: size, UTF-8, JSON, then the layers
// of validate.ts. Pure (no file system), for the UI, the API and load.ts alike.
import { decodeUtf8, parseJsonText } from './json-text'
import { LIMITS } from './limits'
import { capProblems, problem, type Problem } from './problems'
import type { Project } from './schema'
import { validateDocument } from './validate'

export type ParseResult =
  | { ok: true; project: Project; problems: []; source: string; migratedFrom: number; applied: string[] }
  | { ok: false; problems: Problem[]; source: string }

function tooLarge(bytes: number, source: string): ParseResult {
  const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`
  return {
    ok: false, source,
    problems: [problem('file-too-large', [], `the file is ${mib(bytes)}, more than the ${mib(LIMITS.fileBytes)} a project may have`)]
  }
}

/** Parses and validates project text; `source` names it in messages (a file name, "clipboard", …). */
export function parseProject(text: string, source = '<project>'): ParseResult {
  // A UTF-16 code unit is at least one byte in UTF-8, so this bounds the file size from below.
  if (text.length > LIMITS.fileBytes) return tooLarge(text.length, source)
  const json = parseJsonText(text)
  if (!json.ok && json.value === undefined) return { ok: false, problems: json.problems, source }
  const r = validateDocument(json.value)
  if (json.ok && r.ok) return { ...r, source }
  const problems = capProblems([...(json.ok ? [] : json.problems), ...r.problems])
  return { ok: false, problems, source }
}

/** Parses and validates the bytes of a project file (strict UTF-8). */
export function parseProjectBytes(bytes: Uint8Array, source = '<project>'): ParseResult {
  if (bytes.byteLength > LIMITS.fileBytes) return tooLarge(bytes.byteLength, source)
  if (bytes.byteLength === 0) return parseProject('', source)
  const text = decodeUtf8(bytes)
  return text.ok ? parseProject(text.text, source) : { ok: false, problems: text.problems, source }
}
