// The shape of the component catalog: every component kind describes itself —
// its parameters (name, unit, default, bounds, documented source) and what it may
// connect to — so the project schema, the CLI and the UI palette all read one list.

/** Stable kind strings. Renaming one needs a project-file migration. */
export type ComponentKind = 'host' | 'vm' | 'nic' | 'np-nic' | 'dc' | 'host-gateway' | 'switch'
  | 'disk' | 'ssd' | 'nvme' | 'storage-array'

/** Techniques a VM may use to reach a device (DOMAIN.md). */
export type TechniqueId =
  | 'native'
  | 'emulated'
  | 'paravirtual'
  | 'passthrough'
  | 'sriov'
  | 'self-virtualized'
  | 'vpio'
  | 'scalable-io'

/** Physical dimension of a parameter; the project file may write it with a unit suffix. */
export type Dimension =
  | 'duration' // stored as integer nanoseconds; file: "10us", "30ms" or a number in ns
  | 'bandwidth' // bits per second; file: "1Gbps", "133MBps" or a number in bit/s
  | 'size' // bytes; file: "64B", "4KiB" or a number in bytes
  | 'frequency' // hertz; file: "2.8GHz" or a number in Hz
  | 'cycles' // CPU cycles (plain number)
  | 'count' // a plain integer count
  | 'ratio' // a fraction in [0, 1]
  | 'factor' // a dimensionless multiplier
  | 'enum' // one of `options`
  | 'boolean'
  | 'string'

/**
 * What a parameter's default rests on: `measured` — a seed or paper figure used directly (source
 * names the section or table); `assumption` — a judgement with its reasoning; `calibrated` — solved
 * from a named end-to-end fact, the solving arithmetic in the source. Counted in the README.
 */
export type SourceKind = 'measured' | 'assumption' | 'calibrated'

/** A plausible range for a parameter's true value (model uncertainty), in canonical units, with the reasoning. */
export interface PlausibleRange {
  readonly lo: number
  readonly hi: number
  readonly why: string
}

export interface ParamSpec {
  /** Key in the node's `params` object (camelCase, unit in the name where the dimension does not carry it). */
  readonly key: string
  readonly label: string
  readonly dimension: Dimension
  /** Default in canonical units (ns, bit/s, bytes, Hz, cycles, …) or the enum/boolean/string value. */
  readonly default: number | string | boolean
  readonly min?: number
  readonly max?: number
  /** Integer-valued (counts, cycles, ns). */
  readonly integer?: boolean
  readonly options?: readonly string[]
  /** One or two sentences a researcher understands. */
  readonly doc: string
  /** Where the default comes from: a seed and section, a datasheet, or "assumption: …". */
  readonly source: string
  /** What the source is (see SourceKind); `calibrated` sources state the fact and the solving arithmetic. */
  readonly sourceKind: SourceKind
  /**
   * Plausible range of the true value. Every numeric `assumption` and `calibrated` parameter carries one
   * (lo ≤ default ≤ hi, within min/max; lo = hi marks a configuration held fixed); enum and boolean
   * parameters carry none. A `measured` one may carry the source's reported spread.
   */
  readonly range?: PlausibleRange
  /** Purely descriptive: changes no number (a label, an identifier); excluded from perturbation tests and sensitivity. */
  readonly descriptive?: boolean
  /** Inspector grouping, e.g. "CPU", "PCI", "Hypervisor costs". */
  readonly group?: string
}

export interface KindSpec {
  readonly kind: ComponentKind
  /** Palette and accessible name, e.g. "NP-NIC". */
  readonly label: string
  readonly description: string
  readonly params: readonly ParamSpec[]
  /** Kinds a link from this kind may reach (symmetric rules are listed on both sides). */
  readonly connectsTo: readonly ComponentKind[]
  /** Kinds this node must be placed inside (e.g. a VM on a host, a NIC in a host). */
  readonly placedOn?: readonly ComponentKind[]
}

/** Link (interconnect) kinds. `pci` is implicit: it follows from placing a device in a host. */
export type LinkKind = 'ethernet' | 'pci' | 'infiniband' | 'shared-memory' | 'tcp'

export interface LinkKindSpec {
  readonly kind: LinkKind
  readonly label: string
  readonly description: string
  /** Per-link parameters: bandwidth, propagation latency, per-message overhead, MTU, … */
  readonly params: readonly ParamSpec[]
  /** Unordered pairs of component kinds a link of this kind may join. */
  readonly joins: readonly (readonly [ComponentKind, ComponentKind])[]
  /** Implicit links are never drawn or stored as edges: they follow from `placedOn`. */
  readonly implicit: boolean
}

/** A technique as the palette, inspector and docs show it (behaviour lives in core/techniques). */
export interface TechniqueSpec {
  readonly id: TechniqueId
  readonly label: string
  readonly description: string
  /** The seed and section the technique comes from. */
  readonly source: string
  /** Device kinds a VM may reach with this technique (from core/models/attach-rules.ts). */
  readonly deviceKinds: readonly ComponentKind[]
}
