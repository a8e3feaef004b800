// One entry for hosts that receive requests as data (Electron IPC, a browser server, a test
// harness): checks the request name and its parameters with the contract's schemas, then calls.
import { REQUEST_SCHEMAS, type ApiResponse, type IovlabApi, type RequestName } from './contract'
import { fail } from './errors'

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(REQUEST_SCHEMAS, name)
}

/** Validates `params` for request `name` and calls it; malformed requests get a `bad-request` error. */
export async function dispatch(api: IovlabApi, name: unknown, params: unknown): Promise<ApiResponse<unknown>> {
  if (!isRequestName(name)) return fail({ code: 'bad-request', message: `there is no request ${JSON.stringify(String(name)).slice(0, 80)}` })
  const parsed = REQUEST_SCHEMAS[name].safeParse(params ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
    return fail({ code: 'bad-request', message: `${name}: malformed parameters${where}: ${issue.message}` })
  }
  try {
    const call = api[name] as (p: unknown) => Promise<ApiResponse<unknown>>
    return await call(parsed.data)
  } catch (e) {
    return fail({ code: 'internal-error', message: `${name} failed: ${e instanceof Error ? e.message : String(e)}` })
  }
}
