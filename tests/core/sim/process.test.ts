// Generator processes and SimPy-style resources.
import { describe, expect, it } from 'vitest'
import { Interrupt, Process, Resource, Simulator, type ProcessBody } from '../../../core/sim'

describe('Process', () => {
  it('holds for yielded delays', () => {
    const sim = new Simulator()
    const log: [string, number][] = []
    function* clock(name: string, tick: number): ProcessBody {
      for (let i = 0; i < 3; i++) { log.push([name, sim.now]); yield tick }
    }
    new Process(sim, clock('fast', 5))
    new Process(sim, clock('slow', 10))
    sim.run()
    // At t=10 both are due: slow's hold was scheduled first (at t=0), so it resumes first.
    expect(log).toEqual([['fast', 0], ['slow', 0], ['fast', 5], ['slow', 10], ['fast', 10], ['slow', 20]])
  })

  it('waits for another process and receives its return value', () => {
    const sim = new Simulator()
    const child = new Process(sim, (function* () { yield 7; return 'done' })())
    let got: unknown
    new Process(sim, (function* () { got = yield child })())
    sim.run()
    expect(got).toBe('done')
    expect(child.isAlive).toBe(false)
  })

  it('can be interrupted while holding, abandoning the hold', () => {
    const sim = new Simulator()
    const log: string[] = []
    const p = new Process(sim, (function* () {
      try { yield 100 } catch (e) { log.push(`${(e as Interrupt).cause}@${sim.now}`) }
      yield 1
      log.push(`end@${sim.now}`)
    })())
    sim.after(30, () => p.interrupt('preempted'))
    sim.run()
    expect(log).toEqual(['preempted@30', 'end@31'])
  })
})

describe('Resource', () => {
  it('serves requests FIFO within its capacity and records waits', () => {
    const sim = new Simulator()
    const res = new Resource(sim, { capacity: 2, name: 'bus' })
    const log: [string, number][] = []
    function* user(name: string, hold: number): ProcessBody {
      const req = res.request()
      yield req
      log.push([name, sim.now])
      yield hold
      res.release(req)
    }
    for (const [n, h] of [['a', 10], ['b', 20], ['c', 5], ['d', 5]] as const) new Process(sim, user(n, h))
    sim.run()
    expect(log).toEqual([['a', 0], ['b', 0], ['c', 10], ['d', 15]])
    expect(res.waits.count).toBe(4)
    expect(res.waits.mean).toBeCloseTo((0 + 0 + 10 + 15) / 4)
    expect(res.inUse.mean(sim.now)).toBeCloseTo((10 + 20 + 5 + 5) / 20)
  })

  it('orders waiting requests by priority, then arrival', () => {
    const sim = new Simulator()
    const res = new Resource(sim)
    const order: string[] = []
    const hold = res.request()
    for (const [n, p] of [['low', 2], ['high', 0], ['mid', 1], ['high2', 0]] as const) {
      const r = res.request(p)
      r.onDone(() => { order.push(n); sim.after(1, () => res.release(r)) })
    }
    sim.after(5, () => res.release(hold))
    sim.run()
    expect(order).toEqual(['high', 'high2', 'mid', 'low'])
  })

  it('preempts the least urgent holder when preemptive', () => {
    const sim = new Simulator()
    const res = new Resource(sim, { preemptive: true })
    const low = res.request(5)
    let preemptedAt = -1
    low.onPreempt = () => { preemptedAt = sim.now }
    sim.after(3, () => { const hi = res.request(0); expect(hi.granted).toBe(true) })
    sim.run()
    expect(preemptedAt).toBe(3)
    expect(low.preempted).toBe(true)
    expect(res.count).toBe(1)
  })

  it('withdraws a waiting request on release', () => {
    const sim = new Simulator()
    const res = new Resource(sim)
    res.request()
    const waiting = res.request()
    expect(res.waiting).toBe(1)
    res.release(waiting)
    expect(res.waiting).toBe(0)
  })
})
