// A fake host for renderer tests: every API request answers from a table (or a default), files
// come from a queue of choices, and calls are recorded.
import { vi } from 'vitest'
import type { ApiListener, ApiResponse, IovlabApi, RequestName } from '../../core/api/contract'
import type { FileChoice, Host } from '../../renderer/src/host/types'

export type Answers = Partial<Record<RequestName, (params: never) => ApiResponse<unknown> | Promise<ApiResponse<unknown>>>>

export interface FakeHost extends Host {
  calls: { name: string; params: unknown }[]
  choices: FileChoice[]
  saveAs: (string | null)[]
  recentList: string[]
  emit(event: Parameters<ApiListener>[0]): void
  command(command: string, arg?: string): void
}

const NAMES: RequestName[] = ['openProject', 'parseProject', 'validateProject', 'saveProject', 'listExamples', 'openExample', 'catalog', 'startRun', 'stopRun', 'engineVersion']

export function fakeHost(answers: Answers = {}): FakeHost {
  const listeners = new Set<ApiListener>()
  const commandListeners = new Set<(c: string, a?: string) => void>()
  const calls: { name: string; params: unknown }[] = []
  const defaults: Answers = {
    engineVersion: () => ({ ok: true, value: '9.9.9' }),
    listExamples: () => ({ ok: true, value: [] }),
    saveProject: () => ({ ok: true, value: { fileInfo: { mtimeMs: 1, size: 2, sha256: 'a'.repeat(64) } } })
  }
  const api = Object.fromEntries(NAMES.map((name) => [name, vi.fn(async (params: unknown) => {
    calls.push({ name, params })
    const answer = answers[name] ?? defaults[name]
    return answer ? answer(params as never) : { ok: false, errors: [{ code: 'not-faked', message: `${name} is not faked` }] }
  })])) as unknown as IovlabApi
  const host: FakeHost = {
    calls,
    choices: [],
    saveAs: [],
    recentList: [],
    api: { ...api, subscribe: (l) => { listeners.add(l); return () => listeners.delete(l) } },
    files: {
      chooseOpen: async () => host.choices.shift() ?? null,
      chooseSave: async () => host.saveAs.shift() ?? null,
      recent: async () => [...host.recentList],
      noteRecent: async (path) => { host.recentList = [path, ...host.recentList.filter((p) => p !== path)] }
    },
    onCommand: (l) => { commandListeners.add(l); return () => commandListeners.delete(l) },
    emit: (event) => listeners.forEach((l) => l(event)),
    command: (c, a) => commandListeners.forEach((l) => l(c, a))
  }
  return host
}
