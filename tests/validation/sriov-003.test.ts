// Validation against seed 003 (Ferraz et al., "New I/O virtualization techniques"):
// multi-queue NICs classify packets in hardware and SR-IOV gives each VM its own queues,
// so guests scale until the device's functions run out. Runs shortened versions of
// examples/technique-shootout.iovlab.json with a closed-loop rpc workload; titles name
// the claim and the tolerance.
import { describe, expect, it } from 'vitest'
import { parseProject } from '../../core/project/index'
import { at, num, run } from '../core/scenario/helpers'
import { SHOOTOUT, withRpc } from '../core/techniques/helpers'

function rpc(technique: string, guests: number): ReturnType<typeof run> {
  return run(at(withRpc(SHOOTOUT), { 'variables.nicTechnique': technique, 'variables.guests': guests }), 'rpc')
}

describe('003 §III SR-IOV', () => {
  it('003: SR-IOV\'s aggregate rpc rate scales with guests up to the VF limit (8 guests ≥ 6× one guest, i.e. within 25 % of linear)', () => {
    const one = num(rpc('sriov', 1), 'rpc_per_s')
    expect(num(rpc('sriov', 2), 'rpc_per_s')).toBeGreaterThan(1.6 * one)
    expect(num(rpc('sriov', 8), 'rpc_per_s')).toBeGreaterThan(6 * one)
  })

  it('003 "bypassing the VMM": per-guest rpc latency with SR-IOV rises < 20 % from 1 to 8 guests; through the driver domain it more than doubles', () => {
    const grow = (t: string): number => num(rpc(t, 8), 'rpc_median_us') / num(rpc(t, 1), 'rpc_median_us')
    expect(grow('sriov')).toBeLessThan(1.2)
    expect(grow('paravirtual')).toBeGreaterThan(2)
  })

  it('003: a guest past the VF limit is refused, by validation and by the model', () => {
    const text = JSON.stringify(at(SHOOTOUT, { 'variables.guests': 9 }))
    const r = parseProject(text)
    expect(r.ok).toBe(false)
    expect(r.problems.map((p) => p.code)).toContain('vf-limit')
    expect(() => rpc('sriov', 9)).toThrow(/virtual functions/)
  })
})
