// The NIC's transmit arbiter (issue 12): deficit weighted round robin among the queues with
// frames waiting, gated by the on-chip transmit buffer; and, in whole runs, SR-IOV VFs' weights
// dividing a saturated port.
import { describe, expect, it } from 'vitest'
import { TxArbiter } from '../../../../core/models/nic/tx-arbiter'
import { NicQueue } from '../../../../core/models/nic/nic-model'
import { n, project, run } from '../../techniques/common/noisy-helpers'

/** A fake NIC: frames of `bytes[pkt]` bytes; the "wire" sends the buffer's frames in FIFO order, one per `drain()`. */
function rig(capacity: number, weights: number[]) {
  const bytes: number[] = []
  const queues = weights.map((w, i) => { const q = new NicQueue(i, 256); q.txWeight = w; return q })
  const inBuffer: { pkt: number; q: number }[] = []
  const fetched = weights.map(() => 0)
  let maxOcc = 0
  const arb = new TxArbiter(capacity, 1514, (pkt) => bytes[pkt], (pkt, q) => {
    inBuffer.push({ pkt, q: q.index })
    fetched[q.index]++
    maxOcc = Math.max(maxOcc, arb.occupancy)
  })
  let next = 0
  const post = (q: number, size: number): number => { const pkt = next++; bytes[pkt] = size; arb.submit(pkt, queues[q]); return pkt }
  const drain = (): { pkt: number; q: number } | undefined => {
    const f = inBuffer.shift()
    if (f !== undefined) arb.freed(bytes[f.pkt])
    return f
  }
  return { arb, queues, post, drain, fetched, maxOcc: () => maxOcc }
}

describe('NIC transmit arbiter (deficit weighted round robin behind the transmit buffer)', () => {
  it('divides the fetches of backlogged queues by their weights (3 : 1 : 1) and never overfills the buffer', () => {
    const r = rig(16 * 1024, [3, 1, 1])
    for (let i = 0; i < 2000; i++) for (let q = 0; q < 3; q++) r.post(q, 1514)
    const sent = [0, 0, 0]
    for (let i = 0; i < 2500; i++) sent[r.drain()!.q]++
    expect(sent[0] / sent[1]).toBeGreaterThan(2.9)
    expect(sent[0] / sent[1]).toBeLessThan(3.1)
    expect(sent[1] / sent[2]).toBeGreaterThan(0.97)
    expect(sent[1] / sent[2]).toBeLessThan(1.03)
    expect(r.maxOcc()).toBeLessThanOrEqual(16 * 1024)
  })

  it('divides bytes, not frames: a queue of 64-byte frames gets as many bytes as one of 1,514-byte frames', () => {
    const r = rig(16 * 1024, [1, 1])
    const bytesSent = [0, 0]
    for (let i = 0; i < 30_000; i++) r.post(0, 64)
    for (let i = 0; i < 1300; i++) r.post(1, 1514)
    for (let i = 0; i < 20_000; i++) { const f = r.drain()!; bytesSent[f.q] += f.q === 0 ? 64 : 1514 }
    expect(bytesSent[0] / bytesSent[1]).toBeGreaterThan(0.95)
    expect(bytesSent[0] / bytesSent[1]).toBeLessThan(1.05)
  })

  it('a light queue\'s frame waits for what is in the buffer and at most one turn of the others, not for their backlog', () => {
    const r = rig(16 * 1024, [1, 1])
    for (let i = 0; i < 500; i++) r.post(0, 1514) // a saturating neighbour, 500 frames deep
    const probe = r.post(1, 64)
    let ahead = 0
    for (;;) { const f = r.drain()!; if (f.pkt === probe) break; ahead++ }
    expect(ahead).toBeGreaterThanOrEqual(10) // the buffer's 16 KiB of the neighbour's frames went first
    expect(ahead).toBeLessThanOrEqual(12) // … plus at most one turn (one frame), not the 500
  })

  it('alone, a queue is served in order and a frame larger than the buffer enters it when it is empty', () => {
    const r = rig(4096, [1])
    const a = r.post(0, 1514), big = r.post(0, 64 * 1024), c = r.post(0, 1514)
    expect(r.fetched[0]).toBe(1) // the large send waits for the buffer to empty
    expect(r.drain()!.pkt).toBe(a)
    expect(r.drain()!.pkt).toBe(big)
    expect(r.drain()!.pkt).toBe(c)
    expect(r.arb.occupancy).toBe(0)
  })
})

describe('SR-IOV VF weights divide a saturated port (whole runs)', () => {
  it('two backlogged VFs share the port equally by default and 3 : 1 with vfTxWeight 3 and 1', () => {
    const equal = run(project('sriov', [{}, {}], {}, false))
    const weighted = run(project('sriov', [{ vfTxWeight: 3 }, { vfTxWeight: 1 }], {}, false))
    const g = (r: typeof equal, k: string): number => n(r[k].goodput_mbps)
    const rEq = g(equal, 'noisy1') / g(equal, 'noisy2'), rW = g(weighted, 'noisy1') / g(weighted, 'noisy2')
    console.log(`SR-IOV VF weights: ${g(equal, 'noisy1').toFixed(1)} / ${g(equal, 'noisy2').toFixed(1)} Mb/s (1 : 1) → ${g(weighted, 'noisy1').toFixed(1)} / ${g(weighted, 'noisy2').toFixed(1)} Mb/s (3 : 1)`)
    expect(Math.abs(rEq - 1)).toBeLessThan(0.1)
    expect(rW).toBeGreaterThan(2.7)
    expect(rW).toBeLessThan(3.3)
    expect(g(weighted, 'noisy1') + g(weighted, 'noisy2')).toBeGreaterThan(0.95 * (g(equal, 'noisy1') + g(equal, 'noisy2'))) // work-conserving
  })

  it('a weight that does not divide a saturated port changes nothing: one VF alone gets the whole port whatever its weight', () => {
    const w1 = run(project('sriov', [{ vfTxWeight: 1 }], {}, false))
    const w8 = run(project('sriov', [{ vfTxWeight: 8 }], {}, false))
    expect(n(w8.noisy1.goodput_mbps)).toBeCloseTo(n(w1.noisy1.goodput_mbps), 6)
  })
})
