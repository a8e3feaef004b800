// The future-event list: a binary min-heap over parallel typed arrays, ordered by
// time and then by insertion sequence, so events at equal times fire first-in first-out.

/**
 * Entries are (time, seq, handler, arg) with `handler` and `arg` small integers.
 * No objects are allocated per event; the arrays double when full.
 */
export class EventQueue {
  private t: Float64Array
  private s: Float64Array
  private h: Int32Array
  private a: Int32Array
  private seq = 0
  length = 0
  /**
   * The head is being processed: the next push replaces it with one sift-down
   * (instead of a pop plus a push), and settle() removes it if nothing was pushed.
   * The order of events is the same either way: (time, seq) is a total order.
   */
  private consumed = false

  constructor(capacity = 1024) {
    this.t = new Float64Array(capacity)
    this.s = new Float64Array(capacity)
    this.h = new Int32Array(capacity)
    this.a = new Int32Array(capacity)
  }

  /** Inserts an event and returns its sequence number (unique, increasing). */
  push(time: number, handler: number, arg: number): number {
    if (this.consumed) return this.replaceHead(time, handler, arg)
    if (this.length === this.t.length) this.grow()
    const t = this.t, s = this.s, h = this.h, a = this.a
    const seq = this.seq++
    let i = this.length++
    // seq exceeds every queued seq, so an equal time stays below its parent (FIFO).
    while (i > 0) {
      const p = (i - 1) >> 1
      const pt = t[p]
      if (time >= pt) break
      t[i] = pt; s[i] = s[p]; h[i] = h[p]; a[i] = a[p]
      i = p
    }
    t[i] = time; s[i] = seq; h[i] = handler; a[i] = arg
    return seq
  }

  /** Time of the earliest event; only meaningful when length > 0. */
  peekTime(): number {
    return this.t[0]
  }

  /** Sequence number of the earliest event; only meaningful when length > 0. */
  peekSeq(): number {
    return this.s[0]
  }

  peekHandler(): number {
    return this.h[0]
  }

  peekArg(): number {
    return this.a[0]
  }

  /** Marks the head as taken: the event loop is about to run it. */
  consumeHead(): void {
    this.consumed = true
  }

  /** Removes the taken head if no push has replaced it yet. */
  settle(): void {
    if (this.consumed) {
      this.consumed = false
      this.pop()
    }
  }

  /** Events queued, not counting a taken head. */
  get size(): number {
    return this.consumed ? this.length - 1 : this.length
  }

  private replaceHead(time: number, handler: number, arg: number): number {
    this.consumed = false
    const seq = this.seq++
    this.siftDown(time, seq, handler, arg, this.length)
    return seq
  }

  /** Places (time, seq, …) at the root's hole and sinks it; children picked without branches. */
  private siftDown(time: number, seq: number, handler: number, arg: number, n: number): void {
    const t = this.t, s = this.s, h = this.h, a = this.a
    const half = n >> 1
    let i = 0
    while (i < half) {
      const l = 2 * i + 1
      const r = l + 1
      let c = l
      if (r < n) {
        const tr = t[r], tl = t[l]
        c += +(tr < tl) // branch-light: the two children are in random order
        if (tr === tl) c = s[r] < s[l] ? r : l // rare: FIFO tie-break
      }
      const ct = t[c]
      if (time < ct || (time === ct && seq < s[c])) break
      t[i] = ct; s[i] = s[c]; h[i] = h[c]; a[i] = a[c]
      i = c
    }
    t[i] = time; s[i] = seq; h[i] = handler; a[i] = arg
  }

  /** Removes the earliest event (read it with the peek methods first). */
  pop(): void {
    const n = --this.length
    if (n <= 0) return
    this.siftDown(this.t[n], this.s[n], this.h[n], this.a[n], n)
  }

  clear(): void {
    this.length = 0
    this.consumed = false
  }

  private grow(): void {
    const n = this.t.length * 2
    const t = new Float64Array(n); t.set(this.t); this.t = t
    const s = new Float64Array(n); s.set(this.s); this.s = s
    const h = new Int32Array(n); h.set(this.h); this.h = h
    const a = new Int32Array(n); a.set(this.a); this.a = a
  }
}
