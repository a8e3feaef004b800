// A bounded packet queue with notification suppression (Xen rings, VIF queues, NAPI):
// the producer notifies only when the consumer has armed it, and the consumer drains
// until empty before re-arming — so notifications batch naturally under load.

export class NotifyQueue {
  capacity: number
  /** The consumer wants a notification on the next push. */
  armed = true
  private buf: Int32Array
  private head = 0
  private count = 0

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity)
    this.buf = new Int32Array(Math.min(this.capacity, 64))
  }

  get length(): number {
    return this.count
  }

  /** Appends `pkt`; returns 1 if the consumer must be notified, 0 if not, -1 if full (drop). */
  push(pkt: number): number {
    if (this.count >= this.capacity) return -1
    if (this.count === this.buf.length) this.grow()
    this.buf[(this.head + this.count) % this.buf.length] = pkt
    this.count++
    if (!this.armed) return 0
    this.armed = false
    return 1
  }

  /** The oldest packet, left in place; the caller has checked that one waits. */
  peek(): number {
    return this.buf[this.head]
  }

  /** Takes the oldest packet; the caller has checked that one waits. */
  shift(): number {
    const p = this.buf[this.head]
    this.head = (this.head + 1) % this.buf.length
    this.count--
    return p
  }

  private grow(): void {
    const b = new Int32Array(Math.min(this.capacity, this.buf.length * 2))
    for (let i = 0; i < this.count; i++) b[i] = this.buf[(this.head + i) % this.buf.length]
    this.buf = b
    this.head = 0
  }
}
