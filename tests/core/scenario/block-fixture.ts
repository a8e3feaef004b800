// Test fixtures for the block-I/O path (issue 11): a small fake storage device implementing
// BlockDeviceModel (a fixed service time per request on `units` parallel units, FIFO, one
// completion entry and one interrupt per request) and a project with one host, one VM and one
// storage device, built against the project-file contract. The real device models are
// stdevices' (core/models/storage/<kind>/); these tests check the path above the device.
import type { Simulator } from '../../../core/sim'
import type { BlockDeviceModel, BlockQueueSink } from '../../../core/models/storage/block'
import { ProjectSchema, type Project } from '../../../core/project/schema'
import { buildWorld, runBuilt } from '../../../core/scenario/run'
import type { ScenarioResult } from '../../../core/scenario/types'
import type { World } from '../../../core/scenario/world'

export class FakeBlockDevice implements BlockDeviceModel {
  readonly kind = 'nvme' as const
  readonly capacityBytes: number
  readonly queueCount: number
  readonly queueDepth: number
  readonly sinks: (BlockQueueSink | undefined)[]
  /** Most requests held at once on each queue (the driver must keep it ≤ queueDepth). */
  readonly peak: number[]
  submitted = 0
  private readonly held: number[]
  private readonly sim: Simulator
  private readonly serviceNs: number
  private readonly units: number
  private busy = 0
  private readonly fifo: number[] = []
  private readonly fifoQ: number[] = []
  private readonly doneId: number

  constructor(sim: Simulator, readonly id: string, o: { capacityBytes?: number; queues?: number; depth?: number; serviceNs?: number; units?: number } = {}) {
    this.sim = sim
    this.capacityBytes = o.capacityBytes ?? 2 ** 30
    this.queueCount = o.queues ?? 4
    this.queueDepth = o.depth ?? 32
    this.serviceNs = o.serviceNs ?? 20_000
    this.units = o.units ?? 8
    this.sinks = new Array(this.queueCount).fill(undefined)
    this.peak = new Array(this.queueCount).fill(0)
    this.held = new Array(this.queueCount).fill(0)
    this.doneId = sim.register(() => this.finish(), `${id}/done`)
  }

  bindQueue(q: number, sink: BlockQueueSink): void {
    if (q < 0 || q >= this.queueCount) throw new Error(`no queue ${q}`)
    if (this.sinks[q] !== undefined) throw new Error(`queue ${q} of "${this.id}" is taken`)
    this.sinks[q] = sink
  }

  submit(q: number, req: number): void {
    this.submitted++
    this.held[q]++
    this.peak[q] = Math.max(this.peak[q], this.held[q])
    this.fifo.push(req)
    this.fifoQ.push(q)
    this.next()
  }

  private readonly running: [number, number][] = []

  private next(): void {
    while (this.busy < this.units && this.fifo.length > 0) {
      this.busy++
      this.running.push([this.fifo.shift()!, this.fifoQ.shift()!])
      this.sim.schedule(this.serviceNs, this.doneId, 0)
    }
  }

  private finish(): void {
    // fixed service time, FIFO: the oldest running request ends first
    const [req, q] = this.running.shift()!
    this.busy--
    this.held[q]--
    this.sinks[q]!.complete(req, true)
    this.sinks[q]!.interrupt()
    this.next()
  }
}

export interface BlockSetup {
  readonly technique: string
  readonly virtualized?: boolean
  readonly vcpus?: number
  readonly count?: number
  readonly hostParams?: Record<string, unknown>
  readonly workload?: Record<string, unknown>
  readonly duration?: string
  /** The VM is the host's driver domain (native). */
  readonly driverDomain?: boolean
}

/** One host, one VM (or driver domain) with a virtual disk on an NVMe device, and a block experiment "b". */
export function blockProject(s: BlockSetup): Project {
  const vmParams: Record<string, unknown> = { vcpus: s.vcpus ?? 1 }
  if (s.count !== undefined) vmParams.count = s.count
  if (s.driverDomain === true) vmParams.role = 'driver-domain'
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: 'block', seed: 1, variables: {},
    topology: {
      nodes: [
        { id: 'h', kind: 'host', name: 'h', position: { x: 0, y: 0 }, params: { logicalCpus: 4, threadsPerCore: 1, clock: '2.8GHz', iommuEnabled: true, virtualized: s.virtualized ?? true, ...s.hostParams } },
        { id: 'vm', kind: 'vm', name: 'vm', host: 'h', position: { x: 0, y: 0 }, params: vmParams },
        { id: 'ssd', kind: 'nvme', name: 'ssd', host: 'h', position: { x: 0, y: 0 }, params: {} }
      ],
      links: [],
      attachments: [{ id: 'disk', vm: 'vm', device: 'ssd', technique: s.technique }]
    },
    experiments: [{
      id: 'b', name: 'b', duration: s.duration ?? '20ms', warmup: '2ms', replications: 1, stop: {}, sweep: [],
      workloads: [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern: 'randread', blockSize: '4KiB', queueDepth: 4, ...s.workload } }]
    }]
  })
}

/** The fake devices of a run, by id, after `runBlock`. */
export type Devices = Map<string, FakeBlockDevice>

/** Runs experiment "b" of `project` with fake storage devices for its storage nodes. */
export function runBlock(project: Project, seed = 1, device: { serviceNs?: number; units?: number; depth?: number; queues?: number } = {}): { result: ScenarioResult; world: World; devices: Devices } {
  const devices: Devices = new Map()
  const input = { project, experimentId: 'b', seed }
  const built = buildWorld(input, (w) => {
    for (const n of project.topology.nodes) {
      if (['disk', 'ssd', 'nvme', 'storage-array'].includes(n.kind)) {
        const d = new FakeBlockDevice(w.sim, n.id, device)
        devices.set(n.id, d)
        w.blockDevices.set(n.id, d)
      }
    }
  })
  return { result: runBuilt(input, built), world: built.world, devices }
}
