// A virtual disk's back end as a chain of BlockTarget stages (issue 11), built from the
// attachment's canonical parameters (params.ts) over one bottom target per member device.
//
// Order, top (the front end submits here) to bottom:
//   buffer cache → interposition → RAID / replication → image file or raw → member devices
// - The cache is on top: it holds what the guest wrote and read (plaintext, uncompressed), as a
//   host page cache above dm-crypt / a snapshot does, so a hit costs no interposition work and a
//   write-back write is acknowledged before any of it.
// - Interposition sees the virtual disk's blocks once: encrypting or compressing before the data is
//   copied to several members costs its CPU once, and a snapshot's map is of the virtual disk.
// - RAID / replication spread the transformed blocks over the members.
// - Each member holds its own image file (or is used raw), so the image's file-system CPU and
//   allocation metadata are charged per member write.
// Replication is an interposition that needs the members; it and RAID are exclusive (validation).
import type { Simulator, TimeWeighted } from '../../../sim'
import type { Domain } from '../../host/domain'
import type { HostModel } from '../../host/host-model'
import { str, type KindParams } from '../../param-read'
import type { RunStats } from '../../run-stats'
import type { BlockPool, BlockTarget } from '../block'
import { Raid0Stage, Raid1Stage, ReplicationStage } from './aggregate'
import { CacheStage } from './cache'
import { backendCpu } from './cpu'
import { ImageStage, RawStage } from './image'
import { CompressStage, DedupStage, EncryptStage, SnapshotCowStage, SnapshotRowStage, UndoLogStage } from './interpose'
import type { BackendRegistry } from './metrics'
import type { BackendParamKey } from './params'
import type { StageEnv } from './stage'

export interface BackendChainOptions {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly host: HostModel
  /** The host's driver domain: the back end runs on its vCPU `vcpu` when backendWhere = driver-domain. */
  readonly driverDomain: Domain
  /** The driver domain's vCPU the back end uses (default 0). */
  readonly vcpu?: number
  /** The attachment's canonical virtual-disk parameters (VDISK_PARAMS with defaults applied). */
  readonly vdisk: KindParams<string>
  /** One target per member device, in order [device, ...devices] (the device's driver, or a storage array's initiator). */
  readonly bottoms: readonly BlockTarget[]
  /** The run's registry for the durability and cache metrics (backendRegistry(world.shared, sim)); absent: not reported. */
  readonly registry?: BackendRegistry
  /** The experiment's crash instant, ns of simulated time from the run's start (the experiment's `crashAt`); absent: none. */
  readonly crashAtNs?: number
}

/** The back end the front end submits to: the top stage of the chain. */
export function buildBackendChain(opts: BackendChainOptions): BlockTarget {
  const p = opts.vdisk as KindParams<BackendParamKey>
  if (opts.bottoms.length === 0) throw new Error('a virtual disk\'s back end needs at least one member device')
  const env: StageEnv = {
    sim: opts.sim, blocks: opts.blocks, stats: opts.stats,
    cpu: backendCpu(str(p, 'backendWhere'), opts.host, opts.driverDomain, opts.vcpu ?? 0)
  }
  const image = str(p, 'backend') === 'image'
  const members = opts.bottoms.map((b): BlockTarget => (image ? new ImageStage(env, b, p) : new RawStage(b)))
  const interpose = str(p, 'interpose')
  const raid = str(p, 'raid')
  if (interpose === 'replication' && raid !== 'none') throw new Error('replication and RAID both spread the virtual disk over its member devices: choose one')
  let t: BlockTarget
  if (interpose === 'replication') t = new ReplicationStage(env, members, p)
  else if (raid === 'raid0') t = new Raid0Stage(env, members, p)
  else if (raid === 'raid1') t = new Raid1Stage(env, members, p)
  // Without RAID or replication the disk lives on its first member; the others stay idle (a sweep may
  // turn replication on and off over one member list).
  else t = members[0]
  switch (interpose) {
    case 'none': case 'replication': break
    case 'encryption': t = new EncryptStage(env, t, p); break
    case 'snapshot-cow': t = new SnapshotCowStage(env, t, p); break
    case 'snapshot-row': t = new SnapshotRowStage(env, t, p); break
    case 'undo-log': t = new UndoLogStage(env, t, p); break
    case 'compression': t = new CompressStage(env, t, p); break
    case 'dedup': t = new DedupStage(env, t, p); break
    default: throw new Error(`interpose "${interpose}" is not a known interposition`)
  }
  const reg = opts.registry
  if (reg !== undefined) reg.backends++
  if (str(p, 'cache') !== 'none') {
    const cache = new CacheStage(env, t, p, reg?.atRisk as TimeWeighted | undefined)
    reg?.caches.push(cache)
    t = cache
  }
  if (reg !== undefined && opts.crashAtNs !== undefined) reg.scheduleCrash(opts.crashAtNs)
  return t
}

export { backendMetrics, backendRegistry, findBackendRegistry, resetBackendStats, BackendRegistry } from './metrics'
export { VDISK_BACKEND_PARAMS, type BackendParamKey } from './params'
