// Validation against seed 000 (the Scalable I/O architecture: Device Controllers, Host
// Gateway, protected DMA, I/O programs): command combining removes the round trips of
// dependent operations, submission needs no kernel or hypervisor, and the DC's own cores
// bound its throughput. Runs shortened versions of examples/scalable-io-dc.iovlab.json;
// titles name the claim and the tolerance.
import { describe, expect, it } from 'vitest'
import { at, loadExample, num, run } from '../core/scenario/helpers'

const BASE = loadExample('scalable-io-dc.iovlab.json')
const OPS = 'experiments.command-combining.workloads.ops.params'

function op(k: number, combine: boolean): number {
  return num(run(at(BASE, { [`${OPS}.commands`]: k, [`${OPS}.combine`]: combine, 'experiments.command-combining.duration': '40ms',
    'experiments.command-combining.warmup': '10ms' }), 'command-combining'), 'op_median_us')
}

describe('000 §3.4 command combining', () => {
  it('000 §3.4: combining k dependent commands saves k − 1 round trips (k = 2…8, within 15 %)', () => {
    const roundTrip = op(1, true) - (op(2, true) - op(1, true)) // one program's fixed path, without its command
    for (const k of [2, 4, 8]) {
      const saved = op(k, false) - op(k, true)
      expect(Math.abs(saved - (k - 1) * roundTrip) / ((k - 1) * roundTrip), `k = ${k}`).toBeLessThanOrEqual(0.15)
    }
  })
})

describe('000 §3.2 / §3.5 the access path and the DC', () => {
  it('000 §3.2: programs are submitted from user space: no exit on the submission path (only interrupt delivery exits)', () => {
    const m = run(at(BASE, { 'experiments.command-combining.duration': '20ms' }), 'command-combining')
    const reasons = Object.keys(m.vm_exits_by_reason as Record<string, number>)
    expect(reasons.every((r) => r === 'external_interrupt' || r === 'apic_eoi')).toBe(true)
    expect(num(m, 'credential_checks')).toBeGreaterThan(0)
  })

  it('000 §3.3, §3.5: under load the DC\'s own cores bound throughput at cores ÷ core time per program (within 5 %)', () => {
    const dc = (cores: number): number => num(run(at(BASE, { 'variables.dcCores': cores, 'variables.consumers': 16,
      'experiments.dc-cores.duration': '40ms', 'experiments.dc-cores.warmup': '10ms' }), 'dc-cores'), 'ops_per_s')
    // perProgram 5600 + HMAC 4200 + 4 × perCommand 2800 cycles at 2.8 GHz = 7.5 µs of core time per operation
    const perOpNs = ((5600 + 4200 + 4 * 2800) * 1e9) / 2.8e9
    for (const cores of [1, 2, 4]) {
      const bound = (cores * 1e9) / perOpNs
      expect(Math.abs(dc(cores) - bound) / bound, `${cores} cores`).toBeLessThanOrEqual(0.05)
    }
  })
})
