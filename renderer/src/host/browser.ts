// The browser host: the typed API over HTTP to `iovlab serve` (POST /api/<request>, events as
// Server-Sent Events from GET /api/events), files chosen in the workbench's own path prompt.
import { REQUEST_NAMES, type ApiEvent, type ApiListener, type ApiResponse, type IovlabApi, type RequestName } from '../../../core/api/contract'
import { addRecent, readRecent } from './recent-files'
import type { FileChoice, Host } from './types'

export interface BrowserHostOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch
  /** Default: the version baked in at build time (VITE_ENGINE_VERSION), else 'unknown'. */
  fallbackVersion?: string
  /** Asks the user for a path (or an upload): the workbench's prompt dialog. Default: window.prompt. */
  ask?: (mode: 'open' | 'save', title: string, suggested: string) => Promise<FileChoice>
  /** Where recent files are kept. Default: localStorage. */
  storage?: Storage
  /** Opens the event stream. Default: an EventSource on /api/events. */
  eventSource?: (url: string) => Pick<EventSource, 'onmessage' | 'close'>
}

const unreachable = (name: string, why: string): ApiResponse<never> => ({
  ok: false,
  errors: [{ code: 'host-unreachable', message: `${name}: the IOV Lab server did not answer (${why}); is \`iovlab serve\` still running?` }]
})

function isResponse(v: unknown): v is ApiResponse<unknown> {
  const r = v as { ok?: unknown; errors?: unknown } | null
  return typeof r === 'object' && r !== null && (r.ok === true ? 'value' in r : r.ok === false && Array.isArray(r.errors))
}

function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

export function createBrowserHost(options: BrowserHostOptions = {}): Host {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const fallback = options.fallbackVersion ?? import.meta.env.VITE_ENGINE_VERSION ?? 'unknown'
  const storage = options.storage ?? defaultStorage()
  const listeners = new Set<ApiListener>()
  let stream: Pick<EventSource, 'onmessage' | 'close'> | undefined

  async function request(name: RequestName, params: unknown): Promise<ApiResponse<unknown>> {
    let response: Response
    try {
      response = await doFetch(`/api/${name}`, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(params ?? {})
      })
    } catch (e) {
      return unreachable(name, e instanceof Error ? e.message : String(e))
    }
    try {
      const body: unknown = await response.json()
      return isResponse(body) ? body : unreachable(name, `an answer that is not an API response, HTTP ${response.status}`)
    } catch {
      return unreachable(name, `HTTP ${response.status}, not JSON`)
    }
  }

  function subscribe(listener: ApiListener): () => void {
    listeners.add(listener)
    if (!stream) {
      stream = (options.eventSource ?? ((url) => new EventSource(url)))('/api/events')
      stream.onmessage = (message: MessageEvent<string>) => {
        let event: ApiEvent
        try {
          event = JSON.parse(message.data) as ApiEvent
        } catch {
          return
        }
        for (const l of [...listeners]) l(event)
      }
    }
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) {
        stream?.close()
        stream = undefined
      }
    }
  }

  const api = Object.fromEntries(REQUEST_NAMES.map((name) => [name, (params: unknown) => request(name, params)])) as unknown as IovlabApi
  const engineVersion = async (): Promise<ApiResponse<string>> => {
    const r = await request('engineVersion', {})
    return r.ok && typeof r.value === 'string' && r.value !== '' ? { ok: true, value: r.value } : { ok: true, value: fallback }
  }

  const ask = options.ask ?? (async (_mode, title, suggested) => {
    const path = globalThis.prompt?.(title, suggested)
    return path ? { path } : null
  })

  return {
    api: { ...api, engineVersion, subscribe },
    files: {
      chooseOpen: () => ask('open', 'Open a project: its path on the machine running iovlab serve', ''),
      async chooseSave(suggested) {
        const answer = await ask('save', 'Save the project: a path on the machine running iovlab serve', suggested)
        return answer && 'path' in answer ? answer.path : null
      },
      recent: async () => readRecent(storage),
      async noteRecent(path) {
        addRecent(storage, path)
      }
    },
    onCommand: () => () => undefined
  }
}
