// The contract's schemas and the dispatcher hosts use for requests that arrive as data (IPC):
// every request has a schema, malformed requests and unknown names are error values.
import { describe, expect, test } from 'vitest'
import { createService, dispatch, REQUEST_NAMES, REQUEST_SCHEMAS, type IovlabApi } from '../../../core/api/index'
import { nodeFiles } from '../../../core/api/node'
import { InProcessExecutor } from '../../../core/experiment/index'
import { ENGINE_VERSION } from '../../../core/version'

const svc = createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:noop' })

describe('contract', () => {
  test('every request of the service has a schema, and every schema a request', () => {
    const methods = Object.keys(svc).filter((k) => k !== 'subscribe' && k !== 'close').sort()
    expect([...REQUEST_NAMES].sort()).toEqual(methods)
  })

  test('schemas refuse malformed parameters and unknown fields', () => {
    expect(REQUEST_SCHEMAS.openProject.safeParse({ path: '' }).success).toBe(false)
    expect(REQUEST_SCHEMAS.openProject.safeParse({ path: 'a', extra: 1 }).success).toBe(false)
    expect(REQUEST_SCHEMAS.startRun.safeParse({ project: {}, jobs: 0 }).success).toBe(false)
    expect(REQUEST_SCHEMAS.startRun.safeParse({ project: {}, experimentIds: ['../x'] }).success).toBe(false)
    expect(REQUEST_SCHEMAS.startRun.safeParse({ project: {}, replications: 3, overrides: [{ path: 'variables.x', value: [1] }] }).success).toBe(true)
    expect(REQUEST_SCHEMAS.saveProject.safeParse({ path: 'p', project: {}, expected: { mtimeMs: 1, size: 2, sha256: 'x' } }).success).toBe(false)
  })
})

describe('dispatch', () => {
  test('routes a valid request', async () => {
    expect(await dispatch(svc as IovlabApi, 'engineVersion', {})).toEqual({ ok: true, value: ENGINE_VERSION })
    expect(await dispatch(svc as IovlabApi, 'engineVersion', undefined)).toEqual({ ok: true, value: ENGINE_VERSION })
  })

  test('unknown names, prototype names and malformed parameters are bad-request values', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'subscribe', 42, null]) {
      expect(await dispatch(svc as IovlabApi, name, {})).toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    }
    const r = await dispatch(svc as IovlabApi, 'openProject', { path: 7 })
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    if (!r.ok) expect(r.errors[0].message).toMatch(/openProject: malformed parameters at path/)
  })

  test('a request that throws inside is an internal-error value, not an exception', async () => {
    const throwing = { ...svc, catalog: () => { throw new Error('boom') } } as unknown as IovlabApi
    expect(await dispatch(throwing, 'catalog', {})).toMatchObject({ ok: false, errors: [{ code: 'internal-error', message: 'catalog failed: boom' }] })
  })
})
