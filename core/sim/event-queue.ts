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

  constructor(capacity = 1024) {
    this.t = new Float64Array(capacity)
    this.s = new Float64Array(capacity)
    this.h = new Int32Array(capacity)
    this.a = new Int32Array(capacity)
  }

  /** Inserts an event and returns its sequence number (unique, increasing). */
  push(time: number, handler: number, arg: number): number {
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

  /** Removes the earliest event (read it with the peek methods first). */
  pop(): void {
    const t = this.t, s = this.s, h = this.h, a = this.a
    const n = --this.length
    if (n <= 0) return
    const lt = t[n], ls = s[n], lh = h[n], la = a[n]
    const half = n >> 1
    let i = 0
    while (i < half) {
      const l = 2 * i + 1
      const r = l + 1
      let c = l
      if (r < n) {
        const tr = t[r], tl = t[l]
        if (tr < tl || (tr === tl && s[r] < s[l])) c = r
      }
      const ct = t[c]
      if (lt < ct || (lt === ct && ls < s[c])) break
      t[i] = ct; s[i] = s[c]; h[i] = h[c]; a[i] = a[c]
      i = c
    }
    t[i] = lt; s[i] = ls; h[i] = lh; a[i] = la
  }

  clear(): void {
    this.length = 0
  }

  private grow(): void {
    const n = this.t.length * 2
    const t = new Float64Array(n); t.set(this.t); this.t = t
    const s = new Float64Array(n); s.set(this.s); this.s = s
    const h = new Int32Array(n); h.set(this.h); this.h = h
    const a = new Int32Array(n); a.set(this.a); this.a = a
  }
}
