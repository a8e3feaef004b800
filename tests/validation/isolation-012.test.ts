// The seeds' isolation statements as mechanism claims of the model (claims.ts), on
// examples/isolation-and-mobility.iovlab.json with a hostile guest (core/workloads/attack.ts):
// the IOMMU stops rogue DMA from pass-through (001, 003), the read-only VIF ring stops descriptor
// tampering (004 §3), the DC's HMAC stops forged credentials (000 §3), VPIO validates DMA targets
// (002 "DMA"). Each claim also shows that with the protection off (an acknowledged study) the
// same attack succeeds, so the protection — not the attack's set-up — is what stops it.
import { describe, expect } from 'vitest'
import { parseProject, type Project } from '../../core/project/index'
import { runScenario, type Metrics } from '../../core/scenario/index'
import { at, loadExample } from '../core/scenario/helpers'
import { claim } from './claims'

const BASE = loadExample('isolation-and-mobility.iovlab.json')

/** The example with one experiment "x": the attack `kind` from `attacker` (attached by `technique` to `device`) against `target`. */
function attackProject(kind: string, o: { attacker?: string; target?: string; technique?: string; device?: string; sets?: Record<string, unknown> } = {}): Project {
  const p = structuredClone(BASE)
  if (o.technique !== undefined) {
    if (o.device === 'np-a') {
      p.topology.nodes.push({ id: 'np-a', kind: 'np-nic', name: 'np', position: { x: 0, y: 0 }, host: 'host-a', params: {} } as Project['topology']['nodes'][number])
      p.topology.links.push({ id: 'np-a-sw', kind: 'ethernet', from: 'np-a', to: 'sw', params: {} } as Project['topology']['links'][number])
    }
    const a = p.topology.attachments.find((x) => x.id === 'rogue-nic') as { technique: unknown; device: string }
    a.technique = o.technique
    a.device = o.device ?? a.device
  }
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '50ms', warmup: '5ms', protectionOffAcknowledged: true,
    workloads: [{ id: 'attack', kind: 'attack', pattern: 'n,n:1x1', clients: o.attacker ?? 'rogue-vm', servers: o.target ?? 'victim-vm', params: { kind, rate: 20000, bytes: '4KiB' } }]
  } as Project['experiments'][number]]
  return at(p, o.sets ?? {})
}

function run(p: Project): Metrics {
  const r = parseProject(JSON.stringify(p), 'x.iovlab.json')
  if (!r.ok) throw new Error(r.problems.map((q) => q.message).join('\n'))
  return runScenario({ project: r.project, experimentId: 'x', seed: 12 }).metrics
}

const v = (m: Metrics, k: string): number => m[k] as number

/** Stopped share with the protection on and succeeded share with it off; both must be 1. */
function onOff(kind: string, off: Record<string, unknown>, o: Parameters<typeof attackProject>[1] = {}): { on: Metrics; off: Metrics; model: string; check: () => void } {
  const on = run(attackProject(kind, o))
  const offM = run(attackProject(kind, { ...o, sets: { ...(o.sets ?? {}), ...off } }))
  const stopShare = v(on, 'attacks_stopped') / (v(on, 'attacks_stopped') + v(on, 'attacks_succeeded'))
  const passShare = v(offM, 'attacks_succeeded') / (v(offM, 'attacks_stopped') + v(offM, 'attacks_succeeded'))
  return {
    on, off: offM,
    model: `on: ${v(on, 'attacks_stopped')} of ${v(on, 'attacks_tried')} stopped, 0 B corrupted; off: ${v(offM, 'attacks_succeeded')} succeeded, ${v(offM, 'victim_bytes_corrupted')} B corrupted`,
    check: () => {
      expect(v(on, 'attacks_tried')).toBeGreaterThan(500)
      expect(stopShare).toBe(1)
      expect(v(on, 'victim_bytes_corrupted')).toBe(0)
      expect(passShare).toBe(1)
      expect(v(offM, 'victim_bytes_corrupted')).toBeGreaterThan(0)
    }
  }
}

describe('issue 12: isolation mechanisms of the seeds', () => {
  claim({
    id: 'iommu-stops-rogue-dma', kind: 'mechanism', source: '001 "Approaches"; 003 §III (VT-d DMA remapping)',
    claim: 'a pass-through guest that programs its NIC to DMA into another guest\'s memory is stopped by the IOMMU (a page walk that finds no mapping, counted as a DMA denial); without the IOMMU every such DMA lands',
    published: 'every rogue DMA blocked', tolerance: 'all stopped on, all succeed off'
  }, () => {
    const r = onOff('rogue-dma', { 'variables.iommuEnabled': false })
    return { model: r.model, check: () => { r.check(); expect(v(r.on, 'dma_denials')).toBe(v(r.on, 'attacks_stopped')) } }
  })

  claim({
    id: 'readonly-ring-stops-tamper', kind: 'mechanism', source: '004 §3 (the ring buffer structure is mapped read-only so that a malicious guest cannot …)',
    claim: 'a self-virtualized guest\'s write to its VIF descriptor ring faults into the hypervisor and is refused; with a writable mapping the rewritten descriptor makes the NP write into memory the guest does not own',
    published: 'every tampering write refused', tolerance: 'all stopped on, all succeed off'
  }, () => {
    const r = onOff('ring-tamper', { 'topology.nodes.np-a.params.vifRingReadOnly': false }, { technique: 'self-virtualized', device: 'np-a' })
    return { model: r.model, check: r.check }
  })

  claim({
    id: 'hmac-stops-forged-credential', kind: 'mechanism', source: '000 §3 (the DC only allows an I/O operation whose credentials pass validation)',
    claim: 'programs with a forged device credential are denied by the DC\'s HMAC check on its cores; without credential checks they run',
    published: 'every forgery denied', tolerance: 'all stopped on, all succeed off'
  }, () => {
    const r = onOff('forged-credential', { 'topology.nodes.dc-a.params.credentialChecks': false }, { attacker: 'forger-vm', target: 'consumer-vm' })
    return { model: r.model, check: () => { r.check(); expect(v(r.on, 'credential_denials')).toBe(v(r.on, 'attacks_stopped')) } }
  })

  claim({
    id: 'vpio-validates-dma', kind: 'mechanism', source: '002 "DMA" (the destination is checked before the physical DMA)',
    claim: 'a VPIO guest\'s DMA into memory it does not own exits to the model and fails its validation; with validation off it is performed',
    published: 'every bad DMA target denied', tolerance: 'all stopped on, all succeed off'
  }, () => {
    const r = onOff('rogue-dma', { 'topology.nodes.nic-p.params.vpioDmaValidation': false }, { technique: 'vpio', device: 'nic-p' })
    return { model: r.model, check: r.check }
  })
})
