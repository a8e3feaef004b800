// PARDA wired in whole runs (issue 12; core/scenario/build-block.ts `withParda`): on a storage
// array with `parda` on, every host with virtual disks on it gets one PardaHost towards it, whose
// β is the array's pardaBeta × its disks' ioShares ÷ 1000; off, the runs are what they were. The
// split by β and the latency at the control law's fixed point are the validation claims
// (tests/validation/parda-2009.test.ts); here: the wiring, the metrics and their reasons.
import { describe, expect, it } from 'vitest'
import { validateProject } from '../../../core/project/index'
import type { Project } from '../../../core/project/schema'
import { findBackendRegistry } from '../../../core/models/storage/backend/metrics'
import { buildWorld, runBuilt } from '../../../core/scenario/run'
import { runScenario } from '../../../core/scenario/index'
import { at, loadExample } from './helpers'

const EXAMPLE = loadExample('storage-sharing.iovlab.json')

/** The example's experiment, shortened, with PARDA on or off. */
function sharing(parda: boolean | undefined, sets: Record<string, unknown> = {}): Project {
  const p = at(EXAMPLE, { 'experiments.parda.warmup': '1s', 'experiments.parda.duration': '1s', 'variables.pardaPeriod': '100ms', ...sets })
  const copy = structuredClone(p)
  if (!('experiments.parda.timeseries' in sets)) copy.experiments[0].timeseries = undefined
  const array = copy.topology.nodes.find((n) => n.id === 'array')!
  if (parda === undefined) delete (array.params as Record<string, unknown>).parda
  else (array.params as Record<string, unknown>).parda = parda
  return copy
}

const runOf = (project: Project) => runScenario({ project, experimentId: 'parda', seed: 1 })

describe('PARDA wired per host and array', () => {
  it('off (the default): no PARDA host, no control event, no PARDA metric — the same run as without the key', () => {
    const unset = runOf(sharing(undefined))
    const off = runOf(sharing(false))
    expect(JSON.stringify(off)).toBe(JSON.stringify(unset))
    expect(unset.metrics).not.toHaveProperty('parda_latency_ms')
    expect(unset.metrics).not.toHaveProperty('parda_window')
    const built = buildWorld({ project: sharing(false), experimentId: 'parda', seed: 1 })
    expect(findBackendRegistry(built.world.shared)?.parda).toEqual([])
  })

  it('on: one PARDA host per host and array, β = pardaBeta × the ioShares of its disks ÷ 1000', () => {
    const built = buildWorld({ project: sharing(true), experimentId: 'parda', seed: 1 })
    const parda = findBackendRegistry(built.world.shared)!.parda
    expect(parda.map(([k]) => k)).toEqual(['host-1/array', 'host-2/array', 'host-3/array', 'host-4/array'])
    expect(parda.map(([, h]) => h.beta)).toEqual([2, 2, 4, 4])
    expect(parda[0][1].spec).toMatchObject({ latencyThresholdNs: 25e6, gamma: 0.8, alpha: 0.002, periodNs: 100e6, windowMin: 4, windowMax: 64 })
    const b3 = buildWorld({ project: sharing(true, { 'topology.nodes.array.params.pardaBeta': 0.5 }), experimentId: 'parda', seed: 1 })
    expect(findBackendRegistry(b3.world.shared)!.parda.map(([, h]) => h.beta)).toEqual([0.5, 0.5, 1, 1])
  })

  it('on: parda_latency_ms and parda_window per host/array over the measured control periods; deterministic', () => {
    const a = runOf(sharing(true))
    const b = runOf(sharing(true))
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    const m = a.metrics
    expect(typeof m.parda_latency_ms).toBe('number')
    const win = m.parda_window as Record<string, number>
    expect(Object.keys(win)).toEqual(['host-1/array', 'host-2/array', 'host-3/array', 'host-4/array'])
    for (const v of Object.values(win)) {
      expect(v).toBeGreaterThanOrEqual(4)
      expect(v).toBeLessThanOrEqual(64)
    }
    // the β-4 hosts hold wider windows than the β-2 hosts
    expect(win['host-3/array'] + win['host-4/array']).toBeGreaterThan(1.3 * (win['host-1/array'] + win['host-2/array']))
    // the window bounds the I/Os each host keeps at the array: fewer in all than the 4 × 32 the VMs issue
    const off = runOf(sharing(false)).metrics
    expect(m.iops as number).toBeLessThan(off.iops as number)
  })

  it('with the experiment\'s time series: PARDA\'s latency and each host\'s window per window, null with the reason where no period ended', () => {
    const p = sharing(true, { 'experiments.parda.timeseries': { interval: '250ms' } })
    const s = runOf(p).series!
    expect(s.windowEndNs).toHaveLength(4)
    const names = Object.keys(s.metrics).filter((n) => n.startsWith('parda_'))
    expect(names).toEqual(['parda_latency_ms', 'parda_window.host-1/array', 'parda_window.host-2/array', 'parda_window.host-3/array', 'parda_window.host-4/array'])
    for (const n of names) for (const v of s.metrics[n]) expect(v).toBeGreaterThan(0) // 2 or 3 periods of 100 ms in each 250 ms window
    // windows shorter than the period: some hold no period's end
    const short = runOf(sharing(true, { 'experiments.parda.timeseries': { interval: '40ms' } })).series!
    expect(short.metrics['parda_window.host-1/array'].some((v) => v === null)).toBe(true)
    expect(short.missing?.['parda_window.host-1/array']).toMatch(/no PARDA control period .* ended in the window/)
  })

  it('no control period in the measured span: the PARDA metrics are null with the reason', () => {
    const r = runOf(sharing(true, { 'variables.pardaPeriod': '2s', 'experiments.parda.warmup': '100ms', 'experiments.parda.duration': '200ms' }))
    expect(r.metrics.parda_latency_ms).toBeNull()
    expect(r.metrics.parda_window).toBeNull()
    expect(r.missing?.parda_latency_ms).toMatch(/no PARDA control period .*\(the period is 2000 ms/)
    expect(r.missing?.parda_window).toMatch(/no PARDA control period/)
  })

  it('with mClock on the same host and array, requests wait in mClock (its depth follows the window), not in the PARDA queue', () => {
    // host-1 gets a second VM with half the shares: mClock is built for host-1/array
    const p = sharing(true, { 'experiments.parda.warmup': '600ms', 'experiments.parda.duration': '400ms' })
    p.topology.nodes.push({ id: 'vm-1b', kind: 'vm', name: 'vm-1b', host: 'host-1', position: { x: 0, y: 0 }, params: {} } as Project['topology']['nodes'][number])
    p.topology.attachments.push({ id: 'disk-1b', vm: 'vm-1b', device: 'array', technique: 'paravirtual', params: { ioShares: 500 } } as Project['topology']['attachments'][number])
    p.experiments[0].workloads.push({ id: 'vm1b', kind: 'block', clients: 'vm-1b', params: { pattern: 'randread', blockSize: '16KiB', queueDepth: 32, jobs: 1 } } as Project['experiments'][number]['workloads'][number])
    const input = { project: p, experimentId: 'parda', seed: 1 }
    const built = buildWorld(input)
    const r = runBuilt(input, built)
    const host1 = findBackendRegistry(built.world.shared)!.parda.find(([k]) => k === 'host-1/array')![1]
    expect(host1.beta).toBe(3) // (1000 + 500) shares × 2 / 1000
    expect(host1.window).toBeLessThan(32)
    expect(host1.outstanding).toBeLessThanOrEqual(Math.floor(host1.window))
    expect(host1.waiting).toBe(0)
    // mClock's 2 : 1 shares within host-1
    const ratio = (r.metrics['byWorkload.vm1.iops'] as number) / (r.metrics['byWorkload.vm1b.iops'] as number)
    expect(ratio).toBeGreaterThan(1.6)
    expect(ratio).toBeLessThan(2.4)
  })

  it('refuses window bounds out of order, naming the parameter', () => {
    const p = sharing(true, { 'topology.nodes.array.params.pardaWindowMin': 100 })
    const r = validateProject(JSON.parse(JSON.stringify(p)))
    expect(r.ok).toBe(false)
    const problems = r.ok ? [] : r.problems
    expect(problems.map((x) => `${x.path.join('.')}: ${x.message}`)).toEqual([
      expect.stringMatching(/^topology\.nodes\.\d+\.params\.pardaWindowMin: storage array "array": PARDA's minimum window 100 is above its maximum window 64/)
    ])
  })
})
