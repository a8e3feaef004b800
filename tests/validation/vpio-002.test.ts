// Validation against seed 002 (Xia, Lange, Dinda: VPIO on commodity devices), running
// shortened versions of examples/vpio-ne2k.iovlab.json through runScenario. Each title
// names the claim's place in the seed and the tolerance.
import { describe, expect, it } from 'vitest'
import { at, loadExample, num, run } from '../core/scenario/helpers'

const BASE = loadExample('vpio-ne2k.iovlab.json')

/** 002 "NE2K Model Performance": scenario, total I/O, hooked I/O, ratio (%). */
const TABLE: [string, number, number, number][] = [
  ['Linux ssh', 1865055, 257324, 13.80], ['Linux small dl', 2602002, 69700, 2.68], ['Linux large dl', 294508810, 9429917, 3.20],
  ['Windows ssh', 3769071, 286671, 7.61], ['Windows small dl', 1081738, 39089, 3.61], ['Windows large dl', 132898230, 988535, 0.74]
]

function ping(sets: Record<string, unknown>): ReturnType<typeof run> {
  return run(at(BASE, { 'experiments.hooked-ratio.duration': '2s', 'experiments.hooked-ratio.warmup': '50ms', ...sets }), 'hooked-ratio')
}

const exitsOf = (m: ReturnType<typeof run>): number => (m.vm_exits_by_reason as Record<string, number>).io_instruction ?? 0

describe('002 VPIO: hooked I/O', () => {
  it.each(TABLE)('002 NE2K table, %s: VPIO exits per port I/O equal the measured ratio (within 5 %)', (_name, total, hooked, pct) => {
    expect(hooked / total * 100).toBeCloseTo(pct, 1) // the table's own arithmetic
    const m = ping({ 'variables.hooked': hooked / total })
    const ratio = exitsOf(m) / num(m, 'port_ios')
    expect(Math.abs(ratio - hooked / total) / (hooked / total)).toBeLessThanOrEqual(0.05)
  })

  it('002 NE2K table: exits per packet scale with the hooked fraction (each scenario vs Linux ssh within 5 %)', () => {
    const perProbe = (f: number): number => { const m = ping({ 'variables.hooked': f }); return exitsOf(m) / num(m, 'probes') }
    const ref = perProbe(TABLE[0][2] / TABLE[0][1])
    for (const [, total, hooked] of TABLE.slice(1)) {
      const expected = (hooked / total) / (TABLE[0][2] / TABLE[0][1])
      expect(Math.abs(perProbe(hooked / total) / ref - expected) / expected).toBeLessThanOrEqual(0.05)
    }
  })

  it('002 "Experience with NE2K Model": at about 1 in 30 hooked, VPIO takes ≥ 25× fewer I/O exits than the emulated NE2K', () => {
    const vpio = ping({ 'variables.technique': 'vpio', 'variables.hooked': 1 / 30 })
    const emul = ping({ 'variables.technique': 'emulated' })
    expect(exitsOf(emul) / num(emul, 'port_ios')).toBe(1) // emulation traps every access
    expect((exitsOf(emul) / num(emul, 'probes')) / (exitsOf(vpio) / num(vpio, 'probes'))).toBeGreaterThanOrEqual(25)
  })
})

describe('002 VPIO: between emulation and pass-through', () => {
  const rtt = (technique: string, exitCycles = 1000): number => num(run(at(BASE, { 'variables.technique': technique, 'variables.exitCycles': exitCycles,
    'experiments.exit-cost.duration': '2s', 'experiments.exit-cost.warmup': '50ms' }), 'exit-cost'), 'rtt_median_us')

  it('002 Overview ("intermediate option"): pass-through < VPIO < emulated in RTT (strict order)', () => {
    const [pt, vp, em] = [rtt('passthrough'), rtt('vpio'), rtt('emulated')]
    expect(pt).toBeLessThan(vp)
    expect(vp).toBeLessThan(em)
  })

  it('002 "Issue 1/2: Exit Costs": raising the exit cost 500 → 4000 cycles costs VPIO ≤ 10 % of what it costs emulation', () => {
    const em = rtt('emulated', 4000) - rtt('emulated', 500)
    const vp = rtt('vpio', 4000) - rtt('vpio', 500)
    expect(em).toBeGreaterThan(100)
    expect(vp).toBeLessThanOrEqual(0.1 * em)
  })
})

describe('002 VPIO: device multiplexing', () => {
  it('002 "Device Multiplexing": with one guest no hand-offs; with 4 the device is handed over and RTT p99 grows (> 20 %)', () => {
    const mux = (g: number): ReturnType<typeof run> => run(at(BASE, { 'variables.guests': g, 'experiments.multiplexing.duration': '2s',
      'experiments.multiplexing.warmup': '50ms' }), 'multiplexing')
    const one = mux(1), four = mux(4)
    expect(num(one, 'device_handoffs')).toBe(0)
    expect(num(four, 'device_handoffs')).toBeGreaterThan(0)
    expect(num(four, 'rtt_p99_us')).toBeGreaterThan(num(one, 'rtt_p99_us') * 1.2)
  })
})
