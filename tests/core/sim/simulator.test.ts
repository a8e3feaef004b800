// Kernel event loop, in SimPy's manner: a fresh simulator, a log of [what, when].
import { describe, expect, it } from 'vitest'
import { SimError, Simulator } from '../../../core/sim'

function logger(sim: Simulator) {
  const log: [string, number][] = []
  const at = (what: string) => () => { log.push([what, sim.now]) }
  return { log, at }
}

describe('Simulator', () => {
  it('fires events in time order', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    sim.after(30, at('c'))
    sim.after(10, at('a'))
    sim.after(20, at('b'))
    expect(sim.run()).toBe('empty')
    expect(log).toEqual([['a', 10], ['b', 20], ['c', 30]])
  })

  it('breaks ties first-in first-out', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    for (const w of ['1', '2', '3', '4', '5', '6', '7', '8']) sim.after(5, at(w))
    sim.after(0, at('0'))
    sim.run()
    expect(log.map((e) => e[0]).join('')).toBe('012345678')
  })

  it('events scheduled by an event at the same time run after those already queued', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    sim.after(1, () => { log.push(['x', sim.now]); sim.after(0, at('y')) })
    sim.after(1, at('z'))
    sim.run()
    expect(log).toEqual([['x', 1], ['z', 1], ['y', 1]])
  })

  it('registered handlers receive their integer argument', () => {
    const sim = new Simulator()
    const seen: [number, number][] = []
    const h = sim.register((arg) => seen.push([arg, sim.now]), 'probe')
    sim.schedule(7, h, 42)
    sim.scheduleAt(3, h, 1)
    sim.run()
    expect(seen).toEqual([[1, 3], [42, 7]])
    expect(sim.handlerName(h)).toBe('probe')
  })

  it('stops at `until` with the clock set to it, and resumes later', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    sim.after(10, at('a'))
    sim.after(50, at('b'))
    expect(sim.run({ until: 20 })).toBe('until')
    expect(sim.now).toBe(20)
    expect(log).toEqual([['a', 10]])
    sim.run()
    expect(log).toEqual([['a', 10], ['b', 50]])
  })

  it('cancels events, including closures, and ignores cancelling fired ones', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    const a = sim.after(10, at('a'))
    sim.after(20, at('b'))
    sim.cancel(a)
    sim.run()
    sim.cancel(a)
    expect(log).toEqual([['b', 20]])
  })

  it('stop() returns after the current event; maxEvents bounds a run', () => {
    const sim = new Simulator()
    let n = 0
    const h = sim.register(() => { n++; sim.schedule(1, h); if (n === 5) sim.stop() })
    sim.schedule(0, h)
    expect(sim.run()).toBe('stopped')
    expect(n).toBe(5)
    expect(sim.run({ maxEvents: 3 })).toBe('max-events')
    expect(n).toBe(8)
    expect(sim.eventsFired).toBe(8)
  })

  it('rejects times in the past, fractional nanoseconds and overflow with coded errors', () => {
    const sim = new Simulator()
    expect(() => sim.after(-1, () => {})).toThrow(SimError)
    expect(() => sim.after(0.5, () => {})).toThrow(/whole number/)
    expect(() => sim.after(Number.NaN, () => {})).toThrow(/past/)
    expect(() => sim.after(2 ** 60, () => {})).toThrow(/largest/)
    try { sim.after(-5, () => {}) } catch (e) { expect((e as SimError).code).toBe('negative-delay') }
  })

  it('traces every event when a hook is set, and calls progress periodically', () => {
    const sim = new Simulator()
    const trace: string[] = []
    sim.trace = (t, name, arg) => trace.push(`${t}:${name}:${arg}`)
    const h = sim.register(() => {}, 'tick')
    sim.schedule(1, h, 9)
    sim.schedule(2, h, 8)
    sim.run()
    expect(trace).toEqual(['1:tick:9', '2:tick:8'])

    const sim2 = new Simulator()
    const h2 = sim2.register(() => sim2.schedule(1, h2))
    sim2.schedule(0, h2)
    let calls = 0
    const reason = sim2.run({ progressEvery: 100, progress: () => ++calls < 3 })
    expect(reason).toBe('stopped')
    expect(sim2.eventsFired).toBe(384) // progressEvery rounds up to 128
  })

  it('lets an exception in a handler escape: failures are never silent', () => {
    const sim = new Simulator()
    sim.after(1, () => { throw new Error('boom') })
    expect(() => sim.run()).toThrow('boom')
    expect(sim.eventsFired).toBe(1)
  })

  it('step() fires exactly one event', () => {
    const sim = new Simulator()
    const { log, at } = logger(sim)
    sim.after(1, at('a'))
    sim.after(2, at('b'))
    expect(sim.step()).toBe(true)
    expect(log).toEqual([['a', 1]])
    expect(sim.peek()).toBe(2)
    expect(sim.step()).toBe(true)
    expect(sim.step()).toBe(false)
  })
})
