// From the core's problems to the contract's error values, and the few errors of the API itself.
import { formatPath, type Problem } from '../project/problems'
import type { ApiError, ApiResponse } from './contract'

export function problemToError(p: Problem): ApiError {
  return { code: p.code, message: p.message, path: formatPath(p.path) }
}

export function ok<T>(value: T): ApiResponse<T> {
  return { ok: true, value }
}

export function fail<T = never>(...errors: ApiError[]): ApiResponse<T> {
  return { ok: false, errors }
}

export function failProblems<T = never>(problems: readonly Problem[]): ApiResponse<T> {
  return { ok: false, errors: problems.map(problemToError) }
}
