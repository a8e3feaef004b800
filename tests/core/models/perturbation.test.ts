// Every catalog parameter is live: in a scenario that exercises it, perturbing it (× 2 or
// ÷ 2 within its bounds, another enum option, a boolean flipped, a zero default raised)
// must move some output metric — or, for a limit, make the model refuse the configuration
// with a clear message. Parameters marked `descriptive` are the only ones excluded. Each
// scenario is a short run (tens of simulated ms) of a shipped example with one added
// experiment, so the whole sweep stays well under a minute.
import { describe, expect, it } from 'vitest'
import { CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER, type ComponentKind, type LinkKind, type ParamSpec } from '../../../core/models/catalog'
import type { Project } from '../../../core/project/index'
import { runScenario } from '../../../core/scenario/index'
import { at, loadExample } from '../scenario/helpers'
import { blockProject, runBlock } from '../scenario/block-fixture'
import { VDISK_PARAMS } from '../../../core/models/storage/vdisk/params'
import { blockScenario, deviceCase, vdiskCase, type StorageKind } from './block-cases'

const SHOOTOUT = loadExample('technique-shootout.iovlab.json')
const RAJ = loadExample('raj2006-np-nic.iovlab.json')
const SIO = loadExample('scalable-io-dc.iovlab.json')
const VPIO = loadExample('vpio-ne2k.iovlab.json')

type Wl = 'ping' | 'stream' | 'io'
type WorkloadSpec = Project['experiments'][number]['workloads'][number]
const PING = (clients: string, servers: string): WorkloadSpec =>
  ({ id: 'ping', kind: 'ping', pattern: 'n,n:1x1', clients, servers, params: { probeBytes: '64B', waitMax: '1ms' } })
const STREAM = (id: string, clients: string, servers: string, params: Record<string, string | number> = {}): WorkloadSpec =>
  ({ id, kind: 'stream', pattern: 'n,n:1x1', clients, servers, params })

/** `base` with one experiment "p": the given workloads between client and server groups, short. */
function exp(base: Project, clients: string, servers: string, wls: readonly Wl[], duration = '20ms', sets: Record<string, unknown> = {}, stream: Record<string, string | number> = {}): Project {
  const p = structuredClone(at(base, sets))
  p.experiments.push({
    id: 'p', name: 'p', replications: 1, stop: {}, sweep: [], duration, warmup: '5ms',
    workloads: wls.map((k): WorkloadSpec => k === 'ping'
      ? PING(clients, servers)
      : k === 'stream'
        ? STREAM('stream', clients, servers, stream)
        : { id: 'ops', kind: 'io-program', clients, params: { commands: 4, combine: true, bytesPerCommand: '4KiB', outstanding: 2 } })
  })
  return p
}

const nic = (technique: string, sets: Record<string, unknown> = {}, wls: readonly Wl[] = ['ping', 'stream']): Project =>
  exp(SHOOTOUT, 'nic-guests-a', 'nic-guests-b', wls, '20ms', { 'variables.nicTechnique': technique, ...sets })
const np = (sets: Record<string, unknown> = {}): Project => exp(RAJ, 'guests-a', 'guests-b', ['ping', 'stream'], '20ms', sets)
const sio = (sets: Record<string, unknown> = {}): Project => exp(SIO, 'consumers', 'consumers', ['io'], '10ms', sets)
const dcNet = (sets: Record<string, unknown> = {}): Project => exp(SHOOTOUT, 'dc-guests-a', 'dc-guests-b', ['ping', 'stream'], '20ms', sets)

/** The raj2006 topology without its explicit driver-domain VMs: the hosts' implicit driver domains serve paravirtual guests. */
function implicitDom0(sets: Record<string, unknown> = {}, duration = '20ms'): Project {
  const p = structuredClone(at(RAJ, { 'variables.technique': 'paravirtual', ...sets }))
  p.topology.nodes = p.topology.nodes.filter((n) => !n.id.startsWith('dom0'))
  return exp(p, 'guests-a', 'guests-b', ['ping', 'stream'], duration)
}

/**
 * A live migration (issue 12, core/scenario/migration.ts) of nic-guests-a to host-b during a short
 * ping: a 1 MiB guest whose 256 KiB writable working set it dirties at 100 Mbit/s, so pre-copy runs
 * a few rounds (from 150 Mbit/s, at most 800) before its stop-and-copy within the 200 ms run.
 */
function migrating(technique = 'paravirtual', sets: Record<string, unknown> = {}, wls: readonly Wl[] = ['ping'], duration = '200ms'): Project {
  const vm = (k: string): string => `topology.nodes.nic-guests-a.params.${k}`
  const p = exp(SHOOTOUT, 'nic-guests-a', 'nic-guests-b', wls, duration, {
    'variables.nicTechnique': technique, [vm('memorySize')]: '1MiB', [vm('writableWorkingSet')]: '256KiB', [vm('dirtyRate')]: '100Mbps',
    [vm('migrationMinRate')]: '150Mbps', [vm('migrationMaxRate')]: '800Mbps',
    ...Object.fromEntries(Object.entries(sets).map(([k, v]) => [vm(k), v]))
  })
  p.experiments[p.experiments.length - 1].migrations = [{ vm: 'nic-guests-a', to: 'host-b', at: '6ms' }]
  // after the switch-over the guest runs paravirtual on host-b (core/scenario/rehome.ts): its peer on a VF leaves nic-b to share
  if (technique === 'passthrough') p.topology.attachments.find((a) => a.vm === 'nic-guests-b')!.technique = 'sriov'
  return p
}
const MIGRATION_KEYS = ['memorySize', 'dirtyRate', 'writableWorkingSet', 'migrationMaxRounds', 'migrationStopPages', 'migrationMaxFactor', 'migrationMinRate', 'migrationMaxRate', 'migrationRateIncrement', 'migrationWindow', 'deviceStateBytes', 'migrationCyclesPerPage', 'migrationFailover', 'failoverOutage']

/**
 * Bonding (issue 12, faults): nic-guests-a bonded over nic-a and a second SR-IOV NIC, whose first
 * link goes down 9 ms into the run; the MII monitor (4 ms here, 8 ms perturbed) sees it at its next poll.
 */
function bonded(): Project {
  // a stream only, with a short minimum RTO: TCP recovers after the failover within the run (a ping waits for its lost probe)
  const p = exp(SHOOTOUT, 'nic-guests-a', 'nic-guests-b', ['stream'], '20ms', { 'variables.nicTechnique': 'sriov', 'topology.nodes.nic-guests-a.params.bondMiimon': '4ms' }, { minRto: '1ms' })
  p.topology.nodes.push({ id: 'nic-a2', kind: 'nic', name: 'nic-a2', position: { x: 0, y: 0 }, host: 'host-a', params: { sriovEnabled: true } } as Project['topology']['nodes'][number])
  p.topology.links.push({ id: 'nic-a2-sw', kind: 'ethernet', from: 'nic-a2', to: 'sw', params: {} } as Project['topology']['links'][number])
  p.topology.attachments.push({ id: 'nic-guests-a-nic2', vm: 'nic-guests-a', device: 'nic-a2', technique: 'sriov' } as Project['topology']['attachments'][number])
  p.experiments.find((e) => e.id === 'p')!.faults = [{ at: '9ms', kind: 'link-down', target: 'nic-a-sw' }]
  return p
}

/**
 * CPU contention on every logical CPU of host-a for longer than a credit accounting period
 * (so credits, weights, caps and reservations decide): four SR-IOV and four self-
 * virtualized guests, allowed on any CPU, stream with a costly TCP send path; the driver
 * domains ping natively meanwhile (wake-ups among busy CPUs: boost and rate limit). With
 * `implicitDriverDomain`, the NIC guests are paravirtual and the hosts' implicit driver
 * domains (their weight) compete for the busy CPUs.
 */
function contended(implicitDriverDomain = false): Project {
  const p = structuredClone(at(SHOOTOUT, {
    'variables.guests': 4, 'variables.nicTechnique': implicitDriverDomain ? 'paravirtual' : 'sriov', 'topology.nodes.nic-guests-a.params.placement': 'any',
    'topology.nodes.np-guests-a.params.placement': 'any', 'topology.nodes.host-a.params.tcpSendCycles': 300_000
  }))
  if (implicitDriverDomain) p.topology.nodes = p.topology.nodes.filter((n) => !n.id.startsWith('dom0'))
  p.experiments.push({
    id: 'p', name: 'p', replications: 1, stop: {}, sweep: [], duration: '100ms', warmup: '10ms',
    workloads: [
      ...(implicitDriverDomain ? [] : [PING('dom0-a', 'dom0-b')]),
      STREAM('s1', 'nic-guests-a', 'nic-guests-b'),
      STREAM('s2', 'np-guests-a', 'np-guests-b')
    ]
  })
  return p
}

/** Two guests' interfaces on one netback (issue 12 QoS): nic-guests and a second VM "other" stream through the driver domain of host-a. */
function twoVifs(sets: Record<string, unknown> = {}, technique = 'paravirtual'): Project {
  const p = exp(SHOOTOUT, 'nic-guests-a', 'nic-guests-b', ['ping', 'stream'], '20ms', { 'variables.nicTechnique': technique, ...sets })
  for (const side of ['a', 'b']) {
    p.topology.nodes.push({ id: `other-${side}`, kind: 'vm', host: `host-${side}`, params: {} } as Project['topology']['nodes'][number])
    p.topology.attachments.push({ id: `other-${side}-nic`, vm: `other-${side}`, device: `nic-${side}`, technique } as Project['topology']['attachments'][number])
  }
  p.experiments[p.experiments.length - 1].workloads.push(STREAM('other', 'other-a', 'other-b'))
  return p
}

/** A slow receiver on the NP-NIC side (host-b's TCP receive dearer than a frame time) and a large window: receive queues fill. */
const npSlowRx = (): Project => exp(RAJ, 'guests-a', 'guests-b', ['stream'], '60ms',
  { 'topology.nodes.host-b.params.tcpRecvCycles': 100_000, 'topology.nodes.np-b.params.bounceBufferEntries': 4 }, { window: '1MiB' })

/**
 * `paths`: the parameter paths perturbed, when not the node (or link) and its twin: the storage
 * device and its RAID/replica twin "dev2", a virtual disk's attachment (and its neighbours').
 */
interface Case { project: Project; node: string; paths?: string[]; value?: number | string | boolean }

const STORAGE_KINDS = new Set<string>(['disk', 'ssd', 'nvme', 'storage-array'])

/** A block scenario (./block-cases.ts): the device's parameter on "dev" (and "dev2"), a virtual disk's on every attachment. */
function blockCase(kind: ComponentKind | 'vdisk', key: string): Case {
  const scenario = kind === 'vdisk' ? vdiskCase(key) : deviceCase(kind as StorageKind, key)
  const project = blockScenario(scenario)
  const paths = kind === 'vdisk'
    ? project.topology.attachments.filter((a) => scenario.firstOnly !== true || a.id === 'vd').map((a) => `topology.attachments.${a.id}.params.${key}`)
    : project.topology.nodes.filter((n) => n.id === 'dev' || n.id === 'dev2').map((n) => `topology.nodes.${n.id}.params.${key}`)
  return { project, node: kind === 'vdisk' ? 'vd' : 'dev', paths, value: scenario.value }
}

/** The scenario that exercises a parameter, and the node (or link) whose parameter is perturbed (with its "-b" twin). */
function caseFor(kind: ComponentKind | LinkKind | 'vdisk', key: string, link: boolean): Case {
  if (kind === 'vdisk' || STORAGE_KINDS.has(kind)) return blockCase(kind as ComponentKind | 'vdisk', key)
  const attackCase = protectionCase(kind, key)
  if (attackCase !== undefined) return attackCase
  const memoryCase = overcommitCase(kind, key)
  if (memoryCase !== undefined) return memoryCase
  if (link) {
    if (kind === 'ethernet') return { project: nic('passthrough'), node: 'nic-a-sw' }
    return { project: sio({ 'topology.links.hg-dc.kind': kind }), node: 'hg-dc' }
  }
  switch (kind) {
    case 'host': {
      // the block-I/O path (issue 11): a guest's own driver on a (fake) NVMe device; at merge, the storage example
      if (key.startsWith('block')) return { project: BLOCK, node: 'h' }
      if (['iommuEnabled', 'iotlbEntries', 'iotlbMissLatency', 'iommuPageSize', 'virqCoalesceDelay', 'virtualized', 'vmExitIndirectCycles', 'interruptDelivery'].includes(key)) return { project: nic('passthrough'), node: 'host-a' }
      if (key === 'vmExitCycles') return { project: nic('emulated'), node: 'host-a' }
      if (key === 'checksumBandwidth') return { project: nic('passthrough', { 'topology.nodes.nic-a.params.checksumOffload': false, 'topology.nodes.nic-b.params.checksumOffload': false }), node: 'host-a' }
      if (['pciWriteBandwidth', 'pciWriteLatency', 'pciReadLatency', 'bridgeHopLatency', 'irqVirtDispatchCycles', 'rawSocketCycles'].includes(key)) return { project: np(), node: 'host-a' }
      if (key.startsWith('pciBus')) return { project: nic('passthrough', { 'topology.nodes.host-a.params.pciBusBandwidth': '100Mbps', 'topology.nodes.host-b.params.pciBusBandwidth': '100Mbps' }), node: 'host-a' }
      if (key === 'netbackScheduler') return { project: twoVifs(), node: 'host-a' }
      if (key === 'driverDomainWeight' || key === 'driverDomainReservation') {
        return { project: contended(true), node: 'host-a' }
      }
      if (['cacheWarmDomains', 'cacheLineTransferCycles', 'crossCpuHandoffLines', 'signalDomainLines'].includes(key)) return { project: np({ 'variables.guests': 8 }), node: 'host-a' }
      if (key.startsWith('driverDomain') || key === 'guestPlacement') return { project: implicitDom0(), node: 'host-a' }
      if (key === 'pvGso') return { project: nic('paravirtual', { 'topology.nodes.nic-a.params.tsoEnabled': true, 'topology.nodes.nic-b.params.tsoEnabled': true }), node: 'host-a' }
      if (key === 'grantCopyCycles') return { project: nic('paravirtual', { 'topology.nodes.host-a.params.pvRxMode': 'grant-copy', 'topology.nodes.host-b.params.pvRxMode': 'grant-copy' }), node: 'host-a' }
      if (key === 'netbackQueues') return { project: nic('paravirtual', { 'variables.guests': 4, 'topology.nodes.dom0-a.params.vcpus': 2, 'topology.nodes.dom0-b.params.vcpus': 2 }), node: 'host-a' }
      if (['schedulerTimeslice', 'schedulerTick', 'schedulerRatelimit', 'boostOnWake', 'threadsPerCore', 'htSlowdown'].includes(key)) return { project: contended(), node: 'host-a' }
      return { project: nic('paravirtual'), node: 'host-a' }
    }
    case 'vm':
      if (MIGRATION_KEYS.includes(key)) {
        // each control in a run where it decides: rounds run out with no stop threshold, the volume cap
        // with the whole memory hot, the window on a link a stream keeps busy, the failover with pass-through
        if (key === 'migrationMaxRounds') return { project: migrating('paravirtual', { migrationStopPages: 0, migrationMaxFactor: 100, migrationMaxRate: '10Gbps' }, ['ping'], '400ms'), node: 'nic-guests-a' }
        if (key === 'migrationMaxFactor') return { project: migrating('paravirtual', { writableWorkingSet: '1MiB', dirtyRate: '400Mbps', migrationStopPages: 0, migrationMaxRate: '10Gbps' }, ['ping'], '400ms'), node: 'nic-guests-a' }
        if (key === 'migrationWindow') return { project: migrating('paravirtual', { migrationMinRate: '1Gbps' }, ['ping', 'stream']), node: 'nic-guests-a' }
        if (key === 'migrationFailover' || key === 'failoverOutage') return { project: migrating('passthrough', { migrationFailover: 'bond-to-paravirtual', failoverOutage: '10ms' }), node: 'nic-guests-a' }
        return { project: migrating(), node: 'nic-guests-a' }
      }
      if (key === 'vpioHookedFraction') return { project: nic('vpio'), node: 'nic-guests-a' }
      if (key === 'driverStyle') return { project: nic('emulated'), node: 'nic-guests-a' }
      if (['weight', 'cap', 'reservation', 'pinCpu', 'placement'].includes(key)) return { project: contended(), node: 'nic-guests-a' }
      if (key === 'netShares') return { project: twoVifs({ 'topology.nodes.host-a.params.netbackScheduler': 'wfq' }), node: 'nic-guests-a' }
      if (key === 'vfTxWeight') return { project: twoVifs({}, 'sriov'), node: 'nic-guests-a' } // two VFs saturating one port (issue 12)
      if (key === 'netRateInterval') return { project: nic('paravirtual', { 'topology.nodes.nic-guests-a.params.netRateLimitMbps': 50 }), node: 'nic-guests-a' }
      if (key === 'bondMode' || key === 'bondMiimon') return { project: bonded(), node: 'nic-guests-a' }
      if (key === 'role') return { project: implicitDom0(), node: 'guests-a' }
      if (key === 'vcpus') return { project: nic('paravirtual'), node: 'dom0-a' }
      return { project: nic('paravirtual'), node: 'nic-guests-a' }
    case 'nic': {
      if (key.startsWith('vpio')) {
        // a DMA-style (SCSI-like) driver makes VPIO validate DMA targets; denied DMAs need a misbehaving driver
        const dma = ['vpioDmaValidateCycles', 'vpioBadDmaRate', 'vpioDeniedDma'].includes(key)
        const sets = key === 'vpioContextSwitch' ? { 'variables.guests': 2 }
          : dma ? { 'variables.driverStyle': 'scsi-style', 'variables.badDma': key === 'vpioDeniedDma' ? 0.05 : 0 } : {}
        // a denied segment is recovered by retransmission: a short minimum RTO keeps the flow going in a short run
        return { project: exp(VPIO, 'guests-a', 'guests-b', key === 'vpioDeniedDma' ? ['stream'] : ['ping', 'stream'], '50ms', sets, { minRto: '1ms' }), node: 'nic-a' }
      }
      if (key === 'emulAccessesIde') return { project: nic('emulated', { 'variables.driverStyle': 'ide-style' }), node: 'nic-a' }
      if (key === 'emulAccessesScsi') return { project: nic('emulated', { 'variables.driverStyle': 'scsi-style' }), node: 'nic-a' }
      if (key.startsWith('e1000')) return { project: nic('emulated', { 'variables.driverStyle': 'e1000' }), node: 'nic-a' }
      if (key.startsWith('emul') || key.startsWith('ne2k')) return { project: nic('emulated'), node: 'nic-a' }
      if (key === 'pioAccessLatency') return { project: exp(VPIO, 'guests-a', 'guests-b', ['ping'], '20ms'), node: 'nic-a' }
      if (['vfCount', 'msixVectors', 'msixVectorsPerVf', 'sriovEnabled', 'l2DemuxLatency'].includes(key)) return { project: nic('sriov', { 'variables.guests': 4, 'topology.nodes.nic-a.params.msixVectors': 4 }), node: 'nic-a' }
      if (key === 'tsoMaxBytes') return { project: nic('passthrough', { 'topology.nodes.nic-a.params.tsoEnabled': true, 'topology.nodes.nic-b.params.tsoEnabled': true }), node: 'nic-a' }
      if (key === 'lroEnabled' || key === 'lroMaxBytes') {
        // a CPU-bound receiver (the driver domains streaming natively): its NAPI polls take several
        // frames, which GRO merges (core/techniques/common/napi.ts)
        const on = key === 'lroMaxBytes' ? { 'topology.nodes.nic-a.params.lroEnabled': true, 'topology.nodes.nic-b.params.lroEnabled': true } : {}
        return { project: exp(SHOOTOUT, 'dom0-a', 'dom0-b', ['ping', 'stream'], '20ms', { 'topology.nodes.host-b.params.tcpRecvCycles': 100_000, ...on }), node: 'nic-a' }
      }
      if (key === 'irqCoalesceDelay') return { project: nic('passthrough', { 'topology.nodes.nic-a.params.irqCoalesceFrames': 4, 'topology.nodes.nic-b.params.irqCoalesceFrames': 4 }), node: 'nic-a' }
      if (key === 'irqCoalesceFrames') return { project: nic('passthrough', { 'topology.nodes.nic-a.params.irqCoalesceDelay': '20us', 'topology.nodes.nic-b.params.irqCoalesceDelay': '20us' }), node: 'nic-a' }
      return { project: nic('passthrough'), node: 'nic-a' }
    }
    case 'np-nic':
      if (key === 'identifierBits' || key === 'idSharing' || key === 'signalOrder') return { project: np({ 'variables.guests': 8, 'variables.bits': 4 }), node: 'np-a' }
      if (key === 'ingressMes') return { project: np({ 'topology.nodes.np-b.params.meDemuxCycles': 20_000 }), node: 'np-b' }
      if (key === 'sendQueueSlots' || key === 'sdramSize') {
        return { project: exp(RAJ, 'guests-a', 'guests-b', ['stream'], '60ms', { 'variables.guests': 8, 'topology.nodes.np-a.params.mePktTxCycles': 30_000 }, { window: '1MiB' }), node: 'np-a' }
      }
      if (key === 'vifLimit') return { project: np({ 'variables.guests': 2 }), node: 'np-a' }
      if (key === 'hostWindow' || key.startsWith('bounce')) return { project: npSlowRx(), node: 'np-b' }
      if (key === 'phyMes') return { project: np({ 'topology.nodes.np-b.params.mePktRxCycles': 20_000 }), node: 'np-b' }
      return { project: np({ 'variables.guests': 2 }), node: 'np-a' }
    case 'dc':
      if (['tcpSendCycles', 'tcpRecvCycles', 'memCopyBandwidth'].includes(key)) return { project: dcNet(), node: 'dc-a' }
      if (key === 'deviceQueueDepth') return { project: sio({ 'variables.consumers': 4, 'topology.nodes.dc.params.deviceService': '50us' }), node: 'dc' }
      if (key === 'interruptCycles') return { project: sio({ 'topology.nodes.dc.params.mode': 'interrupt' }), node: 'dc' }
      return { project: sio(), node: 'dc' }
    case 'host-gateway':
      return { project: sio(key === 'maxConcurrentFaults' || key === 'ioPageFault' ? { 'topology.nodes.hg.params.ioPageFaultRate': 0.3 } : key === 'pinCyclesPerPage' ? { 'topology.nodes.hg.params.pinMode': 'static' } : {}), node: 'hg' }
    case 'switch':
      // a slower link towards nic-b makes frames queue in the switch's output buffer
      return { project: nic('passthrough', key === 'portBuffer' ? { 'topology.links.nic-b-sw.params.bandwidth': '100Mbps' } : {}), node: 'sw' }
    default:
      throw new Error(`no scenario for ${kind}.${key}`)
  }
}

/** Values for parameters whose default is 0 (or another value × 2 cannot move). */
const RAISE: Record<string, number | string> = {
  schedulerRatelimit: 1_000_000, reservation: 90, cap: 5, driverDomainWeight: 16, driverDomainCap: 20, driverDomainReservation: 90, netRateLimitMbps: 50, pinCpu: 3, irqCpu: 1, virqCoalesceDelay: 50_000,
  irqCoalesceDelay: 50_000, bondMiimon: 8_000_000, msiVectors: 8, vpioBadDmaRate: 0.2, forgedCredentialRate: 0.3, ioPageFaultRate: 0.3,
  propagationDelay: 50_000, perMessageDelay: 20_000, ports: 2, mtu: 700, sdramSize: 1024 * 1024,
  sendQueueSlots: 1, hostWindow: 64 * 1024, iotlbEntries: 2, pvRingSlots: 4, netbackQueues: 2, lineRate: 100e6, bandwidth: 100e6,
  vfCount: 2, contextsPerMe: 1, vifLimit: 1, maxOutstanding: 1, deviceQueueDepth: 1, pdmaChunk: 512,
  maxConcurrentFaults: 1, viommuBatch: 1, viommuTeardown: 100_000, portBuffer: 2048, tsoMaxBytes: 2048, lroMaxBytes: 4096, irqCoalesceTime: 50_000
}

/** The perturbed value; booleans and enums move away from the value the scenario sets (else the default). */
function perturb(spec: ParamSpec, current: unknown = spec.default): number | string | boolean {
  if (spec.key in RAISE) return RAISE[spec.key]
  const v = typeof current === typeof spec.default && typeof current !== 'number' ? (current as string | boolean) : spec.default
  if (typeof v === 'boolean') return !v
  if (typeof v === 'string') {
    const opts = spec.options ?? []
    return opts[(opts.indexOf(v) + 1) % opts.length]
  }
  let x = v === 0 ? Math.max(1, spec.min ?? 1) : v * 2
  if (spec.max !== undefined && x > spec.max) x = v / 2
  if (spec.integer) x = Math.round(x)
  if (spec.min !== undefined && x < spec.min) x = spec.min
  return x
}

type Outcome = string

/** A short block run on a fake NVMe device (tests/core/scenario/block-fixture.ts): storage device models join on another branch. */
const BLOCK = { ...blockProject({ technique: 'passthrough', duration: '5ms', workload: { queueDepth: 4 } }), name: 'block-perturbation' }

function outcome(project: Project): Outcome {
  try {
    if (project.name === BLOCK.name) return JSON.stringify(runBlock(project).result.metrics)
    return JSON.stringify(runScenario({ project, experimentId: 'p', seed: 1 }).metrics)
  } catch (e) {
    return `error: ${(e as Error).message}`
  }
}

/** The node (or link) and its twin on the other side of a symmetric topology ("x-a" and "x-b", "a-sw" and "b-sw"). */
function twins(c: Case, link: boolean): string[] {
  const all = link ? c.project.topology.links.map((l) => l.id) : c.project.topology.nodes.map((n) => n.id)
  const twin = c.node.replace(/-a$/, '-b').replace(/^a-/, 'b-').replace(/-a-/, '-b-')
  return twin !== c.node && all.includes(twin) ? [c.node, twin] : [c.node]
}

const baseCache = new Map<Project | string, Outcome>()
function baseOf(project: Project): Outcome {
  // block scenarios are built afresh for each parameter: the same one is recognised by its text
  const id = project.name === 'block-scenario' ? JSON.stringify(project) : project
  if (!baseCache.has(id)) baseCache.set(id, outcome(project))
  return baseCache.get(id)!
}

interface Row { name: string; spec: ParamSpec; kind: ComponentKind | LinkKind | 'vdisk'; link: boolean }
const rows: Row[] = [
  ...KINDS.flatMap((k) => CATALOG[k].params.map((spec) => ({ name: `${k}.${spec.key}`, spec, kind: k, link: false }))),
  ...LINK_KIND_ORDER.flatMap((k) => LINK_KINDS[k].params.map((spec) => ({ name: `${k} link.${spec.key}`, spec, kind: k, link: true }))),
  // a virtual disk's parameters (an attachment's `params`, issue 11)
  ...VDISK_PARAMS.map((spec) => ({ name: `vdisk.${spec.key}`, spec, kind: 'vdisk' as const, link: false }))
]
/** A regular expression over "kind.key" to check some parameters only, while working on them. */
const ONLY = process.env.IOVLAB_PERTURB_ONLY
const live = rows.filter((r) => r.spec.descriptive !== true && (ONLY === undefined || new RegExp(ONLY).test(r.name)))

describe('every catalog parameter is live', () => {
  it('descriptive parameters say so in their documentation', () => {
    for (const r of rows.filter((x) => x.spec.descriptive === true)) expect(r.spec.doc, r.name).toMatch(/descriptive/i)
  })

  it('perturbing each parameter moves an output (or is refused with a clear message)', () => {
    const dead: string[] = []
    const broken: string[] = []
    const cases = new Map<string, Case>()
    for (const r of live) {
      const c = caseFor(r.kind, r.spec.key, r.link)
      cases.set(r.name, c)
      const base = baseOf(c.project)
      if (base.startsWith('error')) {
        broken.push(`${r.name}: the base scenario fails: ${base}`)
        continue
      }
      const owner = r.kind === 'vdisk' ? c.project.topology.attachments.find((a) => a.id === c.node)
        : r.link ? c.project.topology.links.find((l) => l.id === c.node) : c.project.topology.nodes.find((n) => n.id === c.node)
      const value = c.value ?? perturb(r.spec, (owner?.params as Record<string, unknown> | undefined)?.[r.spec.key])
      const paths = c.paths ?? twins(c, r.link).map((id) => `topology.${r.link ? 'links' : 'nodes'}.${id}.params.${r.spec.key}`)
      const moved = outcome(at(c.project, Object.fromEntries(paths.map((p) => [p, value]))))
      if (moved === base) dead.push(`${r.name} (${String(r.spec.default)} → ${String(value)})`)
    }
    expect(broken, broken.join('\n')).toEqual([])
    expect(dead, `parameters that change no output:\n${dead.join('\n')}`).toEqual([])
  })
})

// Issue 12 (attack): protection switches. A switch that only a hostile guest exercises is live in
// a scenario with an attack workload (examples/isolation-and-mobility.iovlab.json); VPIO's DMA
// validation is also paid by every DMA of a well-behaved DMA-style (SCSI-like) driver.
function protectionCase(kind: ComponentKind | LinkKind, key: string): Case | undefined {
  if (kind === 'nic' && key === 'vpioDmaValidation') {
    return { project: exp(VPIO, 'guests-a', 'guests-b', ['ping', 'stream'], '50ms', { 'variables.driverStyle': 'scsi-style', 'variables.badDma': 0 }, { minRto: '1ms' }), node: 'nic-a' }
  }
  if (kind === 'nic' && key === 'vpioHandoffCheck') return { project: attackProject('device-state', 'vpio', 'nic-p'), node: 'nic-p' }
  if (kind === 'np-nic' && key === 'vifRingReadOnly') return { project: attackProject('ring-tamper', 'self-virtualized', 'np-a'), node: 'np-a' }
  return undefined
}

/** The isolation example with one experiment "p": the rogue VM attacks the victim through `technique` on `device` (an NP-NIC "np-a" is added). */
function attackProject(attackKind: string, technique: string, device: string): Project {
  const p = structuredClone(loadExample('isolation-and-mobility.iovlab.json'))
  p.topology.nodes.push({ id: 'np-a', kind: 'np-nic', name: 'np', position: { x: 0, y: 0 }, host: 'host-a', params: {} } as Project['topology']['nodes'][number])
  p.topology.links.push({ id: 'np-a-sw', kind: 'ethernet', from: 'np-a', to: 'sw', params: {} } as Project['topology']['links'][number])
  const att = p.topology.attachments.find((a) => a.id === 'rogue-nic') as { technique: unknown; device: string }
  att.technique = technique
  att.device = device
  p.experiments = [{
    id: 'p', name: 'p', replications: 1, stop: {}, sweep: [], duration: '20ms', warmup: '5ms', protectionOffAcknowledged: true,
    workloads: [{ id: 'attack', kind: 'attack', pattern: 'n,n:1x1', clients: 'rogue-vm', servers: 'victim-vm', params: { kind: attackKind, rate: 20000 } }]
  } as Project['experiments'][number]]
  return p
}

// Issue 12 (memory overcommit, core/models/host/io-page-fault.ts): pass-through guests (both sides)
// of 1 MiB, half resident, on NICs with 8-slot rings, so their buffers are reused, reclaimed and
// faulted within a short run; a vIOMMU guest for the vIOMMU's parameters.
const OVERCOMMIT_VM = ['dmaMemory', 'residentFraction', 'memoryTouchRate', 'viommuMode']
const OVERCOMMIT_HOST = ['ioPageFaultCycles', 'pageInSource', 'swapInLatency', 'ioPageFaultRx', 'viommuMapCycles', 'viommuBatch', 'viommuTeardown']
function overcommitCase(kind: ComponentKind | LinkKind, key: string): Case | undefined {
  if (!(kind === 'vm' && OVERCOMMIT_VM.includes(key)) && !(kind === 'host' && OVERCOMMIT_HOST.includes(key))) return undefined
  const viommu = key.startsWith('viommu')
  const sets: Record<string, unknown> = {}
  for (const side of ['a', 'b']) {
    const vm = (k: string): string => `topology.nodes.nic-guests-${side}.params.${k}`
    sets[vm('dmaMemory')] = viommu ? 'viommu' : 'io-page-faults'
    sets[vm('residentFraction')] = key === 'residentFraction' ? 1 : 0.5
    sets[vm('memorySize')] = '1MiB'
    sets[vm('viommuMode')] = key === 'viommuTeardown' ? 'optimistic' : 'deferred'
    sets[`topology.nodes.nic-${side}.params.ringSlots`] = 8
  }
  // the mode itself: from pinned to the vIOMMU (io-page-faults at the default resident fraction 1 is pinned's twin)
  if (key === 'dmaMemory') return { project: nic('passthrough', { ...sets, 'topology.nodes.nic-guests-a.params.dmaMemory': 'pinned', 'topology.nodes.nic-guests-b.params.dmaMemory': 'pinned', 'topology.nodes.nic-guests-a.params.residentFraction': 1, 'topology.nodes.nic-guests-b.params.residentFraction': 1 }, ['ping']), node: 'nic-guests-a', value: 'viommu' }
  return { project: nic('passthrough', sets, ['ping']), node: kind === 'vm' ? 'nic-guests-a' : 'host-a' }
}

