// A host for the run tests: startRun and stopRun answer as told (records every call), events go to
// the subscribers when the test emits them; other requests answer "not faked".
import { vi } from 'vitest'
import type { ApiEvent, ApiListener, ApiResponse, IovlabApi, StartedRun } from '../../core/api/contract'
import type { Host } from '../../renderer/src/host/types'

export interface RunHost extends Host {
  startRun: ReturnType<typeof vi.fn>
  stopRun: ReturnType<typeof vi.fn>
  listeners: Set<ApiListener>
  emit(event: ApiEvent): void
}

export const started = (runId = 'run-1', points = 6, replications = 1): StartedRun => ({
  runId, runs: points * replications, experiments: [{ id: 'e1', points, replications }], jobs: 2
})

export function runHost(start: () => ApiResponse<StartedRun> | Promise<ApiResponse<StartedRun>> = () => ({ ok: true, value: started() })): RunHost {
  const listeners = new Set<ApiListener>()
  const startRun = vi.fn(async () => start())
  const stopRun = vi.fn(async (): Promise<ApiResponse<{ stopped: boolean }>> => ({ ok: true, value: { stopped: true } }))
  const notFaked = async (): Promise<ApiResponse<never>> => ({ ok: false, errors: [{ code: 'not-faked', message: 'not faked' }] })
  const api = new Proxy({ startRun, stopRun, subscribe: (l: ApiListener) => { listeners.add(l); return () => listeners.delete(l) } } as Record<string, unknown>, {
    get: (target, name: string) => target[name] ?? notFaked
  }) as unknown as IovlabApi
  return {
    api, startRun, stopRun, listeners,
    files: { chooseOpen: async () => null, chooseSave: async () => null, recent: async () => [], noteRecent: async () => undefined },
    onCommand: () => () => undefined,
    emit: (event) => { for (const l of [...listeners]) l(event) }
  }
}
