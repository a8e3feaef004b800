// Validation of pre-copy live migration (issue 12, core/scenario/migration.ts) against Clark et al.,
// "Live Migration of Virtual Machines", NSDI 2005 — held-out predictions on
// examples/literature/clark2005-migration.iovlab.json (two hosts on switched gigabit Ethernet, a
// paravirtual guest migrated with Clark et al.'s dynamic rate limiting, 100–500 Mbit/s).
// Sources: the downtimes of 210 ms (SPECweb) and 60 ms (Quake 3) are from the paper's introduction
// (read: vdocuments.net copy of the NSDI pre-print, §1). The 800 MB / 64 MB guest sizes and the
// SPECweb total time of about 71 s are recalled, not re-checked. The SPECweb dirtying rate (about
// 12,000 pages/s ≈ 393 Mbit/s) is as later work cites Clark et al. (the FGBI evaluation, read on
// the Resilire wiki); the Quake 3 dirtying rate and both writable working sets are the model's
// assumed defaults, not the paper's measurements.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe } from 'vitest'
import { parseProject, setPath, type Project } from '../../core/project/index'
import { runScenario, type Metrics } from '../../core/scenario/index'
import { claim, fmt } from './claims'

function load(): Project {
  const file = resolve(import.meta.dirname, '../../examples/literature/clark2005-migration.iovlab.json')
  const r = parseProject(readFileSync(file, 'utf8'), file)
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  return r.project
}

const cache = new Map<string, Metrics>()
/** The experiment's single sweep point, run once (seeded). */
function metricsOf(id: string): Metrics {
  const hit = cache.get(id)
  if (hit !== undefined) return hit
  let p = load()
  const exp = p.experiments.find((e) => e.id === id)!
  for (const [path, values] of Object.entries(exp.sweep[0] ?? {})) {
    const r = setPath(p, path, values[0])
    if (!r.ok) throw new Error(r.message)
    p = r.value
  }
  const m = runScenario({ project: p, experimentId: id, seed: 2005 }).metrics
  cache.set(id, m)
  return m
}
const num = (m: Metrics, k: string): number => {
  const v = m[k]
  if (typeof v !== 'number') throw new Error(`${k} is ${String(v)}`)
  return v
}

const NO_FIXED_SWITCHOVER = 'the model\'s downtime is the stop-and-copy transfer alone (last dirty pages + device state at 500 Mbit/s); it leaves out the guest\'s suspend and resume, the device reconnection on the target and the gratuitous-ARP re-routing that the client-seen downtime of Clark et al. includes, and the writable working set is the assumed default, not the workload\'s measured one'

describe('issue 12: live migration (Clark et al. 2005)', () => {
  claim({
    id: 'clark2005-specweb-downtime', kind: 'prediction', source: 'Clark et al., NSDI 2005, §1 (and §6.2)',
    claim: 'an 800 MB guest serving SPECweb99 (≈ 12,000 pages/s dirtied) migrates over gigabit Ethernet with a downtime of about 210 ms',
    published: '210 ms', tolerance: '[105, 420] ms (× ÷ 2)', miss: NO_FIXED_SWITCHOVER
  }, () => {
    const m = metricsOf('specweb')
    const v = num(m, 'migration_downtime_ms')
    return { value: v, lo: 105, hi: 420, model: `${fmt(v, 'ms')} (${num(m, 'migration_rounds')} rounds)` }
  }, 120_000)

  claim({
    id: 'clark2005-specweb-total', kind: 'prediction', source: 'Clark et al., NSDI 2005, §6.2 (recalled, not re-checked)',
    claim: 'the same SPECweb99 migration takes about 71 s in all (round 0 alone is 800 MB at 100 Mbit/s)',
    published: '≈ 71 s (recalled)', tolerance: '[50, 92] s (± 30 %)'
  }, () => {
    const m = metricsOf('specweb')
    const v = num(m, 'migration_total_ms') / 1000
    return { value: v, lo: 50, hi: 92, model: `${fmt(v, 's')}, ${fmt(num(m, 'migration_bytes') / 1e6, 'MB')} sent` }
  }, 120_000)

  claim({
    id: 'clark2005-quake3-downtime', kind: 'prediction', source: 'Clark et al., NSDI 2005, §1 (and §6.3)',
    claim: 'a 64 MB guest running a Quake 3 server migrates with a downtime of about 60 ms',
    published: '60 ms', tolerance: '[30, 120] ms (× ÷ 2)', miss: NO_FIXED_SWITCHOVER
  }, () => {
    const m = metricsOf('quake3')
    const v = num(m, 'migration_downtime_ms')
    return { value: v, lo: 30, hi: 120, model: `${fmt(v, 'ms')} (${num(m, 'migration_rounds')} rounds, ${fmt(num(m, 'migration_total_ms') / 1000, 's')} in all)` }
  }, 60_000)
})
