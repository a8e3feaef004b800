// Property (issue 11): a storage project that validates runs. Projects are generated with disks,
// SSDs, NVMe devices (with VFs) and storage arrays behind an Ethernet link (direct or through a
// switch, sometimes missing), a DC behind a Host Gateway, VMs with virtual disks of every
// technique and random virtual-disk parameters (front end, back end, QoS; RAID / replication
// members), random device parameters and block workloads. Whenever validation accepts one, its
// experiment must run without an error: validation refuses first, with the JSON path; an
// internal error reaching a user is a bug. Seeded in CI by tests/setup/fast-check.ts;
// FC_SEED=<n> replays a failure.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CATALOG, TECHNIQUES, techniquesFor, type ComponentKind, type ParamSpec } from '../../../core/models/catalog'
import { VDISK_PARAMS } from '../../../core/models/storage/vdisk/params'
import { BLOCK_PARAMS } from '../../../core/models/workload-kinds'
import { validateProject } from '../../../core/project/validate'
import { runScenario, ScenarioLimitError } from '../../../core/scenario/index'

type Doc = Record<string, unknown>
const at = { x: 0, y: 0 }
const STORAGE = ['disk', 'ssd', 'nvme', 'storage-array'] as const

/** A value for a parameter: its bounds, its default or one in between (enums: any option; booleans: either). */
function valueArb(spec: ParamSpec): fc.Arbitrary<unknown> {
  if (typeof spec.default === 'boolean') return fc.boolean()
  if (typeof spec.default === 'string') return fc.constantFrom(...(spec.options ?? [spec.default]))
  const def = spec.default as number
  const lo = spec.min ?? 0
  const hi = spec.max ?? Math.max(lo + 1, def * 16)
  const between = fc.double({ min: lo, max: hi, noNaN: true }).map((x) => (spec.integer === true ? Math.round(x) : x))
  const nearDefault = fc.double({ min: 0.25, max: 4, noNaN: true }).map((f) => {
    const x = Math.min(hi, Math.max(lo, def * f))
    return spec.integer === true ? Math.round(x) : x
  })
  return fc.oneof(fc.constant(lo), fc.constant(hi), fc.constant(def), nearDefault, nearDefault, between)
}

/** Up to `max` of `specs` set to generated values. */
function paramsArb(specs: readonly ParamSpec[], max: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.uniqueArray(fc.constantFrom(...specs), { maxLength: max, selector: (s) => s.key })
    .chain((chosen) => (chosen.length === 0 ? fc.constant({}) : fc.tuple(...chosen.map(valueArb)).map((vals) => Object.fromEntries(chosen.map((s, i) => [s.key, vals[i]])))))
}

const deviceArb = fc.constantFrom(...STORAGE).chain((kind) => fc.record({
  kind: fc.constant(kind),
  params: paramsArb(CATALOG[kind].params.filter((p) => p.descriptive !== true), 3),
  link: fc.constantFrom('direct', 'switch', 'switch', 'none')
}))

const diskArb = fc.record({
  device: fc.nat(3),
  member: fc.option(fc.nat(3), { freq: 3 }),
  technique: fc.nat(20),
  params: paramsArb(VDISK_PARAMS, 6),
  skip: fc.constantFrom(false, false, false, true)
})

const projectArb = fc.record({
  iommu: fc.constantFrom(true, true, false),
  driverDomain: fc.boolean(),
  dc: fc.constantFrom(false, false, true),
  devices: fc.array(deviceArb, { minLength: 1, maxLength: 3 }),
  vms: fc.array(fc.record({ count: fc.integer({ min: 1, max: 2 }), vcpus: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 }),
  disks: fc.array(diskArb, { minLength: 3, maxLength: 3 }),
  workload: fc.record({ clients: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }), params: paramsArb(BLOCK_PARAMS, 4) }),
  duration: fc.constantFrom('300us', '1ms', '2ms')
})

type Spec = typeof projectArb extends fc.Arbitrary<infer T> ? T : never

function build(s: Spec): Doc {
  const nodes: Doc[] = [{ id: 'h', kind: 'host', name: 'h', position: at, params: { iommuEnabled: s.iommu } }]
  const links: Doc[] = []
  const devices: string[] = []
  const kindOf = new Map<string, string>()
  let nic = false, sw = false
  s.devices.forEach((d, i) => {
    const id = `s${i}`
    devices.push(id)
    kindOf.set(id, d.kind)
    nodes.push({ id, kind: d.kind, name: id, ...(d.kind === 'storage-array' ? {} : { host: 'h' }), position: at, params: d.params })
    if (d.kind !== 'storage-array' || d.link === 'none') return
    if (!nic) { nodes.push({ id: 'nic', kind: 'nic', name: 'nic', host: 'h', position: at, params: {} }); nic = true }
    if (d.link === 'direct') links.push({ id: `l${i}`, kind: 'ethernet', from: 'nic', to: id, params: {} })
    else {
      if (!sw) {
        nodes.push({ id: 'sw', kind: 'switch', name: 'sw', position: at, params: {} })
        links.push({ id: 'nic-sw', kind: 'ethernet', from: 'nic', to: 'sw', params: {} })
        sw = true
      }
      links.push({ id: `l${i}`, kind: 'ethernet', from: 'sw', to: id, params: {} })
    }
  })
  if (s.dc) {
    nodes.push({ id: 'hg', kind: 'host-gateway', name: 'hg', host: 'h', position: at, params: {} },
      { id: 'dc', kind: 'dc', name: 'dc', position: at, params: {} })
    links.push({ id: 'hg-dc', kind: 'infiniband', from: 'hg', to: 'dc', params: {} })
  }
  if (s.driverDomain) nodes.push({ id: 'dom0', kind: 'vm', name: 'dom0', host: 'h', position: at, params: { role: 'driver-domain' } })
  const vms = s.vms.map((v, i) => {
    nodes.push({ id: `v${i}`, kind: 'vm', name: `v${i}`, host: 'h', position: at, params: { count: v.count, vcpus: v.vcpus } })
    return `v${i}`
  })
  if (s.driverDomain) vms.push('dom0')
  const attachments: Doc[] = []
  vms.forEach((vm, i) => {
    const a = s.disks[i % s.disks.length]
    if (a.skip) return
    const device = devices[a.device % devices.length]
    // mostly a technique the device kind offers to the VM's role; sometimes any (validation must refuse what cannot run)
    const offered = techniquesFor(kindOf.get(device) as ComponentKind).filter((t) => (vm === 'dom0') === (t === 'native'))
    const technique = a.technique < 16 && offered.length > 0 ? offered[a.technique % offered.length] : TECHNIQUES[a.technique % TECHNIQUES.length].id
    const member = a.member === null ? undefined : devices[a.member % devices.length]
    attachments.push({ id: `a${i}`, vm, device, technique, params: a.params, ...(member === undefined || member === device ? {} : { devices: [member] }) })
  })
  const clients = [...new Set(s.workload.clients.map((c) => vms[c % vms.length]))]
  return {
    format: 'iovlab-project', schemaVersion: 2, name: 'generated-storage', seed: 7, variables: {},
    topology: { nodes, links, attachments },
    experiments: [{
      id: 'e', name: 'e', duration: s.duration, warmup: 0, replications: 1, stop: {}, sweep: [],
      workloads: [{ id: 'w', kind: 'block', clients, params: s.workload.params }]
    }]
  }
}

describe('a storage project that validates runs', () => {
  it('every generated storage project either is refused by validation or runs', () => {
    let valid = 0
    fc.assert(fc.property(projectArb, (spec) => {
      const r = validateProject(build(spec))
      if (!r.ok) return true
      valid++
      try {
        runScenario({ project: r.project, experimentId: 'e', seed: 1, limits: { maxEvents: 200_000 } })
      } catch (e) {
        if (e instanceof ScenarioLimitError) return true
        throw e
      }
      return true
    }), { numRuns: Number(process.env.IOVLAB_PROPERTY_RUNS ?? 300) })
    if (process.env.IOVLAB_PROPERTY_PRINT !== undefined) console.log(`valid: ${valid}`)
    // the generator must reach valid projects often enough for the property to mean something
    expect(valid).toBeGreaterThan(30)
  }, 120_000)
})
