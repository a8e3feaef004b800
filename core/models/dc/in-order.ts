// Per-consumer ordering of a DC's network programs: a consumer's frames may be processed
// on different cores at once, but its TCP/IP class hands them to the device (and delivers
// received ones) in the order they came — a small reorder buffer per consumer.

export class InOrder {
  private readonly next: number[] = []
  private readonly issued: number[] = []
  private readonly held: Map<number, number>[] = []
  private readonly release: (prog: number) => void

  constructor(release: (prog: number) => void) {
    this.release = release
  }

  /** The sequence number of the consumer's next program. */
  issue(consumer: number): number {
    while (this.issued.length <= consumer) {
      this.issued.push(0); this.next.push(0); this.held.push(new Map())
    }
    return this.issued[consumer]++
  }

  /** Program `prog` (number `seq` of `consumer`) is ready; releases it and any it was holding back. */
  done(consumer: number, seq: number, prog: number): void {
    const held = this.held[consumer]
    if (seq !== this.next[consumer]) {
      held.set(seq, prog)
      return
    }
    this.release(prog)
    let n = ++this.next[consumer]
    while (held.size > 0 && held.has(n)) {
      const p = held.get(n)!
      held.delete(n)
      this.release(p)
      n = ++this.next[consumer]
    }
  }
}
