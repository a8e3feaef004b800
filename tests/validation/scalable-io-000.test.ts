// Validation against seed 000 (the Scalable I/O architecture: Device Controllers, Host Gateway,
// protected DMA, I/O programs). 000 is a position paper without measurements, so every claim
// here checks the model against its own mechanism (claims.ts: mechanism): command combining
// removes round trips, submission needs no kernel or hypervisor, and the DC's cores bound its
// throughput by the utilization law. Runs shortened versions of examples/scalable-io-dc.iovlab.json.
import { describe, expect } from 'vitest'
import { at, loadExample, num, run } from '../core/scenario/helpers'
import { claim, fmt } from './claims'

const BASE = loadExample('scalable-io-dc.iovlab.json')
const OPS = 'experiments.command-combining.workloads.ops.params'

const memo = new Map<string, number>()
function op(k: number, combine: boolean): number {
  const key = `${k} ${combine}`
  let v = memo.get(key)
  if (v === undefined) {
    v = num(run(at(BASE, { [`${OPS}.commands`]: k, [`${OPS}.combine`]: combine, 'experiments.command-combining.duration': '40ms',
      'experiments.command-combining.warmup': '10ms' }), 'command-combining'), 'op_median_us')
    memo.set(key, v)
  }
  return v
}

describe('000 §3.4 command combining', () => {
  claim({
    id: '000-command-combining', kind: 'mechanism', source: '000 §3.4',
    claim: 'combining k dependent commands in one program saves k − 1 round trips, the round trip measured from the model itself (one program minus its command)',
    published: 'eliminates the round trips (no figure)', tolerance: '± 15 % for k = 2, 4, 8'
  }, () => {
    const roundTrip = op(1, true) - (op(2, true) - op(1, true))
    const saved = [2, 4, 8].map((k) => ({ k, saved: op(k, false) - op(k, true), expected: (k - 1) * roundTrip }))
    return {
      model: saved.map((s) => `k = ${s.k}: ${fmt(s.saved, '', 3)} vs ${fmt(s.expected, '', 3)} µs`).join('; '),
      check: () => { for (const s of saved) expect(Math.abs(s.saved - s.expected) / s.expected, `k = ${s.k}`).toBeLessThanOrEqual(0.15) }
    }
  })
})

describe('000 §3.2 / §3.5 the access path and the DC', () => {
  claim({
    id: '000-user-space-submission', kind: 'mechanism', source: '000 §3.2',
    claim: 'programs are submitted from user space: no exit on the submission path (only interrupt delivery and timer-tick exits), and every program\'s credential is checked',
    published: '"without kernel or hypervisor involvement"', tolerance: 'exact'
  }, () => {
    const m = run(at(BASE, { 'experiments.command-combining.duration': '20ms' }), 'command-combining')
    const reasons = Object.keys(m.vm_exits_by_reason as Record<string, number>)
    return {
      model: `exit reasons: ${reasons.join(', ') || 'none'}; ${fmt(num(m, 'credential_checks'), '', 3)} credential checks`,
      check: () => {
        // interrupt delivery, and the guests' timer ticks (external interrupt, EOI, the idle guest's HLT)
        expect(reasons.every((r) => r === 'external_interrupt' || r === 'apic_eoi' || r === 'hlt')).toBe(true)
        expect(num(m, 'credential_checks')).toBeGreaterThan(0)
      }
    }
  })

  claim({
    id: '000-dc-cores-bound', kind: 'mechanism', source: '000 §3.3, §3.5',
    claim: 'under load the DC\'s own cores bound throughput at cores ÷ core time per operation (utilization law; 5600 + 4200 + 200 + 4 × 2800 cycles = 7.57 µs at 2.8 GHz: program, HMAC, program-id replay check, commands)',
    published: 'the DC\'s cores are its bottleneck (no figure)', tolerance: '± 5 % for 1, 2, 4 cores'
  }, () => {
    const perOpNs = ((5600 + 4200 + 200 + 4 * 2800) * 1e9) / 2.8e9
    const r = [1, 2, 4].map((cores) => {
      const got = num(run(at(BASE, { 'variables.dcCores': cores, 'variables.consumers': 16,
        'experiments.dc-cores.duration': '40ms', 'experiments.dc-cores.warmup': '10ms' }), 'dc-cores'), 'ops_per_s')
      return { cores, got, bound: (cores * 1e9) / perOpNs }
    })
    return {
      model: r.map((x) => `${x.cores}: ${fmt(x.got, '', 4)} vs ${fmt(x.bound, '', 4)}/s`).join('; '),
      check: () => { for (const x of r) expect(Math.abs(x.got - x.bound) / x.bound, `${x.cores} cores`).toBeLessThanOrEqual(0.05) }
    }
  })
})
