// `block` — fio-like jobs on each client VM's virtual disk (issue 11): every VM copy runs
// `jobs` jobs, each keeping `queueDepth` requests outstanding (a closed loop: a completion,
// after `thinkTime`, releases the next request of its job). Offsets are sequential (each job
// from its own slice of the working set, wrapping at its end) or uniformly random block-aligned
// (each job's own named random stream), reads and writes by the pattern or, mixed, by
// `readRatio`. The application's own kernel work is CPU on the job's vCPU: the submit call
// (blockSubmitSyscallCycles) before the request reaches the front-end driver, and on
// completion the wake-up of the job blocked in io_getevents (processWakeCycles) and the reap
// call (blockReapCycles). Latency runs from the issue (before the submit call) to the reap, as
// fio's completion latency plus submission latency.
//
// Metrics: iops, io_mbps (megabits per second, as goodput_mbps), io_latency_median_us,
// io_latency_p99_us, and cpu_per_io_us: the CPU time of every domain and the hypervisor of the
// clients' hosts per completed I/O (all domains: the guest's driver, the driver domain's back
// end, the hypervisor's exits and interrupt routing). Per-stage times are the run's stage_us.
// All null, with the reason, when nothing completed.
import { Quantiles, type RandomStream } from '../sim'
import { BlockOp, type BlockPort } from '../models/storage/block'
import type { HostModel } from '../models/host/host-model'
import { BLOCK_PARAMS, type BlockKey } from '../models/workload-kinds'
import { periodText, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'

/** Bytes of a sector: offsets and sizes are multiples of it. */
export const SECTOR_BYTES = 512

const PATTERNS = ['read', 'write', 'randread', 'randwrite', 'rw', 'randrw'] as const
type Pattern = (typeof PATTERNS)[number]

/** The metrics a block workload produces (core/project/metric-names.ts lists them). */
export const BLOCK_METRICS = ['iops', 'io_mbps', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us'] as const

export class BlockWorkload implements Workload {
  readonly flowCount: number
  private readonly ctx: WorkloadContext
  private readonly ports: readonly BlockPort[]
  private readonly hosts: HostModel[]
  private readonly lat = new Quantiles()
  private readonly jobs: number
  private readonly depth: number
  private readonly bytes: number
  private readonly blocks: number
  private readonly random: boolean
  private readonly mixed: boolean
  private readonly readOnly: boolean
  private readonly readRatio: number
  private readonly think: number
  /** Per job: its next sequential block index, its random streams, its vCPU. */
  private readonly cursor: Float64Array
  private readonly sliceEnd: Float64Array
  private readonly sliceStart: Float64Array
  private readonly offsets: RandomStream[]
  private readonly mixes: RandomStream[]
  private readonly vcpu: Int32Array
  /** Per job: requests outstanding (issued, not yet reaped) — the closed loop keeps it at queueDepth. */
  readonly outstanding: Int32Array
  private readonly submitNs: Float64Array
  private readonly reapNs: Float64Array
  private readonly issueId: number
  private completed = 0
  private failed = 0
  private bytesDone = 0
  private readonly cpuAt: Float64Array
  /** Per job since the reset (the per-VM breakdown, metricsOf), and per job in the current time-series window. */
  private readonly perJob: JobStats[]
  private readonly winJob: JobStats[]

  constructor(ctx: WorkloadContext, ports: readonly BlockPort[], p: WorkloadParams<BlockKey>) {
    this.ctx = ctx
    this.ports = ports
    this.jobs = Number(p.jobs)
    this.depth = Number(p.queueDepth)
    this.bytes = Number(p.blockSize)
    const pattern = String(p.pattern) as Pattern
    if (!PATTERNS.includes(pattern)) throw new Error(`"pattern" ${JSON.stringify(p.pattern)} is not one of ${PATTERNS.join(', ')}`)
    if (this.bytes % SECTOR_BYTES !== 0) throw new Error(`"blockSize" ${this.bytes} B is not a multiple of the ${SECTOR_BYTES}-byte sector`)
    this.random = pattern.startsWith('rand')
    this.mixed = pattern === 'rw' || pattern === 'randrw'
    this.readOnly = pattern === 'read' || pattern === 'randread'
    this.readRatio = Number(p.readRatio)
    this.think = Number(p.thinkTime)
    const ws = Number(p.workingSet)
    let blocks = Infinity
    for (const port of ports) {
      const set = ws > 0 ? ws : port.capacityBytes
      if (set > port.capacityBytes) {
        throw new Error(`"workingSet" ${set} B is larger than the ${port.capacityBytes} B virtual disk of "${port.domain.name}"`)
      }
      blocks = Math.min(blocks, Math.floor(set / this.bytes))
    }
    if (ports.length > 0 && blocks < 1) throw new Error(`the working set holds no ${this.bytes}-byte block`)
    this.blocks = ports.length > 0 ? blocks : 0
    const n = ports.length * this.jobs
    this.flowCount = n
    this.cursor = new Float64Array(n)
    this.sliceStart = new Float64Array(n)
    this.sliceEnd = new Float64Array(n)
    this.vcpu = new Int32Array(n)
    this.outstanding = new Int32Array(n)
    this.submitNs = new Float64Array(ports.length)
    this.reapNs = new Float64Array(ports.length)
    this.offsets = []
    this.mixes = []
    for (let j = 0; j < n; j++) {
      const port = ports[Math.floor(j / this.jobs)]
      const k = j % this.jobs
      // each job its own slice of the working set for sequential offsets (fio's offset_increment)
      this.sliceStart[j] = Math.floor((k * this.blocks) / this.jobs)
      this.sliceEnd[j] = Math.floor(((k + 1) * this.blocks) / this.jobs)
      if (this.sliceEnd[j] <= this.sliceStart[j]) {
        this.sliceStart[j] = 0
        this.sliceEnd[j] = this.blocks
      }
      this.cursor[j] = this.sliceStart[j]
      this.vcpu[j] = k % port.domain.vcpus.length
      this.offsets.push(ctx.rng.stream(`${ctx.id}/${j}/offset`))
      this.mixes.push(ctx.rng.stream(`${ctx.id}/${j}/mix`))
    }
    ports.forEach((port, i) => {
      this.submitNs[i] = port.host.cost('blockSubmitSyscallCycles')
      this.reapNs[i] = port.host.cost('processWakeCycles') + port.host.cost('blockReapCycles')
    })
    this.hosts = [...new Set(ports.map((q) => q.host))]
    this.cpuAt = new Float64Array(this.hosts.length)
    this.perJob = Array.from({ length: this.flowCount }, () => new JobStats())
    this.winJob = Array.from({ length: this.flowCount }, () => new JobStats())
    this.issueId = ctx.sim.register((j) => this.issue(j), `${ctx.id}/issue`)
  }

  start(): void {
    for (let j = 0; j < this.flowCount; j++) for (let d = 0; d < this.depth; d++) this.issue(j)
  }

  /** Job `j` issues its next request: the submit call on its vCPU, then the front-end driver. */
  private issue(j: number): void {
    const { sim } = this.ctx
    const blocks = this.ctx.blocks
    let block: number
    if (this.random) block = Math.floor(this.offsets[j].uniform() * this.blocks)
    else {
      block = this.cursor[j]
      this.cursor[j] = block + 1 >= this.sliceEnd[j] ? this.sliceStart[j] : block + 1
    }
    const read = this.mixed ? this.mixes[j].uniform() < this.readRatio : this.readOnly
    const req = blocks.alloc(read ? BlockOp.Read : BlockOp.Write, block * this.bytes, this.bytes, this.ctx.flowBase + j, sim.now)
    this.outstanding[j]++
    const port = Math.floor(j / this.jobs)
    this.ports[port].domain.run(this.vcpu[j], this.submitNs[port], this.submit, req)
  }

  private readonly submit = (req: number): void => {
    const j = this.ctx.blocks.flow[req] - this.ctx.flowBase
    const port = this.ports[Math.floor(j / this.jobs)]
    port.submit(req, this.vcpu[j])
  }

  /** The front end completed `req` in the guest: the job wakes and reaps it. */
  blockDone(req: number, ok: boolean): void {
    const j = this.ctx.blocks.flow[req] - this.ctx.flowBase
    const port = Math.floor(j / this.jobs)
    this.ctx.blocks.scratch[req] = ok ? 0 : -1 // the workload holds the request until it is reaped
    this.ports[port].domain.run(this.vcpu[j], this.reapNs[port], this.reaped, req)
  }

  private readonly reaped = (req: number): void => {
    const { sim } = this.ctx
    const blocks = this.ctx.blocks
    const j = blocks.flow[req] - this.ctx.flowBase
    if (blocks.scratch[req] === -1) {
      this.failed++
      this.perJob[j].failed++
      this.winJob[j].failed++
    } else {
      const ns = sim.now - blocks.born[req]
      this.lat.record(ns)
      this.completed++
      this.bytesDone += blocks.bytes[req]
      this.perJob[j].add(ns, blocks.bytes[req])
      this.winJob[j].add(ns, blocks.bytes[req])
    }
    blocks.release(req)
    this.outstanding[j]--
    if (this.think > 0) sim.schedule(this.think, this.issueId, j)
    else this.issue(j)
  }

  receive(pkt: number): void {
    this.ctx.pool.release(pkt) // a block workload sends no frames
  }

  /** Work completed so far (for outage_ms: core/scenario/faults.ts). */
  progress(): number {
    return this.completed
  }

  resetStats(): void {
    this.lat.reset()
    this.completed = 0
    this.failed = 0
    this.bytesDone = 0
    this.hosts.forEach((h, i) => { this.cpuAt[i] = busy(h) })
    for (const js of this.perJob) js.reset()
    for (const js of this.winJob) js.reset()
  }

  /**
   * The metrics of some jobs (the per-VM breakdown): their I/O rate, bytes and latency. CPU per I/O
   * is null: host CPU (the driver domain's, the hypervisor's) is not attributed to one VM's I/Os.
   */
  metricsOf(jobs: readonly number[], elapsedNs: number): WorkloadMetrics {
    return jobView(jobs.map((j) => this.perJob[j]), elapsedNs, 'per VM')
  }

  /** The metrics of the window since the previous call (the time series); starts the next window. */
  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = jobView(this.winJob, elapsedNs, 'per window')
    for (const js of this.winJob) js.reset()
    return r
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    const names = BLOCK_METRICS
    if (this.completed === 0) {
      const reason = this.ports.length === 0
        ? 'the workload has no client with a virtual disk to measure'
        : this.failed > 0
          ? `every one of the ${this.failed} I/Os that ended in the ${periodText(elapsedNs)} measured after warm-up failed`
          : `no I/O completed in the ${periodText(elapsedNs)} measured after warm-up`
      return {
        values: Object.fromEntries(names.map((k) => [k, null])),
        missing: Object.fromEntries(names.map((k) => [k, reason]))
      }
    }
    // CPU of every domain and the hypervisor on the clients' hosts since the reset (the accounts
    // were reset with the run's statistics; cpuAt is what they held then, 0 after a full reset).
    let cpu = 0
    this.hosts.forEach((h, i) => { cpu += busy(h) - this.cpuAt[i] })
    return {
      values: {
        iops: (this.completed * 1e9) / elapsedNs,
        io_mbps: (this.bytesDone * 8 * 1e3) / elapsedNs,
        io_latency_median_us: this.lat.quantile(0.5) / 1000,
        io_latency_p99_us: this.lat.quantile(0.99) / 1000,
        cpu_per_io_us: cpu / this.completed / 1000
      },
      missing: {}
    }
  }
}

/** What some jobs completed: a latency histogram, I/Os, bytes and failures. */
class JobStats {
  readonly lat = new Quantiles()
  completed = 0
  bytes = 0
  failed = 0

  add(ns: number, bytes: number): void {
    this.lat.record(ns)
    this.completed++
    this.bytes += bytes
  }

  reset(): void {
    this.lat.reset()
    this.completed = 0
    this.bytes = 0
    this.failed = 0
  }
}

/** Block metrics of a set of jobs over `elapsedNs` (cpu_per_io_us null: not attributable `scope`). */
function jobView(jobs: readonly JobStats[], elapsedNs: number, scope: string): WorkloadMetrics {
  const completed = jobs.reduce((a, j) => a + j.completed, 0)
  const failed = jobs.reduce((a, j) => a + j.failed, 0)
  if (completed === 0) {
    const reason = jobs.length === 0
      ? 'no job of the workload runs here'
      : failed > 0 ? `every one of the ${failed} I/Os that ended in the ${periodText(elapsedNs)} failed` : `no I/O completed in the ${periodText(elapsedNs)}`
    return {
      values: Object.fromEntries(BLOCK_METRICS.map((k) => [k, null])),
      missing: Object.fromEntries(BLOCK_METRICS.map((k) => [k, reason]))
    }
  }
  const lat = Quantiles.merged(jobs.map((j) => j.lat))
  const bytes = jobs.reduce((a, j) => a + j.bytes, 0)
  return {
    values: {
      iops: (completed * 1e9) / elapsedNs,
      io_mbps: (bytes * 8 * 1e3) / elapsedNs,
      io_latency_median_us: lat.quantile(0.5) / 1000,
      io_latency_p99_us: lat.quantile(0.99) / 1000,
      cpu_per_io_us: null
    },
    missing: {
      cpu_per_io_us: scope === 'per VM'
        ? 'host CPU (driver domain, hypervisor) is not attributed to one VM\'s I/Os: see the run total and byVm.<vm>.domain_cpu_util'
        : 'CPU is not sampled per window: see the run total'
    }
  }
}

/** CPU time (ns) a host's accounts hold: every domain and the hypervisor. */
function busy(h: HostModel): number {
  const a = h.accounts.busyByAcct
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]
  return s
}

export const block: WorkloadKind = {
  kind: 'block',
  params: BLOCK_PARAMS,
  serverless: true,
  create: () => {
    throw new Error('a block workload drives virtual disks: its clients need an attachment to a storage device')
  },
  createBlock: (ctx, ports, params) => new BlockWorkload(ctx, ports, params)
}
