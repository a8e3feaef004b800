// Service stations: FIFO, multi-server, priorities, preemptive-resume, time slices, speed.
import { describe, expect, it } from 'vitest'
import { Server, Simulator } from '../../../core/sim'

function station(opts: ConstructorParameters<typeof Server>[1] = {}) {
  const sim = new Simulator()
  const srv = new Server(sim, opts)
  const log: [number, number][] = []
  const done = (id: number) => log.push([id, sim.now])
  return { sim, srv, log, done }
}

describe('Server', () => {
  it('serves one job at a time, first come first served', () => {
    const { sim, srv, log, done } = station()
    srv.submit(10, done, 1)
    srv.submit(5, done, 2)
    sim.after(3, () => srv.submit(1, done, 3))
    sim.run()
    expect(log).toEqual([[1, 10], [2, 15], [3, 16]])
    expect(srv.completed).toBe(3)
    expect(srv.waits.mean).toBeCloseTo((0 + 10 + 12) / 3)
    expect(srv.utilization()).toBe(1)
    expect(srv.meanQueueLength()).toBeCloseTo(22 / 16) // job2 waits 10, job3 waits 12 → area 22
    expect(srv.maxQueueLength).toBe(2)
  })

  it('runs c jobs in parallel', () => {
    const { sim, srv, log, done } = station({ servers: 2 })
    for (let i = 0; i < 4; i++) srv.submit(10, done, i)
    sim.run()
    expect(log).toEqual([[0, 10], [1, 10], [2, 20], [3, 20]])
    expect(srv.utilization()).toBe(1)
  })

  it('serves more urgent priorities first without preempting', () => {
    const { sim, srv, log, done } = station({ priorities: 3 })
    srv.submit(10, done, 0, 2)
    srv.submit(1, done, 1, 2)
    srv.submit(1, done, 2, 0)
    srv.submit(1, done, 3, 1)
    sim.run()
    expect(log.map((e) => e[0])).toEqual([0, 2, 3, 1])
  })

  it('preempts and later resumes the remaining work', () => {
    const { sim, srv, log, done } = station({ priorities: 2, preemptive: true })
    srv.submit(10, done, 1, 1)
    sim.after(4, () => srv.submit(3, done, 2, 0))
    sim.run()
    expect(log).toEqual([[2, 7], [1, 13]])
    expect(srv.preemptions).toBe(1)
  })

  it('round-robins in time slices among equals', () => {
    const { sim, srv, log, done } = station({ timeSliceNs: 2 })
    srv.submit(5, done, 1)
    srv.submit(3, done, 2)
    sim.run()
    // 1:[0,2) 2:[2,4) 1:[4,6) 2:[6,7) done 1:[7,8) done
    expect(log).toEqual([[2, 7], [1, 8]])
  })

  it('keeps slicing a lone job without requeueing', () => {
    const { sim, srv, log, done } = station({ timeSliceNs: 2 })
    srv.submit(7, done, 1)
    sim.run()
    expect(log).toEqual([[1, 7]])
  })

  it('changes speed mid-service', () => {
    const { sim, srv, log, done } = station()
    srv.submit(100, done, 1)
    sim.after(50, () => srv.setSpeed(0, 0.5)) // 50 work left at half speed → 100 ns more
    sim.run()
    expect(log).toEqual([[1, 150]])
  })

  it('reports activity for coupled servers (hyperthread hooks)', () => {
    const { sim, srv, done } = station({ servers: 2 })
    const acts: string[] = []
    srv.onActivity = (s, on) => acts.push(`${s}${on ? '+' : '-'}@${sim.now}`)
    srv.submit(5, done, 1)
    srv.submit(3, done, 2)
    sim.run()
    expect(acts).toEqual(['0+@0', '1+@0', '1-@3', '0-@5'])
  })

  it('counts utilisation and queue only after a statistics reset', () => {
    const { sim, srv, done } = station()
    srv.submit(100, done, 1)
    srv.submit(100, done, 2)
    sim.run({ until: 50 })
    srv.resetStats()
    sim.run()
    expect(sim.now).toBe(200)
    expect(srv.utilization()).toBe(1)
    expect(srv.meanQueueLength()).toBeCloseTo(50 / 150) // job 2 waits from 50 to 100
  })

  it('rejects bad work, priorities and speeds', () => {
    const { srv, done } = station({ priorities: 2 })
    expect(() => srv.submit(-1, done)).toThrow(/work/)
    expect(() => srv.submit(1, done, 0, 2)).toThrow(/priority/)
    expect(() => srv.setSpeed(0, 0)).toThrow(/speed/)
    expect(() => new Server(new Simulator(), { servers: 0 })).toThrow(/servers/)
  })
})
