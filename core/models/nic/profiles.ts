// NIC hardware profiles: what a named part offers (port speed, queues, virtual functions,
// MSI-X vectors, its slot's DMA bandwidth), each value with its source. A NIC node picks one
// with its `profile` parameter, or (the default, "host") inherits the NIC profile of the host
// it sits in. An explicit parameter on the node beats the profile; the profile beats the
// catalog default. The catalog defaults are the 2006 testbed's gigabit NIC (004 §4.1), the
// profile "gige-2006", which therefore sets nothing. `queues` (queue pairs in use) is a driver
// configuration, not a capability, so no profile sets it: the descriptions name the part's.
import type { PlausibleRange, SourceKind } from '../catalog-types'
import { Gbps, Mbps } from '../param-kit'
import type { NicParamKey } from './params'

/** One profile value in canonical units, with what it rests on. */
export interface ProfileValue {
  readonly value: number | string | boolean
  readonly source: string
  readonly sourceKind: SourceKind
  /** The plausible range of the true value (sampled by `run --uncertainty`); without one, an assumption's catalog range is scaled to the value. */
  readonly range?: PlausibleRange
}

/** The NIC profile ids (declared apart from the profiles so the catalog's `profile` options do not depend on their values). */
export const NIC_PROFILE_IDS = ['fast-ethernet-2001', 'tigon3-2003', 'gige-2006', '82576-2009', '82599-2009', 'e810-100g-2020'] as const
export type NicProfileId = (typeof NIC_PROFILE_IDS)[number]

export interface NicProfile {
  readonly id: NicProfileId
  readonly label: string
  readonly description: string
  /** Per-key values; keys it does not set keep the catalog default. Other keys may be added as the catalog grows. */
  readonly values: Partial<Readonly<Record<NicParamKey, ProfileValue>>>
}

const PCI_32_33 = 'PCI Local Bus Specification 2.2: 32 bits × 33.33 MHz = 133 MB/s = 1.064 Gb/s'

export const NIC_PROFILES: readonly NicProfile[] = [
  {
    id: 'gige-2006',
    label: 'Gigabit NIC (2006 testbed)',
    description: 'The regular Broadcom gigabit Ethernet card of 004 §4.1 in a PCI/PCI-X slot: the catalog defaults, unchanged.',
    values: {}
  },
  {
    id: 'fast-ethernet-2001',
    label: '100 Mb/s NIC in a 32-bit/33 MHz PCI slot (2001)',
    description: 'A 100 Mb/s Ethernet NIC of a 2001 PC (Sugerman 2001 §3.1), bus-master DMA over 32-bit/33 MHz PCI.',
    values: {
      lineRate: { value: 100 * Mbps, source: 'Sugerman et al., USENIX ATC 2001, §3.1: 100 Mb/s Ethernet', sourceKind: 'measured' },
      checksumOffload: { value: false, source: 'assumption: the 2001 PC\'s 100 Mb/s NICs (Intel EtherExpress Pro/100, the AMD Lance the VM emulates) compute no TCP/UDP checksums; Linux 2.2 checksums in software', sourceKind: 'assumption' },
      dmaBandwidth: { value: 1.064 * Gbps, source: PCI_32_33, sourceKind: 'measured' }
    }
  },
  {
    id: 'tigon3-2003',
    label: 'Broadcom Tigon 3 gigabit NIC in PCI-X (2003)',
    description: 'A Broadcom Tigon 3 (BCM570x) gigabit NIC in a 64-bit/133 MHz PCI-X slot, as in Barham 2003\'s Dell 2650.',
    values: {
      lineRate: { value: 1 * Gbps, source: 'Barham et al., SOSP 2003, §4.1: Broadcom Tigon 3 gigabit Ethernet NIC', sourceKind: 'measured' },
      dmaBandwidth: { value: 8.528 * Gbps, source: 'PCI-X 1.0: 64 bits × 133 MHz = 1066 MB/s = 8.528 Gb/s (the slot\'s raw capacity)', sourceKind: 'measured' }
    }
  },
  {
    id: '82576-2009',
    label: 'Intel 82576 gigabit SR-IOV NIC (PCIe 2.0 x4)',
    description: 'The first Intel SR-IOV part (Dong 2010 and 003 [3]): a gigabit port with 16 queue pairs and 8 VF pools, PCIe 2.0 x4 at 2.5 GT/s.',
    values: {
      lineRate: { value: 1 * Gbps, source: 'Intel 82576 datasheet: 10/100/1000 Mb/s Ethernet ports', sourceKind: 'measured' },
      tsoEnabled: { value: true, source: 'Intel 82576 datasheet: TCP segmentation offload (TSO) for IPv4 and IPv6', sourceKind: 'measured' },
      lroEnabled: { value: true, source: 'Linux GRO, on by default since 2.6.29 (2009), merges received segments of a flow before the stack on any NIC driver using NAPI; the 82599 also coalesces in hardware (RSC)', sourceKind: 'measured' },
      vfCount: { value: 7, source: 'Intel 82576 datasheet: 8 pools per port (the PF keeps one; Linux igb offers at most 7 VFs)', sourceKind: 'measured' },
      dmaBandwidth: { value: 8 * Gbps, source: 'PCIe 2.0 base spec: x4 at 2.5 GT/s with 8b/10b coding = 4 × 2.5 × 0.8 = 8 Gb/s per direction (the 82576 is a PCIe 2.0 x4, 2.5 GT/s part)', sourceKind: 'measured' }
    }
  },
  {
    id: '82599-2009',
    label: 'Intel 82599 10 GbE SR-IOV NIC (PCIe 2.0 x8)',
    description: 'Intel 82599 10 GbE controller (Dong 2010, 10 GbE results of the era): 128 queue pairs, 64 VF pools, PCIe 2.0 x8 at 5 GT/s.',
    values: {
      lineRate: { value: 10 * Gbps, source: 'Intel 82599 datasheet: 10 GbE ports', sourceKind: 'measured' },
      tsoEnabled: { value: true, source: 'Intel 82599 datasheet: TCP segmentation offload (TSO) and receive side coalescing (RSC)', sourceKind: 'measured' },
      lroEnabled: { value: true, source: 'Linux GRO, on by default since 2.6.29 (2009), merges received segments of a flow before the stack on any NIC driver using NAPI; the 82599 also coalesces in hardware (RSC)', sourceKind: 'measured' },
      vfCount: { value: 63, source: 'Intel 82599 datasheet: 64 pools per port (the PF keeps one; Linux ixgbe offers at most 63 VFs)', sourceKind: 'measured' },
      msixVectors: { value: 64, source: 'assumption: 64 MSI-X vectors per port on the 82599 (one per queue pair of 64 pools); the range covers PF-only and per-VF counts', sourceKind: 'assumption', range: { lo: 32, hi: 128, why: 'tens to a hundred vectors per port' } },
      dmaBandwidth: { value: 32 * Gbps, source: 'PCIe 2.0 base spec: x8 at 5 GT/s with 8b/10b coding = 8 × 5 × 0.8 = 32 Gb/s per direction (the 82599 is a PCIe 2.0 x8 part)', sourceKind: 'measured' },
      ringSlots: { value: 512, source: 'assumption: the Linux ixgbe driver\'s default of 512 descriptors per ring', sourceKind: 'assumption', range: { lo: 256, hi: 4096, why: 'ixgbe rings take 64–4096 descriptors; 512 is the default, larger is common for 10 GbE tuning' } }
    }
  },
  {
    id: 'e810-100g-2020',
    label: 'Intel E810 100 GbE NIC (PCIe 4.0 x16)',
    description: 'A current 100 GbE server NIC (Intel Ethernet 800 series): hundreds of queues, up to 256 VFs, PCIe 4.0 x16.',
    values: {
      lineRate: { value: 100 * Gbps, source: 'Intel E810-C product brief: 100 GbE port', sourceKind: 'measured' },
      tsoEnabled: { value: true, source: 'Intel E810 product brief: TCP segmentation offload', sourceKind: 'measured' },
      lroEnabled: { value: true, source: 'Linux GRO, on by default since 2.6.29 (2009), merges received segments of a flow before the stack on any NIC driver using NAPI; the 82599 also coalesces in hardware (RSC)', sourceKind: 'measured' },
      vfCount: { value: 256, source: 'Intel E810 product brief: up to 256 VFs per device', sourceKind: 'measured' },
      msixVectors: { value: 2048, source: 'assumption: 004 §3: MSI-X allows up to 2048 vectors per function (the PCIe limit); the E810 offers about that many', sourceKind: 'assumption', range: { lo: 512, hi: 2048, why: 'hundreds of vectors up to the MSI-X limit of 004 §3' } },
      dmaBandwidth: { value: 252 * Gbps, source: 'PCIe 4.0 base spec: x16 at 16 GT/s with 128b/130b coding = 16 × 16 × 128/130 ≈ 252 Gb/s per direction', sourceKind: 'measured' },
      ringSlots: { value: 1024, source: 'assumption: the Linux ice driver\'s default descriptor count (a few hundred to 2048 in the era\'s drivers)', sourceKind: 'assumption', range: { lo: 512, hi: 4096, why: 'drivers for 100 GbE parts default to 512–2048 descriptors, tuning goes to 4096' } }
    }
  }
]

/** The NIC `profile` value that takes the host's NIC profile. */
export const INHERIT_NIC_PROFILE = 'host'

const byId = new Map<string, NicProfile>(NIC_PROFILES.map((p) => [p.id, p]))

/** The NIC profile `id`, or undefined if there is none by that name. */
export function nicProfile(id: string): NicProfile | undefined {
  return byId.get(id)
}
