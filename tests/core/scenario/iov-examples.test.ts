// The shipped technique examples (vpio-ne2k, technique-shootout, scalable-io-dc, the storage
// examples storage-paths, storage-two-vms and storage-sharing): each
// loads with no problems, names the experiments CONTRACTS.md describes, and one shortened
// point of every experiment runs through runScenario and reports every contract metric.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProject } from '../../../core/project/index'
import { runScenario } from '../../../core/scenario/index'
import { at, loadExample } from './helpers'

/** Counted in every run (0 counted is a measurement). */
const COUNTERS = ['cpu_util', 'vm_exits', 'vm_exits_by_reason', 'irqs_physical', 'irqs_virtual', 'signals_redundant', 'bytes_copied',
  'pci_read_bytes', 'pci_write_bytes', 'credential_checks', 'credential_denials', 'io_page_faults', 'drops', 'stage_us', 'iotlb_misses',
  'dma_denials', 'port_ios', 'device_handoffs']
/** The metrics each workload kind measures; a run without that kind has none of them. */
const WORKLOAD_METRICS: Record<string, string[]> = {
  ping: ['rtt_median_us', 'rtt_p25_us', 'rtt_p75_us', 'rtt_p99_us', 'rtt_mean_us', 'probes', 'rtt_cdf_us'],
  stream: ['goodput_mbps', 'retransmits'],
  rpc: ['rpc_median_us', 'rpc_p99_us', 'rpc_mean_us', 'rpc_per_s', 'rpc_cdf_us'],
  'io-program': ['op_median_us', 'op_p99_us', 'op_mean_us', 'ops_per_s', 'programs_per_s', 'commands_per_s', 'op_failures', 'op_cdf_us'],
  block: ['iops', 'io_mbps', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us'],
  attack: ['attacks_tried', 'attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted']
}

/** Metrics of a virtual disk's back end that are null with a reason when the run has no cache / no crash. */
const NOT_APPLICABLE: Record<string, RegExp> = {
  cache_hit_ratio: /no virtual disk has a buffer cache/, writes_lost: /no crash was scheduled/,
  // the shortened run holds no PARDA control period
  parda_latency_ms: /no PARDA control period/, parda_window: /no PARDA control period/,
  // the shortened run ends before the scheduled migration starts
  ...Object.fromEntries(['migration_total_ms', 'migration_downtime_ms', 'migration_bytes', 'migration_rounds', 'migration_failover_ms'].map((k) => [k, /starts at .* after the run/])),
  // a shortened storage migration does not finish its copy within the run
  ...Object.fromEntries(['storage_migration_total_ms', 'storage_migration_bytes', 'storage_migration_mirrored_writes'].map((k) => [k, /had not finished by the run's end|starts at .* after the run/])),
  // an availability attack (the flood experiment) stops and corrupts nothing
  ...Object.fromEntries(['attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted'].map((k) => [k, /is an availability attack/]))
}

const EXAMPLES: Record<string, string[]> = {
  'vpio-ne2k.iovlab.json': ['hooked-ratio', 'hooked-ratio-throughput', 'exit-cost', 'multiplexing', 'dma-validation'],
  'technique-shootout.iovlab.json': ['latency-one-guest', 'throughput-one-guest', 'latency-vs-guests', 'throughput-vs-guests'],
  'scalable-io-dc.iovlab.json': ['command-combining', 'dc-cores', 'interconnects'],
  'storage-paths.iovlab.json': ['frontends', 'interposition', 'write-cache', 'dc-storage'],
  'storage-two-vms.iovlab.json': ['two-vms'],
  'storage-sharing.iovlab.json': ['parda'],
  'isolation-and-mobility.iovlab.json': ['noisy-neighbour', 'rogue-dma', 'forged-credential', 'migration', 'faults', 'request-timeouts', 'interference', 'overcommit', 'storage-migration', 'multipath', 'flood']
}

describe.each(Object.entries(EXAMPLES))('examples/%s', (file, experiments) => {
  it('parses and validates with no problems', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../examples', file), 'utf8')
    const r = parseProject(text, file)
    expect(r.problems).toEqual([])
    expect(r.ok).toBe(true)
  })

  it('has the experiments CONTRACTS.md describes', () => {
    expect(loadExample(file).experiments.map((e) => e.id)).toEqual(experiments)
  })

  it.each(experiments)('%s: a shortened point runs and reports the metrics that apply, measured', (id) => {
    const p = at(loadExample(file), { [`experiments.${id}.duration`]: '30ms', [`experiments.${id}.warmup`]: '5ms' })
    const { metrics: m, missing } = runScenario({ project: p, experimentId: id, seed: 1 })
    // only a storage back end's metrics that do not apply may be missing, each with its reason
    // (and a VM's CPU per I/O, which is a run total: host CPU is not attributed to one VM's I/Os)
    for (const [k, why] of Object.entries(missing ?? {})) {
      const base = k.replace(/^by(Workload|Vm)\.[^.]+\./, '')
      const attack = /^(attacks_stopped|attacks_succeeded|victim_bytes_corrupted)$/.test(base)
      expect(why, k).toMatch(NOT_APPLICABLE[k] ?? (attack ? NOT_APPLICABLE[base] : /^byVm\..*\.cpu_per_io_us$/.test(k) ? /not attributed to one VM/ : /^never$/))
    }
    for (const k of COUNTERS) expect(m, k).toHaveProperty(k)
    expect(Object.keys(m.stage_us as object).length).toBeGreaterThan(0)
    const kinds = new Set(p.experiments.find((e) => e.id === id)!.workloads.map((w) => w.kind))
    for (const [kind, names] of Object.entries(WORKLOAD_METRICS)) {
      for (const k of names) {
        // an availability attack (flood) stops and corrupts nothing: those are null with the reason checked above
        if (kinds.has(kind as 'ping') && m[k] === null && /is an availability attack/.test(missing?.[k] ?? '')) continue
        if (kinds.has(kind as 'ping')) expect(typeof m[k], k).toBe(k.includes('_cdf_') ? 'object' : 'number')
        else expect(m, k).not.toHaveProperty(k)
      }
    }
    const hasDc = p.topology.nodes.some((n) => n.kind === 'dc')
    if (hasDc) expect(typeof m.dc_util).toBe('number')
    else expect(m).not.toHaveProperty('dc_util')
  })
})

describe('the sweeps of the examples', () => {
  it('vpio-ne2k sweeps the six hooked ratios of 002 and exit costs against emulated and pass-through', () => {
    const p = loadExample('vpio-ne2k.iovlab.json')
    expect(p.experiments[0].sweep[0]['variables.hooked']).toEqual([0.138, 0.0268, 0.032, 0.0761, 0.0361, 0.0074])
    expect(p.experiments.find((e) => e.id === 'exit-cost')!.sweep[0]['variables.technique']).toEqual(['emulated', 'vpio', 'passthrough'])
  })

  it('technique-shootout covers all eight techniques and guests 1, 2, 4, 8', () => {
    const p = loadExample('technique-shootout.iovlab.json')
    const one = p.experiments.find((e) => e.id === 'latency-one-guest')!.sweep[0]['variables.variant']
    expect(one).toEqual(['native', 'emulated', 'paravirtual', 'passthrough', 'sriov', 'self-virtualized', 'vpio', 'scalable-io'])
    expect(p.experiments.find((e) => e.id === 'throughput-vs-guests')!.sweep[0]['variables.guests']).toEqual([1, 2, 4, 8])
  })

  it('storage-paths sweeps the contract variables of issue 11 (front ends at QD 1 and 32, interposers, cache modes, k = 1…8)', () => {
    const p = loadExample('storage-paths.iovlab.json')
    const axes = (id: string): Record<string, unknown> => Object.assign({}, ...p.experiments.find((e) => e.id === id)!.sweep)
    expect(axes('frontends')['variables.frontend']).toEqual(['ide-emulated', 'scsi-emulated', 'paravirtual', 'passthrough'])
    expect(axes('frontends')['experiments.frontends.workloads.fio.params.queueDepth']).toEqual([1, 32])
    expect(axes('interposition')['variables.interpose']).toEqual(['none', 'encryption', 'replication-2', 'snapshot'])
    expect(axes('write-cache')['variables.cache']).toEqual(['write-through', 'write-back'])
    expect(axes('dc-storage')['variables.k']).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('storage-sharing sweeps PARDA off and on over four hosts on one array whose VMs hold I/O shares 1 : 1 : 2 : 2', () => {
    const p = loadExample('storage-sharing.iovlab.json')
    expect(p.experiments[0].sweep).toEqual([{ 'variables.parda': [false, true] }])
    expect(p.topology.attachments.map((a) => [a.vm, a.device, a.params?.ioShares])).toEqual([
      ['vm-1', 'array', 1000], ['vm-2', 'array', 1000], ['vm-3', 'array', 2000], ['vm-4', 'array', 2000]
    ])
    expect(new Set(p.topology.nodes.filter((n) => n.kind === 'vm').map((n) => n.host)).size).toBe(4)
  })

  it('scalable-io-dc sweeps k = 1…8, DC cores 1, 2, 4 and the three interconnects', () => {
    const p = loadExample('scalable-io-dc.iovlab.json')
    const byId = (id: string) => p.experiments.find((e) => e.id === id)!.sweep
    expect(byId('command-combining')[0]['experiments.command-combining.workloads.ops.params.commands']).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(byId('dc-cores')[0]['variables.dcCores']).toEqual([1, 2, 4])
    expect(byId('interconnects')[0]['topology.links.hg-dc.kind']).toEqual(['shared-memory', 'infiniband', 'tcp'])
  })
})
