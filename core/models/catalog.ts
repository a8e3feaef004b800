// The component catalog: every component kind, link kind and technique with its
// documented parameters — pure data that the schema, the CLI, the UI palette and the
// models all read. Behaviour lives elsewhere; nothing here runs a simulation.
import type { ComponentKind, KindSpec, LinkKind, ParamSpec, TechniqueId, TechniqueSpec } from './catalog-types'
import { HOST } from './host/params'
import { VM } from './vm/params'
import { NIC } from './nic/params'
import { NP_NIC } from './np-nic/params'
import { DC } from './dc/params'
import { HOST_GATEWAY } from './host-gateway/params'
import { SWITCH } from './switch/params'
import { DISK } from './storage/disk/params'
import { SSD } from './storage/ssd/params'
import { NVME } from './storage/nvme/params'
import { STORAGE_ARRAY } from './storage/array/params'
import { LINK_KINDS, LINK_KIND_ORDER } from './link/params'
import { ATTACH_RULES, techniquesForKind } from './attach-rules'

export type {
  ComponentKind, Dimension, KindSpec, LinkKind, LinkKindSpec, ParamSpec, TechniqueId, TechniqueSpec
} from './catalog-types'
export { LINK_KINDS, LINK_KIND_ORDER }

/** Every component kind, keyed by its stable kind string. */
export const CATALOG: Readonly<Record<ComponentKind, KindSpec>> = Object.freeze({
  host: HOST,
  vm: VM,
  nic: NIC,
  'np-nic': NP_NIC,
  dc: DC,
  'host-gateway': HOST_GATEWAY,
  switch: SWITCH,
  disk: DISK,
  ssd: SSD,
  nvme: NVME,
  'storage-array': STORAGE_ARRAY
})

/** Palette order. */
export const KINDS: readonly ComponentKind[] = Object.freeze([
  'host', 'vm', 'nic', 'np-nic', 'dc', 'host-gateway', 'switch', 'disk', 'ssd', 'nvme', 'storage-array'
] as const)

/** The techniques of DOMAIN.md, in the order the inspector lists them. */
export const TECHNIQUES: readonly TechniqueSpec[] = Object.freeze(([
  {
    id: 'native',
    label: 'Native',
    description: 'No I/O virtualization: the kernel driver drives the device directly (bare metal, or the driver domain using its own device). The floor every other technique is compared with.',
    source: '004 §4.2 (dom0 using the NP-NIC, dotted line in Fig 2/3); 001 "Approaches"',
  },
  {
    id: 'emulated',
    label: 'Emulated device',
    description: 'The guest runs an unmodified driver for a legacy device; every register access it makes traps to the hypervisor (a VM exit) and runs the device model, which forwards the request to the real device. Cost grows with the number of trapped accesses per request.',
    source: '001 "Approaches" (IDE: many 8-bit OUTs; SCSI: far fewer traps); 003 §II emulation model; 002 (NE2K)',
  },
  {
    id: 'paravirtual',
    label: 'Paravirtual (driver domain)',
    description: 'Split driver: netfront in the guest and netback in a driver domain share a ring and signal over event channels; the driver domain bridges packets to the real driver and flips or copies pages back. Every packet needs the driver domain to be scheduled.',
    source: '004 §1, §4.1 (Xen frontend/backend, software bridge, page flipping); 001 "Approaches"',
  },
  {
    id: 'passthrough',
    label: 'Pass-through + IOMMU',
    description: 'The device is assigned to one guest, whose own driver programs it; DMA is translated and checked by the IOMMU; physical interrupts are still routed by the hypervisor. Near native, one VM per device, no live migration.',
    source: '001 "Approaches" (pass-through, IOMMU); 003 §III Direct I/O Access; 000 §2 direct access',
  },
  {
    id: 'sriov',
    label: 'SR-IOV / multi-queue',
    description: 'A virtualization-aware NIC exports virtual functions, each with its own queues, hardware layer-2 demultiplexing and MSI-X vectors, assigned to guests like pass-through devices. Scales until VFs or vectors run out.',
    source: '003 §III Multiple Queues, SR-IOV; 001 "virtualization-aware hardware"',
  },
  {
    id: 'self-virtualized',
    label: 'Self-virtualized (NP-NIC VIFs)',
    description: 'The NP-NIC implements virtual interfaces itself: guests PCI-write packets into their send queue in NP SDRAM, micro-engines poll, switch and demultiplex, PCI-write into bounce buffers in host memory and set identifier bits; the hypervisor routes the master interrupt to the signalled guests.',
    source: '004 §2, §3, §3.1',
  },
  {
    id: 'vpio',
    label: 'VPIO (model-based direct I/O)',
    description: 'The guest drives a commodity device directly; only the hooked fraction of port I/Os exits, updating a device model that validates DMA targets and decides when the device is reusable and may be handed to another guest.',
    source: '002 (Core idea, DMA, Device Multiplexing, NE2K Model Performance)',
  },
  {
    id: 'scalable-io',
    label: 'Scalable I/O (DC + Host Gateway)',
    description: 'A consumer builds an I/O program and submits it from user space to the Host Gateway, which adds memory credentials; a Device Controller checks the device credential, runs the commands on its own cores (e.g. an offloaded TCP/IP stack) and reads/writes consumer memory through protected DMA.',
    source: '000 §3–§3.6',
  }
] satisfies Omit<TechniqueSpec, 'deviceKinds'>[]).map((t) => Object.freeze({ ...t, deviceKinds: ATTACH_RULES[t.id].deviceKinds })))

const byKey = new Map<ComponentKind, ReadonlyMap<string, ParamSpec>>(
  KINDS.map((k) => [k, new Map(CATALOG[k].params.map((p) => [p.key, p]))])
)
const linkByKey = new Map<LinkKind, ReadonlyMap<string, ParamSpec>>(
  LINK_KIND_ORDER.map((k) => [k, new Map(LINK_KINDS[k].params.map((p) => [p.key, p]))])
)

/** The parameter `key` of component kind `kind`, or undefined if it has none by that name. */
export function paramSpec(kind: ComponentKind, key: string): ParamSpec | undefined {
  return byKey.get(kind)?.get(key)
}

/** A fresh object of every parameter of `kind` at its default (canonical units). */
export function defaultParams(kind: ComponentKind): Record<string, number | string | boolean> {
  return Object.fromEntries(CATALOG[kind].params.map((p) => [p.key, p.default]))
}

/** The parameter `key` of link kind `kind`, or undefined. */
export function linkParamSpec(kind: LinkKind, key: string): ParamSpec | undefined {
  return linkByKey.get(kind)?.get(key)
}

/** A fresh object of every parameter of link kind `kind` at its default. */
export function defaultLinkParams(kind: LinkKind): Record<string, number | string | boolean> {
  return Object.fromEntries(LINK_KINDS[kind].params.map((p) => [p.key, p.default]))
}

/** Link kinds that may join a node of kind `a` to one of kind `b` (order does not matter). */
export function linkKindsBetween(a: ComponentKind, b: ComponentKind): LinkKind[] {
  return LINK_KIND_ORDER.filter((k) =>
    LINK_KINDS[k].joins.some(([x, y]) => (x === a && y === b) || (x === b && y === a)))
}

/** The techniques a VM may use to reach a device of `kind` (empty if it is not a device). */
export function techniquesFor(kind: ComponentKind): readonly TechniqueId[] {
  return techniquesForKind(kind)
}
