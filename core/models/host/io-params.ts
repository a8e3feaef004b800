// The Host's I/O side: PCI transfers the CPU initiates, the IOMMU, physical and virtual
// interrupts, the split-driver (netfront/netback/bridge) costs (pv-params.ts) and the guest kernel stack.
import type { ParamSpec } from '../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, Gbps, KiB, GiB, SIZE, US, count, factor } from '../param-kit'
import { PARAVIRTUAL } from './pv-params'
import { PACKET_FILTER } from './filter-params'

const PCI = [
  {
    key: 'pciBusBandwidth', label: 'PCI bus bandwidth', ...BANDWIDTH, default: 4.264 * Gbps, group: 'PCI',
    doc: 'Raw capacity of the host\'s PCI bus in each direction, shared by every transfer crossing it: NIC DMA, NP-NIC writes into host memory, CPU writes into device memory. A transfer holds the bus for bytes × 8 / this (plus the burst overhead); it overlaps the transfer\'s own engine time unless the bus is busy or slower.',
    source: 'assumption: 64-bit, 66 MHz PCI (533 MB/s), the bus of an ENP2611-class board (004 §2 places the NP-NIC on PCI)',
    sourceKind: 'assumption',
    range: { lo: 1.064e9, hi: 8.528e9, why: '32-bit 33 MHz PCI (133 MB/s) up to 64-bit 133 MHz PCI-X (1066 MB/s)' }
  },
  {
    key: 'pciBusBurst', label: 'PCI burst length', ...SIZE, min: 4, max: 64 * KiB, default: 512, group: 'PCI',
    doc: 'Bytes per bus transaction before a target or the latency timer disconnects; every burst pays the burst overhead.',
    source: 'assumption: burst length before a target or the latency timer disconnects',
    sourceKind: 'assumption',
    range: { lo: 64, hi: 4096, why: 'a cache line up to a long memory-write-and-invalidate burst' }
  },
  {
    key: 'pciBusBurstOverhead', label: 'PCI burst overhead', ...DURATION, max: 10 * US, default: 45, group: 'PCI',
    doc: 'Bus time per burst beyond its data: the address phase and arbitration with turnaround.',
    source: 'assumption: one 8-byte address phase on a 64-bit 66 MHz bus (≈ 15 ns) plus arbitration and turnaround, ≈ 2 cycles (30 ns)',
    sourceKind: 'assumption',
    range: { lo: 15, hi: 200, why: 'fast back-to-back transactions up to arbitration behind other masters and a bridge' }
  },
  {
    key: 'pciWriteBandwidth', label: 'PCI write bandwidth (CPU)', ...BANDWIDTH, default: 1.2 * Gbps, group: 'PCI',
    doc: 'Rate at which a host CPU writes into device memory across PCI (posted writes), e.g. a guest copying a packet into its VIF send queue in NP SDRAM. The CPU is busy for the whole transfer.',
    source: 'calibrated jointly with np-nic vifSendFixedCycles from 004 §4.3.1 "message send (PCI write) ≈ 14.47 µs" (1 VIF, 1500-byte messages); the split is a judgement: ≥ 1 Gbps because 004 §4.3.2 says the host can feed the NP fast enough to sustain link speed, and 1.2 Gbps puts 1500 B × 8 / 1.2 Gbps = 10.0 µs on the bus, leaving 14.47 − 10.0 = 4.47 µs for the fixed part',
    sourceKind: 'calibrated', range: { lo: 1000000000, hi: 2000000000, why: 'at least the 1 Gbps the host must feed the NP at (004 §4.3.2); posted-write PIO through a bridge reaches well under half the 4.26 Gbps of a 64-bit/66 MHz bus' }
  },
  {
    key: 'pciReadLatency', label: 'PCI read latency', ...DURATION, max: 100 * US, default: 700, group: 'PCI',
    doc: 'Round trip of one non-posted read to a device on the host\'s PCI segment (e.g. reading the NP-NIC interrupt identifier register). Each bridge on the way adds 2 × bridge hop latency.',
    source: 'assumption: sub-microsecond PCI read round trip; with 1 bridge hop (004 §2: Intel 21555 bridge) the identifier read takes 1.0 µs of the 1.99 µs interrupt virtualization cost of 004 §4.3.1',
    sourceKind: 'assumption', range: { lo: 400, hi: 1500, why: 'a non-posted PCI read round trip is 0.4–1.5 µs on 33/66 MHz buses of the era' }
  },
  {
    key: 'pciWriteLatency', label: 'PCI write latency', ...DURATION, max: 100 * US, default: 150, group: 'PCI',
    doc: 'Time for one posted write to reach a device on the host\'s PCI segment (the CPU does not wait for it). Each bridge adds one bridge hop latency.',
    source: 'assumption: ≈ 10 bus cycles at 66 MHz; posted writes are much cheaper than reads (004 §3)',
    sourceKind: 'assumption', range: { lo: 60, hi: 300, why: '4–20 bus cycles at 66 MHz' }
  },
  {
    key: 'bridgeHopLatency', label: 'Bridge hop latency', ...DURATION, max: 100 * US, default: 150, group: 'PCI',
    doc: 'Added by each PCI-to-PCI bridge a transaction crosses, once per direction.',
    source: 'assumption: ≈ 10 bus cycles per store-and-forward bridge; 004 §2 puts the NP-NIC behind a 21555 non-transparent bridge and §5.2 blames the longer bridged path for extra latency and variance',
    sourceKind: 'assumption', range: { lo: 60, hi: 500, why: '4–30 bus cycles per store-and-forward bridge' }
  }
] as const satisfies readonly ParamSpec[]

const IOMMU = [
  {
    key: 'iommuEnabled', label: 'IOMMU', ...BOOLEAN, default: false, group: 'IOMMU',
    doc: 'A hardware IOMMU translates and checks device DMA. Pass-through and SR-IOV rely on it to confine a guest\'s DMA to its own memory; without it that DMA is unchecked.',
    source: '004 §3: "our host does not have a h/w IOMMU" (emulated with bounce buffers); 001 "Approaches" and 003 §III (VT-d) describe the IOMMU',
    sourceKind: 'measured'
  },
  {
    key: 'iotlbEntries', label: 'IOTLB entries', ...count(0, 4096), default: 64, group: 'IOMMU',
    doc: 'Translations the IOMMU caches; a DMA to a page not cached pays the IOTLB miss latency.',
    source: 'assumption: a few tens of entries in first-generation VT-d remapping units; no seed gives a size',
    sourceKind: 'assumption', range: { lo: 16, hi: 256, why: 'first-generation VT-d remapping units cache tens to a few hundred translations' }
  },
  {
    key: 'iotlbMissLatency', label: 'IOTLB miss (page walk)', ...DURATION, max: 100 * US, default: 400, group: 'IOMMU',
    doc: 'Extra DMA latency when the IOMMU must walk the I/O page table (added to the DMA, not to any CPU).',
    source: 'assumption: a 4-level walk of ≈ 100 ns memory reads',
    sourceKind: 'assumption', range: { lo: 200, hi: 1000, why: 'a 2–4 level walk of 100–250 ns memory reads' }
  },
  {
    key: 'iommuPageSize', label: 'IOMMU page size', ...SIZE, min: 4 * KiB, max: 1 * GiB, default: 4 * KiB, group: 'IOMMU',
    doc: 'Granularity of IOMMU translations; a DMA buffer spans ⌈bytes / page⌉ translations.',
    source: 'assumption: the 4 KiB x86 base page',
    sourceKind: 'assumption', range: { lo: 4096, hi: 2097152, why: '4 KiB base pages; 2 MiB superpages where the IOMMU supports them' }
  }
] as const satisfies readonly ParamSpec[]

const INTERRUPTS = [
  {
    key: 'irqDeliveryCycles', label: 'Physical interrupt delivery', ...CYCLES, default: 1000, group: 'Interrupts',
    doc: 'CPU work to take one physical interrupt in the hypervisor (or native kernel): entry, acknowledge, EOI, return. Charged on the CPU the interrupt is routed to.',
    source: 'assumption: same order as a VM exit (002: O(1000) cycles); part of the 1.99 µs interrupt virtualization of 004 §4.3.1',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: 'interrupt entry, acknowledge and EOI cost 0.2–1 µs on 2006 x86, the order of a VM exit' }
  },
  {
    key: 'irqVirtDispatchCycles', label: 'Interrupt virtualization dispatch', ...CYCLES, default: 372, group: 'Interrupts',
    doc: 'Hypervisor work per master interrupt of a self-virtualizing device beyond delivery: decode the identifier bits and look up the VIF → domain table. The identifier register read is a PCI read (pciReadLatency) and each signalled domain costs eventSendCycles.',
    source: 'calibrated: the remainder of 004 §4.3.1 "interrupt virtualization ≈ 1.99 µs" with 1 VIF: 1.99 µs − 1.0 µs identifier-register read (pciReadLatency 700 ns + 2 × bridgeHopLatency 150 ns across one bridge) = 0.99 µs = 2772 cycles at 2.8 GHz; 2772 − 1000 (irqDeliveryCycles) − 1400 (eventSendCycles, one signal) = 372',
    sourceKind: 'calibrated', range: { lo: 0, hi: 1500, why: 'a remainder: it moves with the assumed delivery, signal and read costs; below 0 is impossible, above ≈ 0.5 µs a bit decode and table lookup is implausible' }
  },
  {
    key: 'eventSendCycles', label: 'Event-channel signal (per signal)', ...CYCLES, default: 1400, group: 'Interrupts',
    doc: 'Hypervisor work to raise one event-channel signal on a domain: mark it pending, wake the vCPU (boost), kick its CPU. The per-signal cost of interrupt virtualization; a guest notify costs a hypercall plus this.',
    source: 'assumption: 0.5 µs at 2.8 GHz, the per-signal share of 004 §4.3.1 "interrupt virtualization ≈ 1.99 µs"; it is what grows with redundant signals past 8 VIFs (004 §4.3.1, §5.1)',
    sourceKind: 'assumption', range: { lo: 700, hi: 2800, why: '0.25–1 µs: a pending-bit update, a vCPU wake-up and possibly an IPI kick' }
  },
  {
    key: 'virqUpcallCycles', label: 'Virtual interrupt injection', ...CYCLES, default: 600, group: 'Interrupts',
    doc: 'Delivering a pending event to a guest when it next runs: upcall entry, event demultiplexing, unmask. Charged on the guest\'s vCPU.',
    source: 'assumption: a few hundred cycles, cheaper than a hypercall since no privilege change back into the hypervisor is needed',
    sourceKind: 'assumption', range: { lo: 300, hi: 1500, why: 'an upcall entry and event demultiplexing: 0.1–0.5 µs' }
  },
  {
    key: 'irqLatency', label: 'Interrupt delivery latency', ...DURATION, max: 100 * US, default: 1000, group: 'Interrupts',
    doc: 'Time from a device (or timer) raising an interrupt to the target CPU entering its handler: IO-APIC message across the buses to the local APIC, and leaving the idle loop when the CPU was halted. Not CPU work; the CPU is free meanwhile.',
    source: 'assumption: ≈ 1 µs on a 2006 Xeon; 004 §5.2 describes the path (NP → IO-APIC over PCI and the bridge → LAPIC over the system bus) and reports it as slower and more variable than a core-to-core path (Fig 9, numbers not in the text)',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: 'IO-APIC message over PCI and the bridge to the LAPIC and out of the idle loop: 0.5–3 µs' }
  },
  {
    key: 'ipiLatency', label: 'Inter-processor wake-up latency', ...DURATION, max: 100 * US, default: 1000, group: 'Interrupts',
    doc: 'Time from one CPU waking a vCPU that must run on another CPU (an event for a domain whose vCPU sits elsewhere) to that CPU rescheduling: the IPI from LAPIC to LAPIC over the system bus and the exit from the idle loop.',
    source: 'assumption: ≈ 1 µs; 004 §5.2 uses IPIs between cores for its ping-pong benchmark (Fig 9, numbers not in the text)',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: 'LAPIC-to-LAPIC IPI and idle-loop exit: 0.5–3 µs' }
  },
  {
    key: 'irqCpu', label: 'Interrupt CPU', ...count(0, 4095), default: 0, group: 'Interrupts',
    doc: 'Logical CPU that takes device interrupts; the hypervisor\'s interrupt handling (delivery, identifier read, signal routing) runs there and preempts whatever vCPU runs on it.',
    source: 'assumption: Xen 3.0 routes physical device interrupts to CPU 0 by default (IO-APIC destination of the boot CPU); 004 does not say otherwise',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'virqCoalesceDelay', label: 'Virtual interrupt coalescing', ...DURATION, max: 10_000 * US, default: 0, group: 'Interrupts',
    doc: 'Software coalescing of virtual interrupts: events for a domain within this window become one virtual interrupt (0 = off).',
    source: '001 "Challenges": some hypervisors coalesce virtual interrupts in software (vIC); off by default as in Xen 3.0 (an assumption: 004 does not mention coalescing)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies, off in the seeds\' set-up: held at 0' }
  },
  // Cross-CPU communication and per-domain cache effects (guest scaling, issue 10).
  {
    key: 'ipiSendCycles', label: 'IPI send', ...CYCLES, default: 500, group: 'Interrupts',
    doc: 'CPU work on the sending CPU to raise an inter-processor interrupt when a wake-up must run on another CPU: the write of the local APIC\'s interrupt command register (an uncached MMIO store in the xAPIC of 2006, serializing) and the wait for the APIC to accept it. Charged to the hypervisor on the sender; the receiver pays irqDeliveryCycles (interrupt entry, acknowledge, return).',
    source: 'assumption: ≈ 0.18 µs at 2.8 GHz; an xAPIC ICR write is an uncached, serializing MMIO store and Netburst sends APIC messages over the front-side bus (004 §5.2 describes the LAPIC-to-LAPIC path; Fig 9 gives the round trip, numbers not in the text). Vendors put a bare-metal IPI under a microsecond end to end (QNX hypervisor guide, "Guest IPIs")',
    sourceKind: 'assumption', range: { lo: 200, hi: 2000, why: 'an uncached APIC register write with the delivery-status poll: 0.07–0.7 µs at 2.8 GHz' }
  },
  {
    key: 'cacheLineTransferCycles', label: 'Cache-line transfer between cores', ...CYCLES, default: 560, group: 'Interrupts',
    doc: 'Stall of a CPU reading a 64-byte line last written by a CPU on another core (hyperthread siblings share their caches and pay nothing): on a 2006 dual-socket Xeon a snoop hit on a modified line in the other package, returned over the shared front-side bus. Charged per line handed between cores (crossCpuHandoffLines, signalDomainLines).',
    source: 'assumption: ≈ 200 ns, the order of a DRAM access on a 2006 Netburst Xeon, since a hit-modified snoop on a shared front-side bus is answered by an implicit write-back; 004 §5.2 names cache invalidations among the costs of inter-core communication and reports core-to-core ping-pong round trips (Fig 9, numbers not in the text)',
    sourceKind: 'assumption', range: { lo: 280, hi: 1120, why: '100–400 ns: a cache-to-cache transfer over a shared FSB is about a memory access; later on-die transfers are faster, cross-socket ones slower' }
  },
  {
    key: 'crossCpuHandoffLines', label: 'Lines per cross-core hand-off', ...count(0, 64), default: 4, group: 'Interrupts',
    doc: 'Cache lines a piece of work handed from one core to a vCPU that last ran on another must pull over before it can start: the event-channel pending and selector words, the ring producer index, the request or response slot. Each costs cacheLineTransferCycles on the receiving vCPU (packet data is counted by the techniques\' own copy and cold-data costs).',
    source: 'assumption: four lines — Xen\'s shared-info pending bitmap and the vCPU\'s pending selector, the shared ring\'s index, one descriptor',
    sourceKind: 'assumption', range: { lo: 2, hi: 8, why: 'the control lines of one notification and one ring slot: 2–8 lines' }
  },
  {
    key: 'signalDomainLines', label: 'Lines per signalled domain', ...count(0, 64), default: 3, group: 'Interrupts',
    doc: 'Cache lines of the signalled domain\'s own structures (shared-info pending word, vCPU info, vCPU struct for the wake-up) the hypervisor touches for each signal of interrupt virtualization; when the domain last ran on another core they were written there and each costs cacheLineTransferCycles on the interrupt CPU. This is why a signal costs more the more domains an interrupt reaches (004 §4.3.1, §5.2).',
    source: 'assumption: three lines per signal — the pending bit, the vCPU\'s upcall flag and selector, the vCPU struct the wake-up writes; 004 §5.2 says a self-virtualizing device "may potentially need to issue a larger number of interactions in order to signal multiple domains"',
    sourceKind: 'assumption', range: { lo: 1, hi: 6, why: 'the per-domain words one event-channel send writes: 1–6 lines' }
  },
  {
    key: 'domainCacheRefillCycles', label: 'Cold domain cache refill', ...CYCLES, default: 8400, group: 'Interrupts',
    doc: 'Extra work when a CPU switches to a domain whose cache working set other domains have evicted there since it last ran (on top of contextSwitchCycles): the refill of its kernel and I/O path lines. None when at most one other domain ran there in between, the full amount after cacheWarmDomains others (linear between), or when it never ran there.',
    source: 'assumption: ≈ 3 µs at 2.8 GHz, about fifteen dependent DRAM misses of ≈ 200 ns for the hot lines of a kernel\'s I/O path; Li, Ding and Shen, "Quantifying the Cost of Context Switch" (ExpCS 2007), show the indirect (cache) cost of a switch reaching and exceeding the direct cost once the working set competes for the cache; 004 §5.1 attributes cumulative latency to these switches when redundant signals wake many domains',
    sourceKind: 'assumption', range: { lo: 2800, hi: 28000, why: '1–10 µs: from a few tens of misses of a small path to the refill of a large part of a 1–2 MB L2' }
  },
  {
    key: 'cacheWarmDomains', label: 'Domains a CPU cache keeps warm', ...count(1, 15), default: 2, group: 'Interrupts',
    doc: 'Other domains that may run on a CPU before a domain\'s working set there counts as evicted: the refill of a domain switched back in grows linearly from none (one other domain ran) to the full domainCacheRefillCycles (this many ran).',
    source: 'assumption: the 1–2 MB L2 of a 2006 Xeon holds the I/O-path footprints of two or three domains; Netburst has no tagged TLB, so the TLB refill is in every switch (contextSwitchCycles)',
    sourceKind: 'assumption', range: { lo: 1, hi: 4, why: 'a 1–2 MB L2 against hot footprints of a few hundred KB per domain' }
  }
] as const satisfies readonly ParamSpec[]

const GUEST_KERNEL = [
  {
    key: 'tcpSendCycles', label: 'TCP/IP send (per segment)', ...CYCLES, default: 5600, group: 'Guest kernel',
    doc: 'Kernel TCP/IP work per sent segment in any domain on this host, excluding the copy from user space (charged at memCopyBandwidth) and the driver.',
    source: 'assumption: ≈ 2 µs per segment for a 2.6-era Linux stack at 2.8 GHz',
    sourceKind: 'assumption', range: { lo: 2800, hi: 11200, why: '1–4 µs per segment for a 2.6-era Linux stack at 2.8 GHz' }
  },
  {
    key: 'tcpRecvCycles', label: 'TCP/IP receive (per segment)', ...CYCLES, default: 8400, group: 'Guest kernel',
    doc: 'Kernel TCP/IP work per received segment, including ACK generation, excluding the copy to user space and the driver.',
    source: 'assumption: ≈ 3 µs; receive costs more than send (demultiplexing, ACK processing)',
    sourceKind: 'assumption', range: { lo: 4200, hi: 16800, why: '1.5–6 µs per segment, receive dearer than send' }
  },
  {
    key: 'tcpAckCycles', label: 'TCP ACK processing', ...CYCLES, default: 2800, group: 'Guest kernel',
    doc: 'Kernel work per pure ACK a sender receives: advance the window, free acknowledged buffers, clock out new segments.',
    source: 'assumption: ≈ 1 µs, a third of the per-segment receive cost (no data to queue or copy)',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs per pure ACK' }
  },
  {
    key: 'processWakeCycles', label: 'Process wake-up', ...CYCLES, default: 4200, group: 'Guest kernel',
    doc: 'Guest kernel work when a received packet wakes an application blocked in a socket call: wake-up, scheduler, switch to the process (in a paravirtual guest the page-table switch is a hypercall and flushes the TLB). Charged per packet for request/response workloads whose application blocks on every packet (ping).',
    source: 'assumption: ≈ 1.5 µs at 2.8 GHz, below a full domain switch (contextSwitchCycles) since no hypervisor scheduling is involved; 004 §4.1 psapp blocks on every reply ("waits indefinitely for the reply")',
    sourceKind: 'assumption', range: { lo: 2800, hi: 8400, why: '1–3 µs: wake-up, schedule and switch to the process' }
  },
  {
    key: 'rawSocketCycles', label: 'Packet socket (per packet)', ...CYCLES, default: 2800, group: 'Guest kernel',
    doc: 'Kernel work per packet on a raw packet socket, which hands packets straight to the driver without the network stack (system call included).',
    source: '004 §4.1: psapp sends 64-byte probes on "packet sockets and SOCK_RAW mode … without any Linux network layer processing"; cost ≈ 1 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs: a system call and a driver hand-off' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 10 (nicfeat): per-byte checksum without offload and the per-call cost of an application's socket write/read.
const GUEST_KERNEL_NIC = [
  {
    key: 'checksumBandwidth', label: 'Software checksum rate', ...BANDWIDTH, default: 16 * Gbps, group: 'Guest kernel',
    doc: 'Rate at which a CPU computes the TCP checksum over payload when the NIC does not (checksumOffload off): every payload byte sent or received costs bytes × 8 / this of CPU on top of the copy.',
    source: 'assumption: ≈ 2 GB/s (≈ 1.4 cycles per byte at 2.8 GHz): a 16-bit ones\'-complement sum over data the copy has just touched, cheaper than the copy itself (RFC 1071 on folding the checksum into the copy)',
    sourceKind: 'assumption', range: { lo: 8e9, hi: 40e9, why: '0.5–3 cycles per byte at 2.8 GHz: a separate pass over warm data down to a sum folded into the copy' }
  },
  {
    key: 'socketCallCycles', label: 'Socket call (per write or read)', ...CYCLES, default: 2800, group: 'Guest kernel',
    doc: 'Kernel work per application write or read on a stream socket, apart from the per-segment stack work and the copy: system call entry and exit, socket lock, iovec set-up, wake-ups. Charged per message of the stream workload\'s messageBytes on each side, so small messages cost more CPU per byte.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz: a system call on a Netburst Xeon (a few hundred cycles for sysenter/sysexit) plus tcp_sendmsg/tcp_recvmsg\'s per-call set-up',
    sourceKind: 'assumption', range: { lo: 1400, hi: 8400, why: '0.5–3 µs per call: a cheap syscall with little socket work up to a Netburst int 0x80 with lock contention' }
  },
  // Transmit/receive asymmetry of the stack's data copy (issue 10, napigro).
  {
    key: 'sendCopySpeedup', label: 'Send copy speed-up (warm source)', ...factor(1, 8), default: 2, group: 'Guest kernel',
    doc: 'How much faster than memCopyBandwidth (a cache-cold copy) the sender\'s copy of application data into socket buffers runs: the application has just written the message, so its lines are in cache and only the destination misses, while the receiver\'s copy to the application reads lines a device or another domain just wrote (cold) — receive costs more per byte than transmit. 1: both copies cold.',
    source: 'assumption: ≈ 2 ×: a cold copy misses on every source and every destination line, a warm-source copy on the destination lines only, so about half the misses; Menon et al. (VEE 2005, §5) found receive dearer than transmit with more L2 misses on the received data (recalled, not re-checked against the text)',
    sourceKind: 'assumption', range: { lo: 1.3, hi: 3, why: 'write-allocate and prefetching make the destination misses cost more or less than the source ones' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 11 (blockcore): a kernel's block I/O path per request, in whichever domain runs it (a guest's
// own driver for pass-through and SR-IOV, the driver domain's back-end driver, bare metal). Yang,
// Minturn & Hady (FAST'12, §3 and Fig. 3) measured the whole asynchronous path of one 512-byte
// random read on Linux 2.6.33 (Xeon 2.93 GHz) at 9.01 µs, of which the device took 4.1 µs and the CPU
// 6.31 µs (≈ 18,500 cycles: system call, block layer, driver, interrupt, completion, wake-up and
// context switch). They do not publish the split; the five costs below divide it (with the wake-up,
// processWakeCycles) and sum to ≈ 17,200 cycles (5.9 µs at 2.93 GHz), inside the measured total.
const BLOCK_IO = [
  {
    key: 'blockSubmitSyscallCycles', label: 'Block I/O submit call (per request)', ...CYCLES, default: 1500, group: 'Block I/O',
    doc: 'Application-side kernel work to submit one asynchronous block request (io_submit: system call entry and exit, iocb copy-in, kiocb set-up), on the vCPU of the job that issues it.',
    source: 'assumption: part of Yang et al. FAST\'12 (§3, Fig. 3) 6.31 µs of CPU per asynchronous 512 B read at 2.93 GHz; a system call with aio set-up ≈ 0.5 µs',
    sourceKind: 'assumption', range: { lo: 750, hi: 3000, why: '×½…×2: the split of Yang et al.\'s measured total is not published' }
  },
  {
    key: 'blockLayerSubmitCycles', label: 'Block layer + driver submit (per request)', ...CYCLES, default: 5000, group: 'Block I/O',
    doc: 'Kernel work from a bio to a command in the device\'s submission queue: block layer (bio → request, tag allocation, plugging), the device driver building the command and its scatter-gather list (DMA mapping); the doorbell write follows. On the vCPU of the domain that runs the driver.',
    source: 'assumption: the largest part of Yang et al. FAST\'12 (§3, Fig. 3) 6.31 µs of CPU per asynchronous I/O; Bjørling et al. SYSTOR\'13 show the block layer itself, not the flash device, limiting IOPS (a per-request software cost, plus lock contention across cores)',
    sourceKind: 'assumption', range: { lo: 2500, hi: 10000, why: '×½…×2: blk-mq (Bjørling 2013) roughly halves it, an I/O scheduler and a single-queue lock double it' }
  },
  {
    key: 'blockIrqCycles', label: 'Block completion interrupt (per interrupt)', ...CYCLES, default: 2000, group: 'Block I/O',
    doc: 'The driver\'s interrupt service routine entry per interrupt, before it drains the completion queue (several completions per interrupt share it).',
    source: 'assumption: part of Yang et al. FAST\'12 (§3, Fig. 3) CPU total; an interrupt entry and handler prologue ≈ 0.7 µs',
    sourceKind: 'assumption', range: { lo: 1000, hi: 4000, why: '×½…×2: the split of Yang et al.\'s measured total is not published' }
  },
  {
    key: 'blockCompleteCycles', label: 'Block completion (per request)', ...CYCLES, default: 3000, group: 'Block I/O',
    doc: 'Kernel work per completion entry the interrupt handler drains: DMA unmapping, request and bio completion, the aio event posted to the issuing context.',
    source: 'assumption: part of Yang et al. FAST\'12 (§3, Fig. 3) 6.31 µs of CPU per asynchronous I/O; completion (softirq, bio end, aio event) ≈ 1 µs',
    sourceKind: 'assumption', range: { lo: 1500, hi: 6000, why: '×½…×2: the split of Yang et al.\'s measured total is not published' }
  },
  {
    key: 'blockReapCycles', label: 'Block I/O reap call (per request)', ...CYCLES, default: 1500, group: 'Block I/O',
    doc: 'Application-side kernel work to collect one completion (io_getevents), on the issuing job\'s vCPU, after the wake-up (processWakeCycles) of the job blocked waiting for it.',
    source: 'assumption: part of Yang et al. FAST\'12 (§3, Fig. 3) CPU total; a system call copying out one event ≈ 0.5 µs',
    sourceKind: 'assumption', range: { lo: 750, hi: 3000, why: '×½…×2: the split of Yang et al.\'s measured total is not published' }
  }
] as const satisfies readonly ParamSpec[]

export const HOST_IO_PARAMS = [...PCI, ...IOMMU, ...INTERRUPTS, ...PARAVIRTUAL, ...GUEST_KERNEL, ...GUEST_KERNEL_NIC, ...PACKET_FILTER, ...BLOCK_IO] as const satisfies readonly ParamSpec[]
