// dm-multipath (issue 12, docs/faults.md "Dual paths to a storage array"): a virtual disk on a
// storage array that its host reaches over several paths (one per host NIC with an Ethernet path
// to the array) sees one BlockTarget over one initiator session per path.
//   - Path selection (`multipathPolicy`): "failover" sends every I/O on the first healthy path
//     (path_grouping_policy failover); "round-robin" alternates the healthy paths I/O by I/O;
//     "service-time" picks the healthy path with the fewest bytes in flight (dm-service-time with
//     equal relative throughputs; ties to the lowest-numbered path).
//   - Failure detection: an I/O that fails on a path (its command or response was lost on a link
//     that is down and the command timer — the array's commandTimeout — expired; or the array
//     failed it) fails the path, and the I/O is retried at once on another healthy path.
//   - No path left (`noPathRetry`): "queue" (queue_if_no_path) holds the I/O until a path is
//     reinstated; "fail" fails it to the guest.
//   - The path checker (multipathd) looks at the failed paths every `pathCheckInterval`, at whole
//     multiples of it from the run's start, and reinstates a path whose links are all up again;
//     held I/O then goes out on it. Active paths are not probed: a path is failed by its I/O.
// An initiator session is opened on a path only when the path is first used (a guest that never
// fails over holds one session, as before multipath existed).
import type { Simulator } from '../../../sim'
import type { BlockDone, BlockPool, BlockTarget } from '../block'
import { routeUp, type StorageArrayModel } from './array-model'
import { arrayInitiator, type ArrayInitiator, type InitiatorOptions } from './initiator'

export interface MultipathOptions {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly array: StorageArrayModel
  readonly host: string
  /** Opens the initiator session of path `p` (called on the path's first use). */
  readonly open: (path: number) => ArrayInitiator
  readonly policy: 'failover' | 'round-robin' | 'service-time'
  readonly checkIntervalNs: number
  readonly noPathRetry: 'queue' | 'fail'
}

export class MultipathTarget implements BlockTarget {
  readonly capacityBytes: number
  readonly paths: number
  /** Paths failed by an I/O and not yet reinstated. */
  readonly failedPath: boolean[]
  /** Times a path was failed / reinstated (since the start). */
  pathFailures = 0
  reinstated = 0
  /** I/Os failed to the guest because no path was left (noPathRetry "fail"). */
  noPathErrors = 0
  private readonly sessions: (ArrayInitiator | undefined)[]
  private readonly held: { req: number; done: BlockDone }[] = []
  private readonly doneOf: (BlockDone | undefined)[] = []
  private readonly pathOf: number[] = []
  /** Bytes in flight on each path (service-time). */
  private readonly inFlightBytes: number[]
  private next = 0
  private checkerArmed = false
  private readonly checkId: number

  constructor(private readonly o: MultipathOptions) {
    this.paths = Math.max(1, o.array.pathCount(o.host))
    this.capacityBytes = o.array.capacityBytes
    this.failedPath = new Array<boolean>(this.paths).fill(false)
    this.sessions = new Array<ArrayInitiator | undefined>(this.paths).fill(undefined)
    this.inFlightBytes = new Array<number>(this.paths).fill(0)
    this.checkId = o.sim.register(() => this.check(), `${o.array.id}/multipathd`)
    this.session(0) // the first path's session now: a host that cannot reach the array is refused while the run is built
  }

  submit(req: number, done: BlockDone): void {
    this.doneOf[req] = done
    this.dispatch(req)
  }

  /** The healthy path the next I/O takes, or −1. */
  private pick(): number {
    if (this.o.policy === 'failover') return this.failedPath.indexOf(false)
    if (this.o.policy === 'service-time') {
      let best = -1
      for (let p = 0; p < this.paths; p++) if (!this.failedPath[p] && (best < 0 || this.inFlightBytes[p] < this.inFlightBytes[best])) best = p
      return best
    }
    for (let k = 0; k < this.paths; k++) {
      const p = (this.next + k) % this.paths
      if (!this.failedPath[p]) {
        this.next = (p + 1) % this.paths
        return p
      }
    }
    return -1
  }

  private dispatch(req: number): void {
    const p = this.pick()
    if (p < 0) {
      if (this.o.noPathRetry === 'fail') {
        this.noPathErrors++
        return this.complete(req, false)
      }
      this.held.push({ req, done: this.doneOf[req]! })
      this.armChecker()
      return
    }
    this.pathOf[req] = p
    this.inFlightBytes[p] += this.o.blocks.bytes[req]
    this.session(p).submit(req, this.pathDone)
  }

  private session(p: number): ArrayInitiator {
    return (this.sessions[p] ??= this.o.open(p))
  }

  private readonly pathDone: BlockDone = (req, ok) => {
    const p = this.pathOf[req]
    this.inFlightBytes[p] -= this.o.blocks.bytes[req]
    if (ok) return this.complete(req, true)
    // dm-multipath: an I/O error on a path fails the path and the I/O is retried on another
    if (!this.failedPath[p]) {
      this.failedPath[p] = true
      this.pathFailures++
      this.armChecker()
    }
    this.dispatch(req)
  }

  private complete(req: number, ok: boolean): void {
    const d = this.doneOf[req]!
    this.doneOf[req] = undefined
    d(req, ok)
  }

  /** The next check at a whole multiple of the interval from the run's start. */
  private armChecker(): void {
    if (this.checkerArmed) return
    this.checkerArmed = true
    const iv = this.o.checkIntervalNs
    const now = this.o.sim.now
    this.o.sim.schedule((Math.floor(now / iv) + 1) * iv - now, this.checkId, 0)
  }

  private check(): void {
    this.checkerArmed = false
    let anyFailed = false
    for (let p = 0; p < this.paths; p++) {
      if (!this.failedPath[p]) continue
      const route = this.o.array.route(this.o.host, p)
      // the checker's test command answers on a path whose links are up to an array that is not offline
      if (route !== undefined && routeUp(route) && !this.o.array.offline) {
        this.failedPath[p] = false
        this.reinstated++
      } else anyFailed = true
    }
    if (this.failedPath.includes(false)) {
      const held = this.held.splice(0)
      for (const h of held) this.dispatch(h.req)
    }
    if (anyFailed || this.held.length > 0) this.armChecker()
  }
}

/**
 * The bottom of a virtual disk on a storage array: dm-multipath over one initiator session per
 * path from `host` (its settings from the virtual disk's parameters, VDISK_PATH_PARAMS).
 */
export function multipathInitiator(o: Omit<InitiatorOptions, 'path'>, vdisk: Readonly<Record<string, unknown>>): MultipathTarget {
  return new MultipathTarget({
    sim: o.host.sim, blocks: o.blocks, array: o.array, host: o.host.id,
    open: (path) => arrayInitiator({ ...o, path }),
    policy: vdisk.multipathPolicy === 'round-robin' || vdisk.multipathPolicy === 'service-time' ? vdisk.multipathPolicy : 'failover',
    checkIntervalNs: typeof vdisk.pathCheckInterval === 'number' ? vdisk.pathCheckInterval : 5e9,
    noPathRetry: vdisk.noPathRetry === 'fail' ? 'fail' : 'queue'
  })
}
