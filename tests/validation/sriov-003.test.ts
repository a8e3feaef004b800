// Validation against seed 003 (Ferraz et al., "New I/O virtualization techniques"): multi-queue
// NICs classify packets in hardware and SR-IOV gives each VM its own queues, so guests scale
// until the device's functions run out. 003 gives no figures, so every claim here is a
// mechanism of the model (claims.ts). Runs shortened versions of
// examples/technique-shootout.iovlab.json with a closed-loop rpc workload.
import { describe, expect } from 'vitest'
import { parseProject } from '../../core/project/index'
import { at, num, run } from '../core/scenario/helpers'
import { SHOOTOUT, withRpc } from '../core/techniques/helpers'
import { claim, fmt } from './claims'

type Metrics = ReturnType<typeof run>
const memo = new Map<string, Metrics>()
function rpc(technique: string, guests: number): Metrics {
  const key = `${technique} ${guests}`
  let m = memo.get(key)
  if (m === undefined) memo.set(key, (m = run(at(withRpc(SHOOTOUT), { 'variables.nicTechnique': technique, 'variables.guests': guests }), 'rpc')))
  return m
}

describe('003 §III SR-IOV', () => {
  claim({
    id: '003-sriov-scales', kind: 'mechanism', source: '003 §III',
    claim: 'SR-IOV\'s aggregate rpc rate scales with guests up to the VF limit: each guest has its own VF, queues and vectors, so only the shared wire and CPUs limit it',
    published: 'scales (no figure)', tolerance: '2 guests > 1.6 ×, 8 guests ≥ 6 × one guest',
    miss: 'just under 6 × at 8 guests: the 8 guests share the host\'s 4 logical CPUs, and since issue 10 a domain switched in after others ran pays its cache refill (domainCacheRefillCycles) and cross-CPU wake-ups pay IPIs, so the CPUs limit a little earlier; the 6 × band is this model\'s own reading of "scales", not a figure of 003'
  }, () => {
    const r = [1, 2, 8].map((g) => num(rpc('sriov', g), 'rpc_per_s'))
    return {
      model: `${fmt(r[1] / r[0], '', 3)}× at 2, ${fmt(r[2] / r[0], '', 3)}× at 8 guests`,
      check: () => { expect(r[1]).toBeGreaterThan(1.6 * r[0]); expect(r[2]).toBeGreaterThan(6 * r[0]) }
    }
  })

  claim({
    id: '003-sriov-bypasses-vmm', kind: 'mechanism', source: '003 §III',
    claim: 'per-guest rpc latency with SR-IOV rises < 20 % from 1 to 8 guests, while through the driver domain it more than doubles (one driver domain serves every guest)',
    published: '"bypassing the VMM" (no figure)', tolerance: 'SR-IOV < 1.2 ×, paravirtual > 2 ×',
    miss: 'SR-IOV latency grows ≈ 1.3 × from 1 to 8 guests: the VF path bypasses the VMM, but 8 guests share 4 logical CPUs and each wake-up now switches in a cold domain (cache refill) or crosses CPUs (IPI), which 003\'s statement does not consider; the 1.2 × band is this model\'s own reading'
  }, () => {
    const grow = (t: string): number => num(rpc(t, 8), 'rpc_median_us') / num(rpc(t, 1), 'rpc_median_us')
    const [sr, pv] = [grow('sriov'), grow('paravirtual')]
    return { model: `SR-IOV ${fmt(sr, '', 3)}×, paravirtual ${fmt(pv, '', 3)}×`, check: () => { expect(sr).toBeLessThan(1.2); expect(pv).toBeGreaterThan(2) } }
  })

  claim({
    id: '003-vf-limit', kind: 'mechanism', source: '003 §III',
    claim: 'a guest past the VF limit is refused, by validation and by the model',
    published: 'a limited number of VFs', tolerance: 'refused'
  }, () => ({
    model: 'a 9th guest refused (vf-limit)',
    check: () => {
      const r = parseProject(JSON.stringify(at(SHOOTOUT, { 'variables.guests': 9 })))
      expect(r.ok).toBe(false)
      expect(r.problems.map((p) => p.code)).toContain('vf-limit')
      expect(() => rpc('sriov', 9)).toThrow(/virtual functions/)
    }
  }))
})
