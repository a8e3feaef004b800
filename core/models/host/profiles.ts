// Host hardware profiles: a host's CPU generation, memory and bus as a named, sourced set of
// parameter values. A host picks one with its `profile` parameter; an explicit parameter on
// the host beats the profile, and the profile beats the catalog default. The catalog defaults
// are seed 004's 2006 testbed (2.8 GHz Netburst Xeons, PCI, an IXP2400 NP-NIC), the profile
// "xeon-2006-ixp2400", which therefore sets nothing: a project that names no profile runs
// exactly as before profiles existed.
//
// Cycle counts. The catalog's software-path costs (netback, TCP/IP, drivers, …) are cycles of
// the 2006 Netburst Xeon. A profile may carry `cycleScale`: the cycles another CPU needs for
// the same work, as a fraction of Netburst's (its integer work per clock relative to
// Netburst's, inverted). Every `cycles` parameter of the host and of the NICs in it that the
// profile does not set itself takes round(catalog default × cycleScale). Profiles set the
// hardware-defined cycle costs (a VM exit) explicitly instead.
//
// Values are per-key partial records typed by the kind's parameter keys, so values for keys
// added to the catalog later can be added here without touching the resolution.
import type { PlausibleRange, SourceKind } from '../catalog-types'
import { Gbps, KiB } from '../param-kit'
import type { ProfileValue, NicProfileId } from '../nic/profiles'
import type { HostParamKey } from './params'

export type { ProfileValue } from '../nic/profiles'

/** The factor that converts the catalog's Netburst cycle counts to this CPU's, with its source. */
export interface CycleScale {
  readonly factor: number
  readonly source: string
  readonly sourceKind: SourceKind
  readonly range?: PlausibleRange
}

/** The profile ids, in age order (declared apart from the profiles so the catalog's `profile` options do not depend on their values). */
export const HOST_PROFILE_IDS = ['piii-733-2001', 'xeon-2003-pcix', 'xeon-2006-ixp2400', 'nehalem-2010', 'sandybridge-2012', 'current-server'] as const
export type HostProfileId = (typeof HOST_PROFILE_IDS)[number]

export interface HostProfile {
  readonly id: HostProfileId
  readonly label: string
  readonly year: number
  readonly description: string
  /** The NIC profile a NIC in this host takes unless it names its own. */
  readonly nic: NicProfileId
  readonly cycleScale?: CycleScale
  readonly values: Partial<Readonly<Record<HostParamKey, ProfileValue>>>
}

const INTEL_VMX_TREND = 'Intel\'s VMX round-trip latency fell by about half from Netburst (Prescott) to Core 2 and again to Nehalem (Intel\'s graph in VMware\'s 2009 "Newer processors and virtualization performance" note; its numbers are not in the text)'
const CORE_PER_CLOCK = 'the measured anchor: SPECint2000 of a 3.0 GHz Core-architecture Xeon 5160 (3057) against a 3.73 GHz Netburst Pentium 4 Xeon (1813), AnandTech 2006 "Woodcrest" review, is (3057 / 3.0) / (1813 / 3.73) ≈ 2.1 × the integer work per clock, i.e. ≈ 0.48 of Netburst\'s cycles'
const SPEC_VS_KERNEL = 'SPEC integer code is not kernel networking code, which is more cache- and branch-bound'

export const HOST_PROFILES: readonly HostProfile[] = [
  {
    id: 'piii-733-2001',
    label: 'Pentium III 733 MHz PC (2001)',
    year: 2001,
    description: 'A 2001 PC: one 733 MHz Pentium III (no hyperthreads), PC133 SDRAM, a 32-bit/33 MHz PCI bus, a 100 Mb/s NIC — the set-up of Sugerman et al., USENIX ATC 2001. No hardware virtualization support: the VM-exit cost is VMware Workstation\'s trap of an I/O instruction into its VMM, as Sugerman et al. measured it.',
    nic: 'fast-ethernet-2001',
    cycleScale: {
      factor: 0.78,
      source: 'assumption: from Intel Technology Journal Q1 2001, "The Microarchitecture of the Pentium 4 Processor", Fig 8: a 1.5 GHz Pentium 4 is 15–20 % faster than a 1 GHz Pentium III on integer applications, so a Pentium III cycle does 1.5 / 1.175 ≈ 1.28 × a Netburst cycle\'s work and takes 1 / 1.28 ≈ 0.78 of the cycles',
      sourceKind: 'assumption',
      range: { lo: 0.65, hi: 0.9, why: `15–20 % gives 0.77–0.80; widened because ${SPEC_VS_KERNEL}` }
    },
    values: {
      guestTimerHz: { value: 100, source: 'Linux 2.2 and 2.4 on x86 tick at HZ = 100 (the guest of Sugerman et al. runs Linux 2.2.17)', sourceKind: 'measured' },
      clock: { value: 733e6, source: 'Sugerman et al., USENIX ATC 2001, §3.1 and abstract: 733 MHz Pentium III', sourceKind: 'measured' },
      logicalCpus: { value: 1, source: 'Sugerman et al., USENIX ATC 2001, §3.1: a uniprocessor PC', sourceKind: 'measured' },
      threadsPerCore: { value: 1, source: 'Intel Pentium III datasheet: no simultaneous multithreading (introduced with the Pentium 4 Xeon in 2002)', sourceKind: 'measured' },
      memCopyBandwidth: { value: 3.2 * Gbps, source: 'assumption: PC133 SDRAM peaks at 8 bytes × 133 MHz = 1.07 GB/s; a cache-cold copy reads and writes every byte and reaches ≈ 0.4 GB/s', sourceKind: 'assumption', range: { lo: 2e9, hi: 5e9, why: '0.25–0.6 GB/s cache-cold memcpy on a PC133 Pentium III' } },
      pciBusBandwidth: { value: 1.064 * Gbps, source: 'PCI Local Bus Specification 2.2: 32 bits × 33.33 MHz = 133 MB/s = 1.064 Gb/s', sourceKind: 'measured' },
      pciBusBurstOverhead: { value: 60, source: 'assumption: an address phase and turnaround, 2 cycles at 33 MHz', sourceKind: 'assumption', range: { lo: 30, hi: 300, why: 'fast back-to-back up to arbitration behind other masters at 33 MHz' } },
      pciWriteBandwidth: { value: 0.5 * Gbps, source: 'assumption: posted CPU writes through the host bridge reach about half the 1.064 Gb/s of 32-bit/33 MHz PCI', sourceKind: 'assumption', range: { lo: 0.3e9, hi: 1e9, why: 'a quarter to all of the bus\'s raw rate' } },
      pciReadLatency: { value: 1000, source: 'assumption: a non-posted read round trip on a 33 MHz bus, ≈ 33 bus cycles', sourceKind: 'assumption', range: { lo: 600, hi: 2000, why: '20–60 cycles of a 33 MHz bus' } },
      pciWriteLatency: { value: 300, source: 'assumption: ≈ 10 bus cycles at 33 MHz', sourceKind: 'assumption', range: { lo: 120, hi: 600, why: '4–20 bus cycles at 33 MHz' } },
      bridgeHopLatency: { value: 300, source: 'assumption: ≈ 10 bus cycles at 33 MHz per store-and-forward bridge', sourceKind: 'assumption', range: { lo: 120, hi: 1000, why: '4–30 bus cycles at 33 MHz' } },
      irqLatency: { value: 2000, source: 'assumption: an interrupt through the 8259/IO-APIC over a 33 MHz PCI and a 133 MHz front-side bus, out of the idle loop', sourceKind: 'assumption', range: { lo: 1000, hi: 5000, why: '1–5 µs on a 2001 PC' } },
      vmExitCycles: { value: 572, source: 'Sugerman et al., USENIX ATC 2001, the table breaking down VMM time: an IN/OUT to the virtual PIC, trapped and handled in the VMM without a world switch, averages 0.78 µs on the 733 MHz Pentium III, 0.78 µs × 733 MHz ≈ 572 cycles (the IN/OUT to the Lance status register: 0.91 µs); it includes the PIC model\'s small handler, so it bounds the pure trap from above', sourceKind: 'measured', range: { lo: 350, hi: 572, why: 'the 0.78 µs includes the PIC handler\'s own work: the pure trap round trip is somewhat less' } }
    }
  },
  {
    id: 'xeon-2003-pcix',
    label: 'Dual 2.4 GHz Xeon with PCI-X (2003)',
    year: 2003,
    description: 'A 2003 two-way server (Barham et al., SOSP 2003: Dell 2650, two 2.4 GHz Netburst Xeons, a Broadcom Tigon 3 gigabit NIC): the same Netburst microarchitecture as the 2006 testbed, 2 logical CPUs, a 64-bit/133 MHz PCI-X bus.',
    nic: 'tigon3-2003',
    cycleScale: {
      factor: 1,
      source: 'assumption: the same Netburst microarchitecture as the 2006 testbed, so the same cycles per unit of work',
      sourceKind: 'assumption',
      range: { lo: 0.9, hi: 1.1, why: 'Northwood against Irwindale Netburst: cache sizes and pipeline length differ slightly' }
    },
    values: {
      clock: { value: 2.4e9, source: 'Barham et al., SOSP 2003, §4.1: Dell 2650 with two 2.4 GHz Xeon processors', sourceKind: 'measured' },
      logicalCpus: { value: 2, source: 'Barham et al., SOSP 2003, §4.1: a dual-processor Dell 2650', sourceKind: 'measured' },
      threadsPerCore: { value: 1, source: 'assumption: hyperthreading off, as the Barham 2003 literature project reads §4.1 (two processors, two logical CPUs)', sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the value' } },
      memCopyBandwidth: { value: 6.4 * Gbps, source: 'assumption: dual-channel DDR200 (3.2 GB/s peak) behind a 400 MT/s front-side bus; a cache-cold copy reaches ≈ 0.8 GB/s', sourceKind: 'assumption', range: { lo: 4e9, hi: 10e9, why: '0.5–1.25 GB/s cache-cold memcpy on a 2003 Xeon' } },
      pciBusBandwidth: { value: 8.528 * Gbps, source: 'assumption: the NIC\'s slot is 64-bit/133 MHz PCI-X (1066 MB/s, PCI-X 1.0) as the Dell 2650 offers; slower PCI-X slots give the range', sourceKind: 'assumption', range: { lo: 4.264e9, hi: 8.528e9, why: '64-bit/66 MHz PCI up to 64-bit/133 MHz PCI-X' } }
    }
  },
  {
    id: 'xeon-2006-ixp2400',
    label: '2.8 GHz Xeon + IXP2400 testbed (2006, seed 004)',
    year: 2006,
    description: 'Seed 004\'s testbed (§4.1): dual 2-way hyperthreaded 2.8 GHz Netburst Xeons (4 logical CPUs), a PCI bus, a Broadcom gigabit NIC and an IXP2400 NP-NIC behind a bridge. Every value is the catalog default.',
    nic: 'gige-2006',
    values: {}
  },
  {
    id: 'nehalem-2010',
    label: 'Nehalem Xeon 5500 server (2010)',
    year: 2010,
    description: 'A two-socket Nehalem-EP server (Xeon X5570: 4 cores × 2 hyperthreads per socket, 2.93 GHz, triple-channel DDR3), PCIe 2.0, VT-x with cheaper exits, VT-d, an Intel 82576 SR-IOV gigabit NIC (choose "82599-2009" on the NIC for 10 GbE), as in Dong et al., HPCA 2010 and the 10 GbE results of the era.',
    nic: '82576-2009',
    cycleScale: {
      factor: 0.45,
      source: `assumption: Nehalem taken ≈ 5–10 % above Core 2 in integer work per clock; ${CORE_PER_CLOCK}`,
      sourceKind: 'assumption',
      range: { lo: 0.35, hi: 0.6, why: `Core 2 to Nehalem per-clock gains of 0–20 %; ${SPEC_VS_KERNEL}` }
    },
    values: {
      vmExitIndirectCycles: { value: 500, source: 'assumption: with VPID (Nehalem and later) a VM exit no longer flushes the TLB, so what remains of an exit\'s indirect cost is cache pollution by the hypervisor\'s handler (the catalog\'s 2,000 cycles are a Netburst TLB refill)', sourceKind: 'assumption', range: { lo: 200, hi: 2000, why: 'a few L1/L2 lines displaced by the exit handler up to a partial TLB refill' } },
      pvRxMode: { value: 'grant-copy', source: 'Xen 3.1 (2007) replaced page flipping with grant copy as netback\'s receive path (xen-devel, March 2007, "Remove netloop by lazy copying in netback"); every Xen of 2010 uses it', sourceKind: 'measured' },
      pvGso: { value: true, source: 'Xen netback TSO/GSO support since changeset 421afcd (June 2006, Xen 3.0.3); every Xen of 2010 offers it', sourceKind: 'measured' },
      clock: { value: 2.93e9, source: 'Intel Xeon X5570 datasheet: 2.93 GHz (Turbo Boost not modelled)', sourceKind: 'measured' },
      logicalCpus: { value: 16, source: 'Intel Xeon X5570 datasheet: 4 cores, 8 threads per socket; a two-socket server', sourceKind: 'measured' },
      threadsPerCore: { value: 2, source: 'Intel Xeon X5570 datasheet: Hyper-Threading, 2 threads per core', sourceKind: 'measured' },
      memCopyBandwidth: { value: 40 * Gbps, source: 'assumption: triple-channel DDR3-1333 peaks at 32 GB/s per socket (Intel X5570 datasheet); one core\'s cache-cold copy reaches ≈ 5 GB/s', sourceKind: 'assumption', range: { lo: 24e9, hi: 64e9, why: '3–8 GB/s single-core cache-cold memcpy on Nehalem-EP' } },
      vmExitCycles: { value: 600, source: `assumption: ${INTEL_VMX_TREND}; 002 gives O(1000) cycles for the reference`, sourceKind: 'assumption', range: { lo: 400, hi: 1500, why: 'hardware round trip plus the minimal exit handler on Nehalem VT-x' } },
      pciBusBandwidth: { value: 32 * Gbps, source: 'PCIe 2.0 base spec: an x8 link at 5 GT/s with 8b/10b coding = 8 × 5 × 0.8 = 32 Gb/s per direction', sourceKind: 'measured' },
      pciBusBurst: { value: 256, source: 'assumption: a 256-byte Max_Payload_Size, common on PCIe 2.0 root complexes', sourceKind: 'assumption', range: { lo: 128, hi: 512, why: 'PCIe root complexes of the era support 128–512-byte payloads' } },
      pciBusBurstOverhead: { value: 10, source: 'assumption: ≈ 24 bytes of TLP header, sequence number, CRC and framing per packet at 4 GB/s (6 ns) plus flow-control DLLPs', sourceKind: 'assumption', range: { lo: 5, hi: 40, why: 'TLP and DLLP overhead per packet on an x8 gen2 link' } },
      pciWriteBandwidth: { value: 8 * Gbps, source: 'assumption: posted CPU writes to device memory over PCIe 2.0 reach ≈ 1 GB/s without write combining', sourceKind: 'assumption', range: { lo: 4e9, hi: 16e9, why: '0.5–2 GB/s of uncached or write-combined MMIO writes' } },
      pciReadLatency: { value: 800, source: 'assumption: a non-posted PCIe read round trip through the IOH to a device register', sourceKind: 'assumption', range: { lo: 500, hi: 1500, why: 'PCIe MMIO read round trips of 0.5–1.5 µs through an external I/O hub' } },
      iotlbMissLatency: { value: 300, source: 'assumption: a VT-d page walk of up to 4 DRAM reads at ≈ 70–100 ns each, partly cached', sourceKind: 'assumption', range: { lo: 150, hi: 800, why: 'cached upper levels down to a full 4-level walk' } },
      irqLatency: { value: 700, source: 'assumption: an MSI write over PCIe to the local APIC (no front-side bus), out of the idle loop', sourceKind: 'assumption', range: { lo: 400, hi: 2000, why: 'MSI delivery and idle exit, 0.4–2 µs' } }
    }
  },
  {
    id: 'sandybridge-2012',
    label: 'Sandy Bridge Xeon E5-2600 server (2012)',
    year: 2012,
    description: 'A two-socket Sandy Bridge-EP server (Xeon E5-2670: 8 cores × 2 hyperthreads per socket, 2.6 GHz, quad-channel DDR3-1600), PCIe 3.0 integrated in the CPU, VT-x and VT-d, an Intel 82599 10 GbE NIC.',
    nic: '82599-2009',
    cycleScale: {
      factor: 0.41,
      source: `assumption: Sandy Bridge taken ≈ 10 % above Nehalem in integer work per clock; ${CORE_PER_CLOCK}`,
      sourceKind: 'assumption',
      range: { lo: 0.3, hi: 0.55, why: `per-clock gains of 0–25 % over Nehalem; ${SPEC_VS_KERNEL}` }
    },
    values: {
      vmExitIndirectCycles: { value: 500, source: 'assumption: with VPID (Nehalem and later) a VM exit no longer flushes the TLB, so what remains of an exit\'s indirect cost is cache pollution by the hypervisor\'s handler (the catalog\'s 2,000 cycles are a Netburst TLB refill)', sourceKind: 'assumption', range: { lo: 200, hi: 2000, why: 'a few L1/L2 lines displaced by the exit handler up to a partial TLB refill' } },
      pvRxMode: { value: 'grant-copy', source: 'Xen 3.1 (2007) replaced page flipping with grant copy as netback\'s receive path; every Xen of 2012 uses it', sourceKind: 'measured' },
      pvGso: { value: true, source: 'Xen netback TSO/GSO support since changeset 421afcd (June 2006, Xen 3.0.3); every Xen of 2012 offers it', sourceKind: 'measured' },
      clock: { value: 2.6e9, source: 'Intel Xeon E5-2670 datasheet: 2.6 GHz (Turbo Boost not modelled)', sourceKind: 'measured' },
      logicalCpus: { value: 32, source: 'Intel Xeon E5-2670 datasheet: 8 cores, 16 threads per socket; a two-socket server', sourceKind: 'measured' },
      threadsPerCore: { value: 2, source: 'Intel Xeon E5-2670 datasheet: Hyper-Threading, 2 threads per core', sourceKind: 'measured' },
      memCopyBandwidth: { value: 56 * Gbps, source: 'assumption: quad-channel DDR3-1600 peaks at 51.2 GB/s per socket (Intel E5-2670 datasheet); one core\'s cache-cold copy reaches ≈ 7 GB/s', sourceKind: 'assumption', range: { lo: 32e9, hi: 96e9, why: '4–12 GB/s single-core cache-cold memcpy on Sandy Bridge-EP' } },
      vmExitCycles: { value: 500, source: `assumption: a little below Nehalem's; ${INTEL_VMX_TREND}`, sourceKind: 'assumption', range: { lo: 300, hi: 1200, why: 'hardware round trip plus the minimal exit handler on Sandy Bridge VT-x' } },
      pciBusBandwidth: { value: 63 * Gbps, source: 'PCIe 3.0 base spec: an x8 link at 8 GT/s with 128b/130b coding = 8 × 8 × 128/130 ≈ 63 Gb/s per direction', sourceKind: 'measured' },
      pciBusBurst: { value: 256, source: 'assumption: a 256-byte Max_Payload_Size, common on Xeon E5 root ports', sourceKind: 'assumption', range: { lo: 128, hi: 512, why: 'root ports of the era support 128–512-byte payloads' } },
      pciBusBurstOverhead: { value: 5, source: 'assumption: ≈ 24 bytes of TLP overhead per packet at ≈ 8 GB/s (3 ns) plus flow-control DLLPs', sourceKind: 'assumption', range: { lo: 3, hi: 30, why: 'TLP and DLLP overhead per packet on an x8 gen3 link' } },
      pciWriteBandwidth: { value: 16 * Gbps, source: 'assumption: posted CPU writes to device memory through the on-die PCIe root reach ≈ 2 GB/s', sourceKind: 'assumption', range: { lo: 8e9, hi: 32e9, why: '1–4 GB/s of MMIO writes' } },
      pciReadLatency: { value: 600, source: 'assumption: a non-posted PCIe read round trip from the on-die root port to a device register', sourceKind: 'assumption', range: { lo: 400, hi: 1200, why: 'PCIe MMIO read round trips of 0.4–1.2 µs with an integrated root complex' } },
      iotlbMissLatency: { value: 250, source: 'assumption: a VT-d page walk of up to 4 DRAM reads, partly cached', sourceKind: 'assumption', range: { lo: 120, hi: 700, why: 'cached upper levels down to a full 4-level walk' } },
      irqLatency: { value: 600, source: 'assumption: an MSI write to the local APIC through the on-die root port, out of the idle loop', sourceKind: 'assumption', range: { lo: 300, hi: 2000, why: 'MSI delivery and idle exit, 0.3–2 µs' } }
    }
  },
  {
    id: 'current-server',
    label: 'Current server (2023: Sapphire Rapids, PCIe 4/5, 100 GbE)',
    year: 2023,
    description: 'A 2023 two-socket server (Xeon Gold 6430: 32 cores × 2 hyperthreads per socket, 2.1 GHz, 8-channel DDR5), PCIe 4.0/5.0, VT-x with APICv and posted interrupts, VT-d, an Intel E810 100 GbE NIC on PCIe 4.0 x16.',
    nic: 'e810-100g-2020',
    cycleScale: {
      factor: 0.33,
      source: `assumption: a 2023 core taken ≈ 1.45 × Core 2\'s integer work per clock; ${CORE_PER_CLOCK}`,
      sourceKind: 'assumption',
      range: { lo: 0.22, hi: 0.48, why: `per-clock gains of 0–100 % over Core 2 across a decade; ${SPEC_VS_KERNEL}` }
    },
    values: {
      vmExitIndirectCycles: { value: 500, source: 'assumption: with VPID (Nehalem and later) a VM exit no longer flushes the TLB, so what remains of an exit\'s indirect cost is cache pollution by the hypervisor\'s handler (the catalog\'s 2,000 cycles are a Netburst TLB refill)', sourceKind: 'assumption', range: { lo: 200, hi: 3000, why: 'cache pollution by the exit handler; speculative-execution mitigations (buffer clearing on entry) add to it' } },
      interruptDelivery: { value: 'posted', source: 'Intel VT-d posted interrupts and APICv (virtual EOI without exit), in Xeon server CPUs since Ivy Bridge-EP/Haswell-EP (2013–14) and enabled by default in KVM', sourceKind: 'measured' },
      pvRxMode: { value: 'grant-copy', source: 'Xen 3.1 (2007) replaced page flipping with grant copy as netback\'s receive path', sourceKind: 'measured' },
      pvGso: { value: true, source: 'Xen netback TSO/GSO support since changeset 421afcd (June 2006); current xen-netback offers it', sourceKind: 'measured' },
      clock: { value: 2.1e9, source: 'Intel Xeon Gold 6430 datasheet: 2.1 GHz base (Turbo Boost not modelled)', sourceKind: 'measured' },
      logicalCpus: { value: 128, source: 'Intel Xeon Gold 6430 datasheet: 32 cores, 64 threads per socket; a two-socket server', sourceKind: 'measured' },
      threadsPerCore: { value: 2, source: 'Intel Xeon Gold 6430 datasheet: Hyper-Threading, 2 threads per core', sourceKind: 'measured' },
      memCopyBandwidth: { value: 96 * Gbps, source: 'assumption: 8-channel DDR5-4400 peaks at ≈ 280 GB/s per socket (Intel Xeon Gold 6430 datasheet); one core\'s cache-cold copy reaches ≈ 12 GB/s', sourceKind: 'assumption', range: { lo: 64e9, hi: 160e9, why: '8–20 GB/s single-core cache-cold memcpy on a 2023 server core' } },
      vmExitCycles: { value: 500, source: `assumption: VMX round trips stopped shrinking after Sandy Bridge while exit handlers grew (mitigations); ${INTEL_VMX_TREND}`, sourceKind: 'assumption', range: { lo: 300, hi: 1500, why: 'hardware round trip plus a minimal exit handler, with or without speculation mitigations' } },
      pciBusBandwidth: { value: 252 * Gbps, source: 'PCIe 4.0 base spec: an x16 link at 16 GT/s with 128b/130b coding = 16 × 16 × 128/130 ≈ 252 Gb/s per direction', sourceKind: 'measured' },
      pciBusBurst: { value: 512, source: 'assumption: a 512-byte Max_Payload_Size on a current root port', sourceKind: 'assumption', range: { lo: 256, hi: 4 * KiB, why: 'PCIe allows 128 B–4 KiB payloads; root ports typically support 256–512 B' } },
      pciBusBurstOverhead: { value: 2, source: 'assumption: ≈ 24 bytes of TLP overhead per packet at ≈ 32 GB/s (< 1 ns) plus flow-control DLLPs', sourceKind: 'assumption', range: { lo: 1, hi: 20, why: 'TLP and DLLP overhead per packet on an x16 gen4 link' } },
      pciWriteBandwidth: { value: 32 * Gbps, source: 'assumption: posted, write-combined CPU writes to device memory reach ≈ 4 GB/s', sourceKind: 'assumption', range: { lo: 16e9, hi: 64e9, why: '2–8 GB/s of MMIO writes' } },
      pciReadLatency: { value: 600, source: 'assumption: a non-posted PCIe read round trip to a device register, of the order measured for Xeon E5 and later (Neugebauer et al., SIGCOMM 2018 report hundreds of ns)', sourceKind: 'assumption', range: { lo: 350, hi: 1200, why: 'PCIe MMIO read round trips of 0.35–1.2 µs' } },
      iotlbMissLatency: { value: 250, source: 'assumption: a VT-d page walk of up to 4 DRAM reads at ≈ 100 ns each, partly cached', sourceKind: 'assumption', range: { lo: 100, hi: 700, why: 'cached upper levels down to a full 4-level walk' } },
      irqLatency: { value: 500, source: 'assumption: an MSI-X write to the local APIC through the on-die root port, out of the idle loop', sourceKind: 'assumption', range: { lo: 250, hi: 2000, why: 'MSI-X delivery and idle exit, 0.25–2 µs' } }
    }
  }
]

/** The profile of a host that names none: seed 004's testbed, i.e. the catalog defaults. */
export const DEFAULT_HOST_PROFILE: HostProfileId = 'xeon-2006-ixp2400'

const byId = new Map<string, HostProfile>(HOST_PROFILES.map((p) => [p.id, p]))

/** The host profile `id`, or undefined if there is none by that name. */
export function hostProfile(id: string): HostProfile | undefined {
  return byId.get(id)
}
