// Property: a project that validates runs. Projects are generated from the catalog (kinds,
// placements, links, attachments with every technique, workloads of every kind, short
// durations, hardware profiles of hosts and NICs, clocks, tick and interrupt rates and link
// bandwidths that divide nothing evenly, NIC offloads on and off); whenever validation accepts
// one, every experiment must run without an error.
// Seeded in CI by tests/setup/fast-check.ts; FC_SEED=<n> replays a failure.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TECHNIQUES, techniquesFor, type ComponentKind } from '../../../core/models/catalog'
import { WORKLOAD_KIND_IDS } from '../../../core/models/workload-kinds'
import { HOST_PROFILE_IDS } from '../../../core/models/host/profiles'
import { NIC_PROFILE_IDS } from '../../../core/models/nic/profiles'
import { validateProject } from '../../../core/project/validate'
import { runScenario, ScenarioLimitError } from '../../../core/scenario/index'

type Doc = Record<string, unknown>
const at = { x: 0, y: 0 }

/** Host settings beyond the defaults: a hardware profile, a clock and a guest tick rate whose periods are not whole nanoseconds. */
const hostHwArb = fc.record({
  profile: fc.option(fc.constantFrom(...HOST_PROFILE_IDS), { nil: undefined }),
  clock: fc.option(fc.constantFrom(2.93e9, 1.733e9, 3.3e9), { nil: undefined }),
  guestTimerHz: fc.option(fc.constantFrom(0, 100, 333, 1000), { nil: undefined })
})
/** NIC settings: a profile, interrupt throttling at rates that do not divide a second evenly, offloads. */
const nicHwArb = fc.record({
  profile: fc.option(fc.constantFrom(...NIC_PROFILE_IDS), { nil: undefined }),
  irqThrottleRate: fc.option(fc.constantFrom(0, 3000, 7777), { nil: undefined }),
  tsoEnabled: fc.option(fc.boolean(), { nil: undefined }),
  lroEnabled: fc.option(fc.boolean(), { nil: undefined })
})
const defined = (o: Record<string, unknown>): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const hostArb = fc.record({
  iommu: fc.boolean(), devices: fc.array(fc.constantFrom('nic', 'np-nic'), { maxLength: 2 }), vms: fc.integer({ min: 1, max: 3 }),
  hw: hostHwArb, nic: nicHwArb
})

const projectArb = fc.record({
  hosts: fc.array(hostArb, { minLength: 1, maxLength: 2 }),
  dc: fc.boolean(),
  switch: fc.constantFrom(true, true, true, false),
  roles: fc.array(fc.constantFrom('guest', 'guest', 'guest', 'driver-domain'), { minLength: 6, maxLength: 6 }),
  counts: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 6, maxLength: 6 }),
  attach: fc.array(fc.record({ device: fc.nat(7), technique: fc.nat(7), skip: fc.constantFrom(false, false, false, true) }), { minLength: 6, maxLength: 6 }),
  links: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 1, depthIdentifier: 'links' }).map((l) => l.slice(0, 1)),
  linkToSwitch: fc.constantFrom(true, true, true, false),
  sriov: fc.boolean(),
  /** Link bandwidth: the default or one that divides no frame time evenly. */
  bandwidth: fc.option(fc.constantFrom('777Mbps', '2.5Gbps', '10Gbps'), { nil: undefined }),
  workload: fc.record({ kind: fc.constantFrom(...WORKLOAD_KIND_IDS), client: fc.nat(5), server: fc.nat(5) })
})

type Spec = typeof projectArb extends fc.Arbitrary<infer T> ? T : never

function build(s: Spec): Doc {
  const nodes: Doc[] = []
  const vms: string[] = []
  const devices: string[] = []
  const kindOf = new Map<string, string>()
  const hostOf = new Map<string, number>()
  const roleOf = new Map<string, string>()
  s.hosts.forEach((h, hi) => {
    nodes.push({ id: `h${hi}`, kind: 'host', name: 'h', position: at, params: { iommuEnabled: h.iommu, ...defined(h.hw) } })
    h.devices.forEach((kind, di) => {
      const params = kind === 'nic' ? { ...(s.sriov ? { sriovEnabled: true } : {}), ...defined(h.nic) } : {}
      nodes.push({ id: `d${hi}${di}`, kind, name: 'd', host: `h${hi}`, position: at, params })
      devices.push(`d${hi}${di}`)
      kindOf.set(`d${hi}${di}`, kind)
    })
    for (let v = 0; v < h.vms; v++) {
      const k = vms.length
      nodes.push({ id: `v${k}`, kind: 'vm', name: 'v', host: `h${hi}`, position: at, params: { role: v === 0 ? s.roles[k % 6] : 'guest', count: s.counts[k % 6] } })
      vms.push(`v${k}`)
      hostOf.set(`v${k}`, hi)
      roleOf.set(`v${k}`, v === 0 ? s.roles[k % 6] : 'guest')
    }
    if (s.dc) nodes.push({ id: `hg${hi}`, kind: 'host-gateway', name: 'g', host: `h${hi}`, position: at, params: {} })
  })
  const links: Doc[] = []
  if (s.dc) {
    nodes.push({ id: 'dc', kind: 'dc', name: 'dc', position: at, params: {} })
    devices.push('dc')
    kindOf.set('dc', 'dc')
    s.hosts.forEach((_, hi) => links.push({ id: `ib${hi}`, kind: 'infiniband', from: `hg${hi}`, to: 'dc', params: {} }))
  }
  if (s.switch) {
    nodes.push({ id: 'sw', kind: 'switch', name: 'sw', position: at, params: {} })
    const bw = s.bandwidth === undefined ? {} : { bandwidth: s.bandwidth }
    if (s.linkToSwitch) devices.forEach((d, i) => links.push({ id: `e${i}`, kind: 'ethernet', from: d, to: 'sw', params: bw }))
  }
  s.links.forEach(([a, b], i) => {
    if (devices.length > 0) links.push({ id: `x${i}`, kind: 'ethernet', from: devices[a % devices.length], to: devices[b % devices.length], params: {} })
  })
  const attachments: Doc[] = []
  vms.forEach((vm, i) => {
    const a = s.attach[i % 6]
    if (a.skip || devices.length === 0) return
    // Mostly a device of the VM's own host (or the DC) and a technique its kind offers to the
    // VM's role; sometimes anything (validation must refuse what cannot run).
    const own = devices.filter((d) => d === 'dc' || d.startsWith(`d${hostOf.get(vm)}`))
    const pool = a.technique < 6 && own.length > 0 ? own : devices
    const device = pool[a.device % pool.length]
    const offered = techniquesFor(kindOf.get(device) as ComponentKind).filter((t) => (roleOf.get(vm) === 'guest') === (t !== 'native'))
    if (offered.length === 0) return
    const technique = a.technique < 6 ? offered[a.technique % offered.length] : TECHNIQUES[a.technique].id
    attachments.push({ id: `a${i}`, vm, device, technique })
  })
  const w = s.workload
  return {
    format: 'iovlab-project', schemaVersion: 1, name: 'generated', seed: 7,
    topology: { nodes, links, attachments },
    experiments: [{
      id: 'e', name: 'e', duration: '300us', warmup: 0,
      workloads: [{ id: 'w', kind: w.kind, clients: vms[w.client % vms.length], ...(w.kind === 'io-program' ? {} : { servers: vms[w.server % vms.length] }) }]
    }]
  }
}

describe('a project that validates runs', () => {
  it('every generated project either is refused by validation or runs every experiment', () => {
    let valid = 0
    fc.assert(fc.property(projectArb, (spec) => {
      const r = validateProject(build(spec))
      if (!r.ok) return true
      valid++
      for (const exp of r.project.experiments) {
        try {
          runScenario({ project: r.project, experimentId: exp.id, seed: 1, limits: { maxEvents: 200_000 } })
        } catch (e) {
          if (e instanceof ScenarioLimitError) continue
          throw e
        }
      }
      return true
    }), { numRuns: 400 })
    // The generator must reach valid projects often enough for the property to mean something.
    expect(valid).toBeGreaterThan(15)
  }, 60_000)
})
