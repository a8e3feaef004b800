// A fake block target for scheduler tests: `servers` parallel servers in FIFO order, each request
// taking `serviceNs` (so latency grows with the queue: an overloaded array).
import type { Simulator } from '../../../../../core/sim'
import { BlockOp, BlockPool, type BlockDone, type BlockTarget } from '../../../../../core/models/storage/block'

export class FakeTarget implements BlockTarget {
  readonly capacityBytes = 1 << 30
  served = 0
  private readonly queue: [number, BlockDone][] = []
  private busy = 0
  private readonly sim: Simulator
  private readonly serviceNs: number
  private readonly servers: number

  constructor(sim: Simulator, serviceNs: number, servers = 1) {
    this.sim = sim
    this.serviceNs = serviceNs
    this.servers = servers
  }

  submit(req: number, done: BlockDone): void {
    this.queue.push([req, done])
    this.start()
  }

  private start(): void {
    while (this.busy < this.servers && this.queue.length > 0) {
      const [req, done] = this.queue.shift()!
      this.busy++
      this.sim.after(this.serviceNs, () => {
        this.busy--
        this.served++
        done(req, true)
        this.start()
      })
    }
  }
}

/** A closed-loop client keeping `outstanding` 4 KiB reads in flight on `target`; counts completions. */
export function closedLoop(sim: Simulator, pool: BlockPool, target: BlockTarget, outstanding: number, startNs = 0): { done: number } {
  const c = { done: 0 }
  const issue = (): void => {
    const r = pool.alloc(BlockOp.Read, 0, 4096, 0, sim.now)
    target.submit(r, (req) => {
      pool.release(req)
      c.done++
      issue()
    })
  }
  sim.after(startNs, () => { for (let i = 0; i < outstanding; i++) issue() })
  return c
}
