// Counters and per-stage latency tallies of one run: what leaves the models as metrics
// (CONTRACTS.md names), kept in O(1) memory and reset at the end of the warm-up.
import { Tally } from '../sim'

/** Counters every model may add to; names follow CONTRACTS.md. */
export class RunCounters {
  irqsPhysical = 0
  irqsVirtual = 0
  signalsRedundant = 0
  signals = 0
  bytesCopied = 0
  pciReadBytes = 0
  pciWriteBytes = 0
  credentialChecks = 0
  credentialDenials = 0
  ioPageFaults = 0
  drops = 0
  contextSwitches = 0
  /** IOMMU translations served from the IOTLB, and those that needed a page walk. */
  iotlbHits = 0
  iotlbMisses = 0
  /** DMA targets a device model checked (VPIO), and those it denied. */
  dmaChecks = 0
  dmaDenials = 0
  /** Guest register / port accesses to a device, trapped or not (002's "Total I/O"). */
  portIos = 0
  /** A multiplexed device handed from one guest to another (VPIO context switch). */
  deviceHandoffs = 0
  readonly vmExits: Record<string, number> = {}
  /** Hypervisor time per physical interrupt spent routing signals (ns). */
  readonly irqVirt = new Tally()

  exit(reason: string, n = 1): void {
    this.vmExits[reason] = (this.vmExits[reason] ?? 0) + n
  }

  reset(): void {
    for (const k of Object.keys(this) as (keyof this)[]) {
      if (typeof this[k] === 'number') (this as Record<string, unknown>)[k as string] = 0
    }
    for (const k of Object.keys(this.vmExits)) this.vmExits[k] = 0
    this.irqVirt.reset()
  }
}

/** Mean latency per named stage of the I/O path (004 Fig 4 style breakdown). */
export class StageStats {
  private readonly names: string[] = []
  private readonly tallies: Tally[] = []
  private readonly index = new Map<string, number>()

  /** The stage's index, created on first use (at build time, not per packet). */
  id(name: string): number {
    let i = this.index.get(name)
    if (i === undefined) {
      i = this.names.length
      this.names.push(name)
      this.tallies.push(new Tally())
      this.index.set(name, i)
    }
    return i
  }

  record(stage: number, ns: number): void {
    this.tallies[stage].record(ns)
  }

  tally(name: string): Tally | undefined {
    const i = this.index.get(name)
    return i === undefined ? undefined : this.tallies[i]
  }

  /** Mean µs of every stage that saw at least one packet. */
  meansUs(): Record<string, number> {
    const out: Record<string, number> = {}
    this.names.forEach((n, i) => {
      if (this.tallies[i].count > 0) out[n] = this.tallies[i].mean / 1000
    })
    return out
  }

  reset(): void {
    for (const t of this.tallies) t.reset()
  }
}

/** Everything a model needs to report into, shared by one run. */
export interface RunStats {
  readonly counters: RunCounters
  readonly stages: StageStats
}

export function makeRunStats(): RunStats {
  return { counters: new RunCounters(), stages: new StageStats() }
}
