// Shared helpers of the core/project tests: fixture files, a valid base document to break in
// one place at a time, and assertions on problems by code and path.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { formatPath, parseProject, type Problem, type ProblemCode } from '../../../core/project/index'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
export const FIXTURES = join(ROOT, 'tests', 'fixtures')

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel)
}

export function readFixture(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8')
}

export type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh, valid v1 document (the two-host NP-NIC fixture) to break in one place. */
export function baseDoc(): Doc {
  return JSON.parse(readFixture('v1/two-host-np-nic.iovlab.json')) as Doc
}

/** Problems of a document (an object is written as JSON first, like a file would be). */
export function problemsOf(doc: Doc | string): Problem[] {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc)
  const r = parseProject(text, 'test.iovlab.json')
  return r.ok ? [] : r.problems
}

/** Asserts that a problem with this code (and path, and message) is among `problems`; returns it. */
export function expectProblem(problems: readonly Problem[], code: ProblemCode, path?: string, message?: RegExp): Problem {
  const found = problems.find((p) => p.code === code && (path === undefined || formatPath(p.path) === path)
    && (message === undefined || message.test(p.message)))
  const shown = problems.map((p) => `${p.code} ${formatPath(p.path)}: ${p.message}`).join('\n')
  expect(found, `expected ${code} at ${path ?? 'any path'}${message ? ` matching ${message}` : ''}; got:\n${shown}`).toBeDefined()
  return found as Problem
}

export function codes(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.code} ${formatPath(p.path)}`)
}
