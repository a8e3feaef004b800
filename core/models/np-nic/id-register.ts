// The NP-NIC's interrupt identifier register (004 §3): one receive bit per VIF while
// there are enough bits, shared past that; setting any bit asserts the master interrupt,
// and the hypervisor reads (and clears) the register to learn whom to signal. With MSI-X
// (004 §5.1's proposal) the same structure stands for the vectors: one per VIF while
// there are enough, and the vector itself says whom to signal (no register read).

export class IdRegister {
  /** Bits per direction (receive bits 0…bits−1; send bits bits…2·bits−1 when there are send bits). */
  readonly bits: number
  /** All bits: receive, and send bits when the NP signals send completions. */
  readonly width: number
  readonly sharing: 'modulo' | 'block'
  /** Called when the master interrupt is asserted (no interrupt was pending or in service). */
  onAssert: () => void = () => {}
  private readonly set: Uint8Array
  private pending = 0
  private inService = false

  constructor(bits: number, sharing: 'modulo' | 'block', sendBits = false) {
    this.bits = Math.max(1, bits)
    this.width = sendBits ? 2 * this.bits : this.bits
    this.sharing = sharing
    this.set = new Uint8Array(this.width)
  }

  /** The bit of VIF `i` among `vifs` VIFs. */
  bitOf(i: number, vifs: number): number {
    if (this.sharing === 'modulo' || vifs <= this.bits) return i % this.bits
    return Math.floor(i / Math.ceil(vifs / this.bits))
  }

  raise(bit: number): void {
    if (this.set[bit] === 0) {
      this.set[bit] = 1
      this.pending++
    }
    if (!this.inService) {
      this.inService = true
      this.onAssert()
    }
  }

  /** The hypervisor's read: the bits set, in bit order; the register is cleared. */
  readAndClear(out: number[]): void {
    out.length = 0
    if (this.pending === 0) return
    for (let b = 0; b < this.width; b++) {
      if (this.set[b] === 1) {
        out.push(b)
        this.set[b] = 0
      }
    }
    this.pending = 0
  }

  /** End of interrupt: bits set meanwhile assert the master interrupt again. */
  eoi(): void {
    this.inService = false
    if (this.pending > 0) {
      this.inService = true
      this.onAssert()
    }
  }
}
