// Block scenarios of the perturbation test (issue 11): one host with a VM whose virtual disk
// ("vd") is on a storage device ("dev": disk, ssd, nvme or a storage array reached over an
// Ethernet link from the host's NIC), an optional second device ("dev2") for RAID and
// replication, and a fio-like block workload in experiment "p". `blockCase` picks, for each
// storage-kind parameter and each virtual-disk parameter, a scenario where it matters (the
// device-level special cases of tests/core/models/storage/perturbation.test.ts and the
// front-end ones of tests/core/models/vdisk-front-params.test.ts, here in whole runs).
import { ProjectSchema, type Project } from '../../../core/project/schema'

const MiB = 1024 ** 2

export type StorageKind = 'disk' | 'ssd' | 'nvme' | 'storage-array'

export interface BlockScenario {
  readonly kind?: StorageKind
  readonly technique?: string
  readonly dev?: Record<string, unknown>
  readonly vdisk?: Record<string, unknown>
  readonly workload?: Record<string, unknown>
  readonly duration?: string
  readonly warmup?: string
  /** A second device of the same kind (RAID and replication members). */
  readonly second?: boolean
  /** Guests with a virtual disk each on the same device (vm, vm2, ...). */
  readonly guests?: number
  readonly vcpus?: number
  readonly hostParams?: Record<string, unknown>
  /** Perturb the first virtual disk ("vd") only, not its neighbours'. */
  readonly firstOnly?: boolean
  /** The perturbed value, when the perturbation test's own rule cannot show the parameter (a limit the scenario must go under). */
  readonly value?: number | string | boolean
  /** Issue 12: the experiment's fault schedule. */
  readonly faults?: readonly Record<string, unknown>[]
  /** Issue 12: a storage array reached over two paths (nic → dev and nic2 → dev). */
  readonly dualPath?: boolean
}

/** The project of a block scenario, experiment "p". */
export function blockScenario(s: BlockScenario): Project {
  const kind = s.kind ?? 'nvme'
  const array = kind === 'storage-array'
  const guests = s.guests ?? 1
  const vms = Array.from({ length: guests }, (_, i) => (i === 0 ? 'vm' : `vm${i + 1}`))
  const nodes: unknown[] = [
    { id: 'h', kind: 'host', name: 'h', position: { x: 0, y: 0 }, params: { logicalCpus: 4, threadsPerCore: 1, clock: '2.8GHz', iommuEnabled: true, ...s.hostParams } },
    ...vms.map((id) => ({ id, kind: 'vm', name: id, host: 'h', position: { x: 0, y: 0 }, params: { vcpus: s.vcpus ?? 1 } })),
    { id: 'dev', kind, name: 'dev', ...(array ? {} : { host: 'h' }), position: { x: 0, y: 0 }, params: { ...s.dev } }
  ]
  if (s.second === true) nodes.push({ id: 'dev2', kind, name: 'dev2', ...(array ? {} : { host: 'h' }), position: { x: 0, y: 0 }, params: { ...s.dev } })
  const links: unknown[] = []
  if (s.technique === 'scalable-io') {
    // a Device Controller fronting the device, reached from the host's Host Gateway over InfiniBand
    nodes.push({ id: 'hg', kind: 'host-gateway', name: 'hg', host: 'h', position: { x: 0, y: 0 }, params: {} },
      { id: 'dc', kind: 'dc', name: 'dc', position: { x: 0, y: 0 }, params: {} })
    links.push({ id: 'hg-dc', kind: 'infiniband', from: 'hg', to: 'dc', params: {} })
  }
  if (array) {
    nodes.push({ id: 'nic', kind: 'nic', name: 'nic', host: 'h', position: { x: 0, y: 0 }, params: {} })
    links.push({ id: 'nic-dev', kind: 'ethernet', from: 'nic', to: 'dev', params: { bandwidth: '10Gbps' } })
    if (s.dualPath === true) {
      nodes.push({ id: 'nic2', kind: 'nic', name: 'nic2', host: 'h', position: { x: 0, y: 0 }, params: {} })
      links.push({ id: 'nic2-dev', kind: 'ethernet', from: 'nic2', to: 'dev', params: { bandwidth: '10Gbps' } })
    }
    if (s.second === true) {
      nodes.push({ id: 'sw', kind: 'switch', name: 'sw', position: { x: 0, y: 0 }, params: {} })
      links.splice(0, 1,
        { id: 'nic-sw', kind: 'ethernet', from: 'nic', to: 'sw', params: { bandwidth: '10Gbps' } },
        { id: 'sw-dev', kind: 'ethernet', from: 'sw', to: 'dev', params: { bandwidth: '10Gbps' } },
        { id: 'sw-dev2', kind: 'ethernet', from: 'sw', to: 'dev2', params: { bandwidth: '10Gbps' } })
    }
  }
  const attachments = vms.map((vm, i) => ({
    id: i === 0 ? 'vd' : `vd${i + 1}`, vm, device: 'dev', technique: s.technique ?? (array ? 'paravirtual' : 'passthrough'),
    params: { ...s.vdisk }, ...(s.second === true ? { devices: ['dev2'] } : {})
  }))
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: 'block-scenario', seed: 1, variables: {},
    topology: { nodes, links, attachments },
    experiments: [{
      id: 'p', name: 'p', duration: s.duration ?? '5ms', warmup: s.warmup ?? '1ms', replications: 1, stop: {}, sweep: [], ...(s.faults !== undefined ? { faults: s.faults } : {}),
      workloads: [{ id: 'fio', kind: 'block', clients: vms, params: { pattern: 'randread', blockSize: '4KiB', queueDepth: 8, ...s.workload } }]
    }]
  })
}

/** The scenario where a parameter of a storage device kind matters (perturbed on "dev" and "dev2"). */
export function deviceCase(kind: StorageKind, key: string): BlockScenario {
  // issue 12: the device fails 3 ms into the run; its commands hang until the command timeout (5 ms here), then fail at once
  if (key === 'commandTimeout') {
    return { kind, technique: kind === 'storage-array' ? undefined : 'paravirtual', dev: { commandTimeout: 5_000_000 }, faults: [{ at: '3ms', kind: 'device-fail', target: 'dev' }], workload: { queueDepth: 4, workingSet: '16MiB' }, duration: '30ms' }
  }
  switch (kind) {
    case 'disk':
      // 2 MiB reads 10 ms apart: the prefetch (≈ 1.25 MB in 10 ms) is capped by the read-ahead size
      if (key === 'readAhead') return { kind, workload: { pattern: 'read', blockSize: '2MiB', queueDepth: 1, thinkTime: '10ms' }, duration: '300ms' }
      // an 8 MiB working set spans two 4-head cylinders, one 8-head cylinder
      if (key === 'heads') return { kind, workload: { queueDepth: 1, workingSet: '8MiB' }, duration: '300ms' }
      if (key === 'writeCache') return { kind, workload: { pattern: 'randwrite', queueDepth: 1 }, duration: '300ms' }
      if (key === 'cacheSize') return { kind, dev: { writeCache: true }, workload: { pattern: 'randwrite', queueDepth: 4 }, duration: '1s' }
      return { kind, workload: { queueDepth: key === 'queueDepth' ? 32 : 8 }, duration: '300ms' }
    case 'ssd':
      if (key === 'flashProgramTime' || key === 'writeBuffer') return { kind, workload: { pattern: 'randwrite', blockSize: '64KiB', queueDepth: 8 }, duration: '200ms' }
      // dies decide only when neither the channels, the controller nor the SATA link is the limit
      if (key === 'diesPerChannel') return { kind, dev: { channelRate: 1.6e9, interfaceRate: 24e9, controllerTime: 1000 }, workload: { queueDepth: 32 }, duration: '10ms' }
      return { kind, workload: { queueDepth: key === 'queueDepth' ? 32 : 8 }, duration: '10ms' }
    case 'nvme':
      // writes faster than the flash programs them (a host bus that is not the limit): the buffer fills
      if (key === 'flashProgramTime' || key === 'writeBuffer') return { kind, hostParams: { pciBusBandwidth: '256Gbps' }, workload: { pattern: 'randwrite', blockSize: '128KiB', queueDepth: 32 }, duration: '100ms' }
      // the controller the limit
      if (key === 'controllerCores') return { kind, dev: { controllerTime: 100_000 }, workload: { queueDepth: 32 } }
      // more jobs on more vCPUs than I/O queues
      if (key === 'ioQueues') return { kind, vcpus: 4, dev: { ioQueues: 2 }, workload: { queueDepth: 8, jobs: 4 } }
      if (key === 'irqCoalesceCount') return { kind, dev: { irqCoalesceTime: 100_000 }, workload: { queueDepth: 32 } }
      if (key === 'irqCoalesceTime') return { kind, dev: { irqCoalesceCount: 8 }, workload: { queueDepth: 32 } }
      // two SR-IOV guests on a VF each: one VF fewer is refused
      if (key === 'vfCount') return { kind, technique: 'sriov', guests: 2, dev: { vfCount: 2 }, value: 1 }
      // more requests outstanding than a queue holds
      if (key === 'queueDepth') return { kind, dev: { queueDepth: 16 }, workload: { queueDepth: 32 } }
      return { kind, workload: { queueDepth: 32 } }
    case 'storage-array':
      if (key === 'cacheSize') return { kind, dev: { cacheSize: 2 * MiB }, workload: { workingSet: '4MiB', queueDepth: 4 }, warmup: '100ms', duration: '100ms' }
      if (key === 'targetCores') return { kind, dev: { targetCommandTime: 200_000 }, workload: { workingSet: '4MiB', queueDepth: 16 }, duration: '50ms' }
      if (key === 'queueDepth') return { kind, workload: { queueDepth: 64, workingSet: '1GiB' }, duration: '100ms' }
      // a session per virtual disk: one session fewer than the disks is refused
      if (key === 'sessions') return { kind, guests: 2, dev: { sessions: 2 }, value: 1, workload: { queueDepth: 8, workingSet: '1GiB' }, duration: '20ms' }
      // PARDA (issue 12): two VMs of one host keep 128 I/Os queued, more than the window the control
      // law settles at (≈ 75, above w_max = 64); a 10 ms control period converges within the run
      if (key.startsWith('parda')) return { kind, guests: 2, dev: { parda: true, pardaPeriod: '10ms', pardaAlpha: 0.5 }, workload: { queueDepth: 64 }, warmup: '100ms', duration: '200ms' }
      if (key.startsWith('initiator') && key !== 'initiatorCyclesPerKiB') return { kind, workload: { queueDepth: 1, workingSet: '1MiB' }, warmup: '20ms', duration: '20ms' }
      return { kind, workload: { pattern: 'randrw', queueDepth: 8, workingSet: '1GiB' }, duration: '100ms' }
  }
}

const PV: BlockScenario = { technique: 'paravirtual' }
const EMU: BlockScenario = { technique: 'emulated' }
const W = (pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ pattern, ...extra })

/** The scenario where a virtual-disk (attachment) parameter matters (perturbed on "vd"). */
export function vdiskCase(key: string): BlockScenario {
  const front: Record<string, BlockScenario> = {
    controller: EMU,
    paravirtDriver: PV,
    ideLba48Accesses: EMU,
    ahciIssueAccesses: { ...EMU, vdisk: { controller: 'ahci' } },
    ahciIrqAccesses: { ...EMU, vdisk: { controller: 'ahci' } },
    scsiIssueAccesses: { ...EMU, vdisk: { controller: 'scsi' } },
    scsiIrqAccesses: { ...EMU, vdisk: { controller: 'scsi' } },
    scsiReplyAccesses: { ...EMU, vdisk: { controller: 'scsi' } },
    // more requests outstanding than the controller's queue, on a slow device
    scsiQueueDepth: { ...EMU, kind: 'disk', vdisk: { controller: 'scsi' }, workload: { queueDepth: 64 }, duration: '100ms' },
    blkbackRequestCycles: { ...PV, vdisk: { paravirtDriver: 'blkfront' } },
    // 48 KiB = 12 pages: two ring requests with 11 segments, one with 22
    blkifSegments: { ...PV, vdisk: { paravirtDriver: 'blkfront' }, workload: { blockSize: '48KiB', queueDepth: 32 }, duration: '20ms' },
    blkifRingSlots: { ...PV, kind: 'disk', vdisk: { paravirtDriver: 'blkfront' }, workload: { queueDepth: 64 }, duration: '100ms' },
    virtioQueueSize: { ...PV, kind: 'disk', workload: { queueDepth: 256 }, duration: '100ms' },
    virtioNotifySuppression: { ...PV, workload: { queueDepth: 32 } },
    vpioModelUpdateCycles: { technique: 'vpio', kind: 'ssd' },
    vpioDmaValidateCycles: { technique: 'vpio', kind: 'ssd' },
    vpioBadDmaRate: { technique: 'vpio', kind: 'ssd' },
    vpioContextSwitch: { technique: 'vpio', kind: 'ssd', guests: 2, workload: { queueDepth: 4 } },
    commandsPerProgram: { technique: 'scalable-io', workload: { queueDepth: 32 } },
    coalesceCount: PV,
    // fewer requests outstanding than the count: every virtual interrupt waits for the timeout
    coalesceTimeout: { ...PV, vdisk: { coalesceCount: 4 }, workload: { queueDepth: 2 } }
  }
  if (key in front) return front[key]
  // dm-multipath (issue 12): a storage array over two paths; the first path's link goes down 3 ms into the run
  const lost = (until?: string): Record<string, unknown>[] => [{ at: '3ms', kind: 'link-down', target: 'nic-dev', ...(until !== undefined ? { until } : {}) }]
  const arr = { kind: 'storage-array' as const, ...PV, dev: { commandTimeout: 2_000_000 }, workload: { queueDepth: 4, workingSet: '4MiB' }, duration: '20ms' }
  // cached 64 KiB reads fill one 10 Gb/s path; round-robin adds the second
  if (key === 'multipathPolicy') return { ...arr, dualPath: true, workload: { blockSize: '64KiB', queueDepth: 16, workingSet: '4MiB' }, warmup: '20ms' }
  if (key === 'pathCheckInterval') return { ...arr, vdisk: { pathCheckInterval: 4_000_000 }, faults: lost('6ms') }
  if (key === 'noPathRetry') return { ...arr, faults: lost() }
  // storage QoS (issue 12): two guests' disks on an NVMe SSD whose one controller core is the limit (≈ 10,000 IOPS)
  const qos = (vdisk: Record<string, unknown>, value?: number): BlockScenario => ({
    ...PV, guests: 2, firstOnly: true, vdisk, value, dev: { controllerCores: 1, controllerTime: 100_000 }, workload: { queueDepth: 32 }, duration: '20ms'
  })
  if (key === 'iopsReservation') return qos({ ioShares: 100 }, 4000)
  if (key === 'iopsLimit') return qos({}, 2000)
  if (key === 'ioShares') return qos({})
  if (key === 'mclockQueueDepth') return qos({ ioShares: 2000 })
  if (key.startsWith('ide') || key.startsWith('diskModel') || key === 'guestDriverCycles' || key === 'emulDataCopy') return EMU
  if (key.startsWith('virtio') || key === 'pvFrontCycles') return PV
  // back end: the paravirtual path's back end in the driver domain, writes where a stage acts on them
  const back = (vdisk: Record<string, unknown>, workload: Record<string, unknown> = W('randwrite'), extra: BlockScenario = {}): BlockScenario =>
    ({ ...PV, vdisk, workload, duration: '10ms', ...extra })
  switch (key) {
    case 'backend': case 'interpose': case 'cache': return back({}, W('randrw'))
    // software encryption of 64 KiB reads saturates the driver domain's vCPU; a hypervisor thread takes it off
    case 'backendWhere': return back({ interpose: 'encryption', aesInstructions: false }, W('randread', { blockSize: '64KiB', queueDepth: 16 }))
    case 'replicas': case 'replicaCyclesPerRequest': return back({ interpose: 'replication', replicas: 2 }, W('randwrite'), { second: true })
    case 'aesInstructions': case 'aesCyclesPerByteNi': return back({ interpose: 'encryption' }, W('randrw', { blockSize: '64KiB' }))
    case 'aesCyclesPerByteSoft': return back({ interpose: 'encryption', aesInstructions: false }, W('randrw', { blockSize: '64KiB' }))
    case 'undoLogCycles': return back({ interpose: 'undo-log' })
    case 'raid': return back({}, W('randrw', { blockSize: '1MiB' }), { second: true })
    case 'raidStripeBytes': case 'raidCyclesPerRequest': return back({ raid: 'raid0' }, W('randread', { blockSize: '1MiB' }), { second: true })
    case 'cacheBytes': return back({ cache: 'write-through', cacheBytes: '1MiB' }, W('randread', { workingSet: '1536KiB', queueDepth: 16 }), { duration: '20ms' })
    case 'cacheLookupCycles': return back({ cache: 'write-through' }, W('randrw'))
    // the flusher's period and the dirty age at their shortest, so a short run sees write-back
    case 'cacheDirtyExpire': case 'cacheWritebackInterval':
      return back({ cache: 'write-back', cacheDirtyExpire: '2ms', cacheWritebackInterval: '1ms' }, W('randwrite'), { duration: '20ms' })
    // a small cache on a slow disk whose dirty thresholds (not the expiry) start and throttle the write-back
    case 'cacheDirtyRatio': case 'cacheDirtyBackgroundRatio': case 'cacheFlushDepth':
      return back({ cache: 'write-back', cacheBytes: 4 * MiB }, W('randwrite', { queueDepth: 32 }), { kind: 'disk', duration: '100ms' })
  }
  // a small working set: the chunk (cluster) size decides how many first writes copy (allocate)
  if (key.startsWith('snapshot')) return back({ interpose: 'snapshot-cow' }, W('randwrite', { workingSet: '1MiB' }))
  if (key.startsWith('compress') || key.startsWith('decompress')) return back({ interpose: 'compression' }, W('randrw'))
  if (key.startsWith('dedup')) return back({ interpose: 'dedup' }, W('randrw'))
  if (key === 'imageClusterBytes') return back({ backend: 'image' }, W('randwrite', { workingSet: '4MiB' }))
  if (key.startsWith('fs') || key.startsWith('image')) return back({ backend: 'image' }, W('randrw'))
  throw new Error(`no block scenario for the virtual-disk parameter ${key}`)
}
