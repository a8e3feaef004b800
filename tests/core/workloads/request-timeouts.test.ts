// Request timeouts (issue 12, docs/faults.md): an rpc client retransmits a request whose reply
// does not come in time (exponential back-off, a late reply ignored) and gives it up after its
// retries, so a lost frame no longer stops its flow; an io-program consumer resubmits a program a
// failed DC holds. Without a timeout nothing changes: the request_* metrics are absent and a
// timeout that never fires leaves every other metric as it was.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { runScenario } from '../../../core/scenario/index'
import { loadExample, num } from '../scenario/helpers'
import { attemptTimeoutNs } from '../../../core/workloads/types'

type Doc = Project
type Fault = NonNullable<Doc['experiments'][number]['faults']>[number]
type Result = ReturnType<typeof runScenario>

const BASE = loadExample('literature/dong2010-sriov.iovlab.json')

/**
 * VM "c" on host A's nic-a sends RPCs (1 outstanding) to "s" on host B's nic-b, SR-IOV, 1 Gb/s;
 * 10 ms warm-up + 60 ms measured, 10 ms windows.
 */
function rpcProject(params: Record<string, string | number>, faults?: Fault[]): Doc {
  const p = structuredClone(BASE)
  const t = p.topology
  t.nodes = t.nodes.filter((n) => !n.id.startsWith('guests'))
  for (const n of t.nodes) if (n.kind === 'nic' || n.kind === 'switch') n.params = { ...n.params, lineRate: '1Gbps' }
  const vm = (id: string, host: string): Doc['topology']['nodes'][number] => ({ id, kind: 'vm', name: id, position: { x: 0, y: 0 }, host, params: {} })
  t.nodes.push(vm('c', 'host-a'), vm('s', 'host-b'))
  t.links = ['nic-a', 'nic-b'].map((d) => ({ id: `${d}-sw`, kind: 'ethernet', from: d, to: 'sw', params: { bandwidth: '1Gbps' } })) as Doc['topology']['links']
  t.attachments = [
    { id: 'c-a', vm: 'c', device: 'nic-a', technique: 'sriov' },
    { id: 's-b', vm: 's', device: 'nic-b', technique: 'sriov' }
  ] as Doc['topology']['attachments']
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '60ms', warmup: '10ms',
    timeseries: { interval: '10ms' },
    workloads: [{ id: 'r', kind: 'rpc', pattern: 'n,n:1x1', clients: 'c', servers: 's', params }],
    ...(faults !== undefined ? { faults } : {})
  }] as Doc['experiments']
  return p
}

/** The scalable-I/O example's consumers (one program outstanding each) on its DC; 5 ms warm-up + 40 ms. */
function sioProject(params: Record<string, string | number>, faults: Fault[]): Doc {
  const p = structuredClone(loadExample('scalable-io-dc.iovlab.json'))
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '40ms', warmup: '5ms',
    workloads: [{ id: 'ops', kind: 'io-program', clients: 'consumers', params: { commands: 1, combine: true, bytesPerCommand: '4KiB', outstanding: 1, ...params } }],
    faults
  }] as Doc['experiments']
  return p
}

const runIt = (p: Doc, seed = 1): Result => runScenario({ project: p, experimentId: 'x', seed })
const series = (r: Result, m: string): (number | null)[] => [...(r.series?.metrics[m] ?? [])]
const LOSS: Fault[] = [{ at: '0ms', kind: 'packet-loss', target: 'nic-b-sw', lossRate: 0.02 }]

describe('attempt timeouts', () => {
  it('grow by the back-off per attempt, up to the 60 s ceiling (or the first timeout when longer)', () => {
    expect([0, 1, 2, 3].map((a) => attemptTimeoutNs(1e6, 2, a))).toEqual([1e6, 2e6, 4e6, 8e6])
    expect(attemptTimeoutNs(1e6, 1, 7)).toBe(1e6)
    expect(attemptTimeoutNs(1e6, 16, 1000)).toBe(60e9) // never Infinity
    expect(attemptTimeoutNs(90e9, 2, 3)).toBe(90e9)
    expect(attemptTimeoutNs(1, 1.5, 1)).toBe(2) // whole ns
  })
})

describe('rpc request timeout', () => {
  it('without a timeout a lost frame stops the flow for the rest of the run', () => {
    const r = runIt(rpcProject({}, LOSS))
    // here the first lost frame falls in the warm-up: nothing completes in the measured 60 ms
    expect(series(r, 'byWorkload.r.rpc_per_s').at(-1)).toBe(0)
    expect(num(r.metrics, 'rpc_per_s')).toBe(0)
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThan(59.9)
    expect(r.metrics.request_timeouts).toBeUndefined()
  })

  it('with a timeout the client retransmits and the flow keeps going under loss; the timeouts are counted', () => {
    const r = runIt(rpcProject({ requestTimeout: '200us' }, LOSS))
    const s = series(r, 'byWorkload.r.rpc_per_s')
    expect(s.every((v) => v !== null && v > 1000)).toBe(true) // every 10 ms window completes requests
    expect(num(r.metrics, 'request_timeouts')).toBeGreaterThan(0)
    expect(num(r.metrics, 'byWorkload.r.request_timeouts')).toBe(num(r.metrics, 'request_timeouts'))
    expect(num(r.metrics, 'byVm.c.request_timeouts')).toBe(num(r.metrics, 'request_timeouts'))
    expect(num(r.metrics, 'request_failures')).toBe(0) // 2 % loss never loses four copies in a row here
    // every timeout is a lost request or reply (nothing else delays a reply by 200 µs on an idle path)
    expect(num(r.metrics, 'request_timeouts')).toBeLessThanOrEqual(num(r.metrics, 'fault_drops'))
    // a retransmitted request's latency counts from its first copy: the tail holds the 200 µs wait
    expect(num(r.metrics, 'rpc_p99_us')).toBeGreaterThan(200)
    expect(num(r.metrics, 'outage_ms')).toBeLessThan(1)
  })

  it('timeouts back off exponentially and the request is given up after its retries; a late reply is ignored', () => {
    // the server's link is down 20–40 ms of the run: attempts at +0, +1, +3, +7 ms, given up at +15 ms (1, 2, 4, 8 ms)
    const down: Fault[] = [{ at: '20ms', kind: 'link-down', target: 'nic-b-sw', until: '40ms' }]
    const r = runIt(rpcProject({ requestTimeout: '1ms', requestRetries: 3, requestBackoff: 2 }, down))
    expect(num(r.metrics, 'request_failures')).toBe(1)
    // the request lost at 20 ms times out at 21, 23, 27 and 35 ms (given up); the next, sent at 35 ms,
    // times out at 36 and 38 ms (still down) and 42 ms, and its copy sent at 42 ms gets through
    expect(num(r.metrics, 'request_timeouts')).toBe(7)
    expect(series(r, 'byWorkload.r.rpc_per_s').at(-1)).toBeGreaterThan(1000)
    // so the outage runs from 20 ms to 42 ms + one round trip
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(21.9)
    expect(num(r.metrics, 'outage_ms')).toBeLessThan(22.5)
    // a fixed timeout (back-off 1) retries sooner: 15 retransmissions of 1 ms cover the 20 ms down in more timeouts
    const fixed = runIt(rpcProject({ requestTimeout: '1ms', requestRetries: 3, requestBackoff: 1 }, down))
    expect(num(fixed.metrics, 'request_timeouts')).toBeGreaterThan(num(r.metrics, 'request_timeouts'))
    expect(num(fixed.metrics, 'request_failures')).toBeGreaterThan(num(r.metrics, 'request_failures'))
  })

  it('a reply slower than the timeout is ignored: the retransmission\'s reply completes the request, once', () => {
    // a 150 µs server (420,000 cycles at 2.8 GHz) behind a 100 µs timeout: every request times out once and is answered by its first copy
    const slow = runIt(rpcProject({ requestTimeout: '100us', requestRetries: 5, serviceCycles: 420_000 }, []))
    const base = runIt(rpcProject({ serviceCycles: 420_000 }, []))
    expect(num(slow.metrics, 'request_timeouts')).toBeGreaterThan(0)
    expect(num(slow.metrics, 'request_failures')).toBe(0)
    // no request is completed twice: the duplicate copies' replies are dropped, so fewer completions than without the timeout (the server also works on the copies)
    expect(num(slow.metrics, 'rpc_per_s')).toBeLessThan(num(base.metrics, 'rpc_per_s'))
  })

  it('without loss: no timeout → no request metrics; a timeout that never fires leaves every other metric identical', () => {
    const none = runIt(rpcProject({}, []))
    const zero = runIt(rpcProject({ requestTimeout: 0 }, []))
    expect(JSON.stringify(zero)).toBe(JSON.stringify(none))
    expect(none.metrics.request_timeouts).toBeUndefined()
    expect(none.metrics.request_failures).toBeUndefined()
    const long = runIt(rpcProject({ requestTimeout: '5ms' }, []))
    expect(long.metrics.request_timeouts).toBe(0)
    expect(long.metrics.request_failures).toBe(0)
    const strip = (r: Result): string => JSON.stringify(Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !/request_(timeouts|failures)$/.test(k))))
    expect(strip(long)).toBe(strip(none))
  })

  it('same seed → identical results with timeouts under loss', () => {
    const p = rpcProject({ requestTimeout: '200us' }, LOSS)
    expect(JSON.stringify(runIt(p, 3))).toBe(JSON.stringify(runIt(p, 3)))
  })
})

describe('ping probe timeout', () => {
  it('counts the probes it gives up (request_timeouts = request_failures: a probe is never resent)', () => {
    const p = rpcProject({}, LOSS)
    p.experiments[0].workloads[0] = { id: 'pg', kind: 'ping', pattern: 'n,n:1x1', clients: 'c', servers: 's', params: { waitMax: '100us', probeTimeout: '1ms' } } as Doc['experiments'][number]['workloads'][number]
    const r = runIt(p)
    expect(num(r.metrics, 'request_timeouts')).toBeGreaterThan(0)
    expect(num(r.metrics, 'request_failures')).toBe(num(r.metrics, 'request_timeouts'))
    expect(num(r.metrics, 'byWorkload.pg.request_timeouts')).toBe(num(r.metrics, 'request_timeouts'))
    delete p.experiments[0].workloads[0].params.probeTimeout
    expect(runIt(p).metrics.request_timeouts).toBeUndefined()
  })
})

describe('io-program request timeout', () => {
  const FAIL: Fault[] = [{ at: '15ms', kind: 'dc-fail', target: 'dc', until: '30ms' }]

  it('without a timeout the DC\'s held programs wait for it; no request metrics', () => {
    const r = runIt(sioProject({}, FAIL))
    expect(r.metrics.request_timeouts).toBeUndefined()
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(14.9)
  })

  it('with a timeout each slot resubmits its program every timeout and gives the operation up after its retries', () => {
    // 1 ms timeout, 2 resubmissions, no back-off: during the 15 ms stop each slot times out every 1 ms and fails an operation every 3 ms
    const r = runIt(sioProject({ requestTimeout: '1ms', requestRetries: 2, requestBackoff: 1, outstanding: 2 }, FAIL))
    const slots = 2 // the example's one consumer, two operations outstanding
    expect(num(r.metrics, 'request_timeouts')).toBeGreaterThanOrEqual(14 * slots)
    expect(num(r.metrics, 'request_timeouts')).toBeLessThanOrEqual(16 * slots)
    expect(num(r.metrics, 'request_failures')).toBeGreaterThanOrEqual(4 * slots)
    expect(num(r.metrics, 'request_failures')).toBeLessThanOrEqual(6 * slots)
    expect(num(r.metrics, 'ops_per_s')).toBeGreaterThan(0)
    // without a fault a 1 ms timeout never fires
    const ok = runIt(sioProject({ requestTimeout: '1ms' }, []))
    expect(ok.metrics.request_timeouts).toBe(0)
    expect(ok.metrics.request_failures).toBe(0)
  })
})
