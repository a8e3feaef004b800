// Outcomes an executor's async generator awaits while callbacks (worker threads, queue events)
// fill it: push, close, and `next()` that resolves with the next outcome or undefined once closed.
import type { RunOutcome } from './types'

export class OutcomeQueue {
  private readonly items: RunOutcome[] = []
  private waiter: (() => void) | undefined
  closed = false
  push(o: RunOutcome): void { this.items.push(o); this.wake() }
  close(): void { this.closed = true; this.wake() }
  private wake(): void { const w = this.waiter; this.waiter = undefined; w?.() }
  async next(): Promise<RunOutcome | undefined> {
    while (this.items.length === 0 && !this.closed) await new Promise<void>((r) => { this.waiter = r })
    return this.items.shift()
  }
}
