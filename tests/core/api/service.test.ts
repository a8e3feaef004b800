// The API service as a host sees it: every request answers with a value (never a throw),
// project files are read without change and saved atomically, examples are listed, and a run
// streams progress, points and its documents as events, and can be stopped.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { createService, type ApiEvent, type IovlabService } from '../../../core/api/index'
import { createNodeService, nodeFiles } from '../../../core/api/node'
import { InProcessExecutor, withoutProvenance } from '../../../core/experiment/index'
import { ENGINE_VERSION } from '../../../core/version'
import { CHECK_WORKER, ensureCliBuilt, ROOT, WORKER } from '../cli/build'
import { mm1Input } from '../experiment/helpers'

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'v1', 'two-host-np-nic.iovlab.json')
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function service(examplesDir?: string): IovlabService {
  return createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1', ...(examplesDir ? { examplesDir } : {}) })
}

/** Starts a run and collects its events until run-done. */
async function runToEnd(svc: IovlabService, params: Parameters<IovlabService['startRun']>[0]): Promise<{ runId: string; events: ApiEvent[] }> {
  const events: ApiEvent[] = []
  let finish: () => void = () => undefined
  const finished = new Promise<void>((r) => { finish = r })
  const off = svc.subscribe((e) => { events.push(e); if (e.type === 'run-done') finish() })
  const started = await svc.startRun(params)
  if (!started.ok) throw new Error(started.errors[0].message)
  await finished
  off()
  return { runId: started.value.runId, events: events.filter((e) => e.runId === started.value.runId) }
}

describe('projects', () => {
  test('openProject validates without changing the file and returns its identity', async () => {
    const before = sha(FIXTURE)
    const r = await service().openProject({ path: FIXTURE })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.project.name).toBe('two-host-np-nic')
    expect(r.value.fileInfo?.sha256).toBe(before)
    expect(sha(FIXTURE)).toBe(before)
  })

  test('errors are values with a code, a message and a JSON path', async () => {
    const svc = service()
    expect(await svc.openProject({ path: '/no/such/file.iovlab.json' })).toMatchObject({ ok: false, errors: [{ code: 'file-not-found', path: '$' }] })
    const parsed = await svc.parseProject({ text: '{"format": "iovlab-project", "schemaVersion": 1, "name": 3}', name: 'clip' })
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.errors.some((e) => e.path === '$.name')).toBe(true)
    const report = await svc.validateProject({ project: { format: 'iovlab-project', schemaVersion: 99 } })
    expect(report).toMatchObject({ ok: true, value: { valid: false } })
    if (report.ok) expect(report.value.problems[0].message).toMatch(/newer|version/i)
  })

  test('saveProject writes atomically and refuses a file changed on disk since it was opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-api-'))
    const path = join(dir, 'p.iovlab.json')
    writeFileSync(path, readFileSync(FIXTURE))
    const svc = service()
    const opened = await svc.openProject({ path })
    if (!opened.ok) throw new Error('open failed')
    const saved = await svc.saveProject({ path, project: { ...opened.value.project, description: 'changed' }, expected: opened.value.fileInfo })
    expect(saved.ok).toBe(true)
    writeFileSync(path, readFileSync(FIXTURE)) // someone else writes it meanwhile
    const again = await svc.saveProject({ path, project: opened.value.project, ...(saved.ok ? { expected: saved.value.fileInfo } : {}) })
    expect(again).toMatchObject({ ok: false, errors: [{ code: 'changed-on-disk' }] })
    const invalid = await svc.saveProject({ path, project: { nonsense: true } })
    expect(invalid.ok).toBe(false)
  })
})

describe('examples, catalog, version', () => {
  test('listExamples lists every *.iovlab.json, broken ones with their problems; openExample opens by id only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-examples-'))
    writeFileSync(join(dir, 'good.iovlab.json'), readFileSync(FIXTURE))
    writeFileSync(join(dir, 'broken.iovlab.json'), '{ not json')
    writeFileSync(join(dir, 'notes.txt'), 'not an example')
    mkdirSync(join(dir, 'folder.iovlab.json'))
    const svc = service(dir)
    const list = await svc.listExamples({})
    expect(list.ok && list.value.map((e) => [e.id, e.problems === undefined])).toEqual([['broken', false], ['good', true]])
    if (list.ok) expect(list.value[1]).toMatchObject({ name: 'two-host-np-nic', experiments: [{ id: 'latency-vs-guests' }] })
    expect((await svc.openExample({ id: 'good' })).ok).toBe(true)
    expect(await svc.openExample({ id: 'missing' })).toMatchObject({ ok: false, errors: [{ code: 'unknown-example' }] })
    expect(await svc.openExample({ id: '../good' })).toMatchObject({ ok: false, errors: [{ code: 'unknown-example' }] })
  })

  test('the shipped examples folder is found from core/api', async () => {
    const r = await createNodeService({ executor: 'in-process' }).listExamples({})
    expect(r.ok).toBe(true)
  })

  test('catalog and engine version', async () => {
    const svc = service()
    const cat = await svc.catalog({})
    expect(cat.ok && cat.value.kinds.map((k) => k.kind)).toEqual(['host', 'vm', 'nic', 'np-nic', 'dc', 'host-gateway', 'switch', 'disk', 'ssd', 'nvme', 'storage-array'])
    expect(cat.ok && JSON.parse(JSON.stringify(cat.value))).toEqual(cat.ok && cat.value) // pure data, IPC-safe
    expect(await svc.engineVersion({})).toEqual({ ok: true, value: ENGINE_VERSION })
  })
})

describe('runs', () => {
  test('startRun answers with the run id before any event; then progress, points and the documents', async () => {
    const svc = service()
    const { runId, events } = await runToEnd(svc, { project: mm1Input(), experimentIds: ['wait-vs-load'], replications: 2 })
    expect(events[0].type).not.toBe('run-done')
    expect(events.filter((e) => e.type === 'run-point')).toHaveLength(3)
    expect(events.some((e) => e.type === 'run-progress')).toBe(true)
    const done = events[events.length - 1]
    expect(done).toMatchObject({ type: 'run-done', runId, failed: 0, cancelled: false })
    if (done.type !== 'run-done') return
    expect(done.documents).toHaveLength(1)
    expect(done.documents[0].points.every((p) => p.replications === 2)).toBe(true)
    expect(done.documents[0].overrides).toEqual([{ path: 'experiments.wait-vs-load.replications', value: 2 }])
  })

  test('overrides by path: applied, validated again, recorded; a bad path or value is refused before any run', async () => {
    const svc = service()
    const { events } = await runToEnd(svc, { project: mm1Input(), experimentIds: ['wait-vs-load'], overrides: [{ path: 'experiments.wait-vs-load.duration', value: '2ms' }] })
    const done = events.find((e) => e.type === 'run-done')
    expect(done?.type === 'run-done' && done.documents[0].overrides).toEqual([{ path: 'experiments.wait-vs-load.duration', value: '2ms' }])
    expect(await svc.startRun({ project: mm1Input(), overrides: [{ path: 'variables.nope', value: 1 }] }))
      .toMatchObject({ ok: false, errors: [{ code: 'bad-override', path: 'variables.nope' }] })
    const badValue = await svc.startRun({ project: mm1Input(), overrides: [{ path: 'experiments.zipped.duration', value: 'soon' }] })
    expect(badValue.ok).toBe(false)
    if (!badValue.ok) expect(badValue.errors[0].message).toMatch(/after the overrides/)
    expect(await svc.startRun({ project: mm1Input(), experimentIds: ['nope'] })).toMatchObject({ ok: false, errors: [{ code: 'unknown-experiment' }] })
    expect(await svc.startRun({ project: { format: 'iovlab-project' } })).toMatchObject({ ok: false })
  })

  test('a failed run is an event with its point and replication; the run still ends with documents', async () => {
    const input = mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '2ms', sweep: [{ 'variables.load': [0.5, 2] }] }] })
    const { events } = await runToEnd(service(), { project: input })
    const err = events.find((e) => e.type === 'run-error')
    expect(err).toMatchObject({ error: { code: 'scenario-failed' }, run: { experimentId: 'e', pointIndex: 1, params: { load: 2 }, replication: 0 } })
    expect(events[events.length - 1]).toMatchObject({ type: 'run-done', failed: 1, cancelled: false })
  })

  test('stopRun cancels; unknown ids are an error value', async () => {
    const svc = service()
    const input = mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '50ms', replications: 50 }] })
    const events: ApiEvent[] = []
    let finish: () => void = () => undefined
    const finished = new Promise<void>((r) => { finish = r })
    svc.subscribe((e) => { events.push(e); if (e.type === 'run-done') finish() })
    const started = await svc.startRun({ project: input })
    if (!started.ok) throw new Error('start failed')
    setTimeout(() => void svc.stopRun({ runId: started.value.runId }), 50)
    await finished
    expect(events[events.length - 1]).toMatchObject({ type: 'run-done', cancelled: true, documents: [] })
    expect(await svc.stopRun({ runId: 'run-none' })).toMatchObject({ ok: false, errors: [{ code: 'unknown-run' }] })
  })

  describe('on worker threads', () => {
    beforeAll(() => ensureCliBuilt())
    test('the Node service gives the same documents as this thread', async () => {
      const threads = createNodeService({ workerFile: WORKER, scenario: 'synthetic:mm1', defaultJobs: 2 })
      const a = (await runToEnd(threads, { project: mm1Input() })).events.find((e) => e.type === 'run-done')
      const b = (await runToEnd(service(), { project: mm1Input() })).events.find((e) => e.type === 'run-done')
      if (a?.type !== 'run-done' || b?.type !== 'run-done') throw new Error('no documents')
      expect(JSON.stringify(a.documents.map(withoutProvenance))).toBe(JSON.stringify(b.documents.map(withoutProvenance)))
      expect(a.documents[0].provenance).toMatchObject({ executor: 'threads', jobs: 2 })
    })

    test('with checks on threads, opening, parsing, validating and saving give what this thread gives', async () => {
      const svc = createNodeService({ executor: 'in-process', scenario: 'synthetic:mm1', checks: 'threads', checkWorkerFile: CHECK_WORKER })
      try {
        const here = service()
        expect(await svc.openProject({ path: FIXTURE })).toEqual(await here.openProject({ path: FIXTURE }))
        const text = readFileSync(FIXTURE, 'utf8')
        expect(await svc.parseProject({ text, name: 'x' })).toEqual(await here.parseProject({ text, name: 'x' }))
        const broken = { ...mm1Input(), seed: -1 }
        expect(await svc.validateProject({ project: broken })).toEqual(await here.validateProject({ project: broken }))
        const dir = mkdtempSync(join(tmpdir(), 'iovlab-checks-'))
        const saved = await svc.saveProject({ path: join(dir, 'p.iovlab.json'), project: mm1Input() })
        expect(saved.ok).toBe(true)
        expect((await here.openProject({ path: join(dir, 'p.iovlab.json') })).ok).toBe(true)
      } finally {
        svc.close()
      }
    })
  })
})

describe('limits of a shared service (iovlab serve)', () => {
  const long = (): ReturnType<typeof mm1Input> => mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '50ms', replications: 200 }] })

  test('at most maxConcurrentRuns runs at once; another start is refused in words until one ends', async () => {
    const svc = createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1', maxConcurrentRuns: 2 })
    const done: string[] = []
    svc.subscribe((e) => { if (e.type === 'run-done') done.push(e.runId) })
    const starts = await Promise.all([svc.startRun({ project: long() }), svc.startRun({ project: long() }), svc.startRun({ project: long() })])
    expect(starts.map((r) => r.ok)).toEqual([true, true, false])
    expect(starts[2]).toEqual({ ok: false, errors: [{ code: 'too-many-runs', message: '2 runs are in progress already, as many as this server runs at once; wait for one to finish, or stop one' }] })
    const first = starts[0]
    if (!first.ok) throw new Error('no run')
    await svc.stopRun({ runId: first.value.runId })
    await vi.waitFor(() => expect(done).toContain(first.value.runId))
    const again = await svc.startRun({ project: long() })
    expect(again.ok).toBe(true)
    svc.close()
  })

  test('a run gets at most maxJobs jobs, whatever it asks for', async () => {
    const svc = createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1', maxJobs: 2 })
    const r = await svc.startRun({ project: long(), jobs: 64 })
    expect(r).toMatchObject({ ok: true, value: { jobs: 2 } })
    svc.close()
  })
})
