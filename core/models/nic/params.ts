// The NIC kind: a commodity gigabit NIC in a host — optionally multi-queue or SR-IOV —
// with its DMA and interrupt behaviour, native driver costs, and the device-model
// parameters that emulation and VPIO charge per access.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, Gbps, RATIO, SIZE, US, count, oneOf } from '../param-kit'
import { INHERIT_NIC_PROFILE, NIC_PROFILE_IDS } from './profiles'

// Hardware profile (core/models/nic/profiles.ts): fills the values the NIC does not set.
const PROFILE = [
  {
    key: 'profile', label: 'Hardware profile', ...oneOf(INHERIT_NIC_PROFILE, ...NIC_PROFILE_IDS), default: INHERIT_NIC_PROFILE, group: 'Profile',
    doc: 'A named, sourced NIC part (port speed, VFs, MSI-X vectors, its slot\'s DMA bandwidth). "host" takes the NIC profile of the host\'s hardware profile. A parameter set on the NIC overrides its profile value. See docs/profiles.md.',
    source: '004 §4.1: by default the NIC follows its host\'s profile, whose default is the testbed\'s gigabit NIC (the catalog defaults); the other profiles cite their datasheets per value',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

const HARDWARE = [
  {
    key: 'lineRate', label: 'Line rate', ...BANDWIDTH, default: 1 * Gbps, group: 'Hardware',
    doc: 'Port speed; serialization of a frame takes frame bytes × 8 / line rate (the link may be slower).',
    source: '004 §4.1: hosts carry a regular Broadcom gigabit Ethernet card; gigabit is the era\'s commodity NIC',
    sourceKind: 'measured'
  },
  {
    key: 'queues', label: 'Queue pairs', ...count(1, 4096), default: 1, group: 'Hardware',
    doc: 'Transmit/receive queue pairs of the physical function. With more than one, receive-side scaling (RSS) spreads received frames that no VF or owner claims over the queues by a hash of their flow, each queue with its own MSI-X interrupt on its own CPU, and the driver serves each queue on its own vCPU: several flows use several CPUs. SR-IOV VFs add queues of their own.',
    source: '003 §III "Multiple Queues": the NIC classifies packets into several queues; Intel 82576 datasheet: 16 transmit and 16 receive queues with RSS (82599: 128 queue pairs, RSS over up to 16); one queue pair (a plain NIC, as 004\'s Broadcom card is driven by Linux 2.6.12) is an assumption',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'ringSlots', label: 'Descriptor ring slots', ...count(1, 4096), default: 256, group: 'Hardware',
    doc: 'Descriptors per transmit or receive ring; a full receive ring drops packets.',
    source: 'assumption: 256-entry rings, a common driver default',
    sourceKind: 'assumption', range: { lo: 128, hi: 1024, why: 'drivers of the era default to 128–1024 descriptors per ring' }
  },
  {
    key: 'dmaDescriptorOverhead', label: 'DMA per-descriptor overhead', ...DURATION, max: 100 * US, default: 500, group: 'Hardware',
    doc: 'Device-side time per packet to fetch and write back a descriptor across PCI, added to the data DMA.',
    source: 'assumption: about one PCI read round trip (see host pciReadLatency) per descriptor',
    sourceKind: 'assumption', range: { lo: 200, hi: 1500, why: 'one to two PCI transactions per descriptor, 0.2–1.5 µs' }
  },
  {
    key: 'dmaBandwidth', label: 'DMA bandwidth', ...BANDWIDTH, default: 4.264 * Gbps, group: 'Hardware',
    doc: 'Rate at which the NIC moves frames between its buffers and host memory by bus-master DMA, shared by both directions.',
    source: 'assumption: a 64-bit, 66 MHz PCI slot (533 MB/s), the raw capacity of the implicit PCI link kind',
    sourceKind: 'assumption', range: { lo: 2132000000, hi: 8528000000, why: 'from 64-bit/33 MHz PCI (266 MB/s) to 64-bit/133 MHz PCI-X (1066 MB/s); 004 names no slot' }
  },
  {
    key: 'pioAccessLatency', label: 'Port I/O access', ...DURATION, max: 100 * US, default: 700, group: 'Hardware',
    doc: 'CPU stall of one register or port access that reaches the device (IN/OUT to I/O space is non-posted in both directions: the CPU waits for the completion). Paid by a guest driving the device directly (pass-through-style PIO, VPIO), not by an emulated access.',
    source: 'assumption: one PCI round trip, as the host\'s pciReadLatency (700 ns); 002 drives an NE2K whose data moves through a port',
    sourceKind: 'assumption', range: { lo: 400, hi: 1500, why: 'a non-posted PCI round trip, as pciReadLatency' }
  },
  {
    key: 'dmaBufferSize', label: 'DMA buffer size', ...SIZE, min: 64, max: 64 * 1024, default: 2048, group: 'Hardware',
    doc: 'Bytes of each receive or transmit buffer a descriptor points at; with the IOMMU page size it sets how many buffers share one IOTLB entry.',
    source: 'assumption: 2 KiB buffers for a 1500-byte MTU, the Linux e1000/igb default',
    sourceKind: 'assumption', range: { lo: 1536, hi: 4096, why: 'Linux drivers use 1.5–2 KiB buffers for a 1500-byte MTU, some a 4 KiB page' }
  },
  {
    key: 'pipelineLatency', label: 'MAC/PHY latency', ...DURATION, max: 100 * US, default: 1000, group: 'Hardware',
    doc: 'Fixed time a frame spends in the NIC\'s MAC and PHY per direction, beyond serialization.',
    source: 'assumption: ≈ 1 µs per direction for a gigabit NIC',
    sourceKind: 'assumption', range: { lo: 500, hi: 3000, why: '0.5–3 µs per direction for a gigabit MAC/PHY' }
  },
  {
    key: 'l2DemuxLatency', label: 'Hardware L2 demux', ...DURATION, max: 100 * US, default: 100, group: 'Hardware',
    doc: 'Time to classify a received frame into a queue or VF by destination MAC (multi-queue / SR-IOV).',
    source: 'assumption: a hardware table lookup; 003 §III says classification moves from the VMM into the NIC',
    sourceKind: 'assumption', range: { lo: 20, hi: 500, why: 'a hardware table lookup: tens to hundreds of ns' }
  },
  {
    key: 'irqCoalesceDelay', label: 'Interrupt coalescing delay', ...DURATION, max: 10_000 * US, default: 0, group: 'Hardware',
    doc: 'The NIC holds an interrupt this long after the first pending packet so that later ones share it (0 = interrupt per packet, unless frames is larger).',
    source: '001 "Challenges": physical cards batch interrupts; 0 by default so that latency benchmarks see no added delay (assumption)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies, off in the seeds\' set-up: held at 0' }
  },
  {
    key: 'irqCoalesceFrames', label: 'Interrupt coalescing frames', ...count(1, 4096), default: 1, group: 'Hardware',
    doc: 'An interrupt fires once this many packets are pending, or when the coalescing delay expires.',
    source: 'assumption: 1 (no frame batching)',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a switch for studies, off (one frame) in the seeds\' latency set-ups: held at 1' }
  },
  {
    key: 'irqThrottleRate', label: 'Interrupt throttling (max rate)', ...count(0, 65_535), default: 0, group: 'Hardware',
    doc: 'Interrupt throttling (Intel ITR/EITR): at most this many interrupts per second per queue vector — after an interrupt the next waits out 1 s / rate, frames landing meanwhile share it (0 = no limit; the catalog caps the rate at 65,535/s, ≈ 15 µs). Under load a NAPI driver re-enables its interrupt after every poll that empties the ring, so this sets the interrupt rate of a busy queue.',
    source: 'assumption: 0 (off), the reset value of the 82576/82599 EITR interval; drivers set it (igb\'s default dynamic-conservative mode keeps 4,000–20,000/s, ixgbe\'s dynamic mode up to 100,000/s), and Gordon et al. ASPLOS 2012 §1 measured over 150,000 interrupts/s for one device-assigned guest with coalescing on',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies, off in the seeds\' and literature set-ups (their drivers\' dynamic rates are not stated): held at 0' }
  }
] as const satisfies readonly ParamSpec[]

const SRIOV = [
  {
    key: 'sriovEnabled', label: 'SR-IOV', ...BOOLEAN, default: false, group: 'SR-IOV',
    doc: 'Exports virtual functions that guests use like pass-through devices, with queues and interrupts of their own.',
    source: 'assumption: off, a plain NIC, as in 004\'s hosts; 003 §III "Single Root I/O Virtualization (SR-IOV)" and 001 describe the capability',
    sourceKind: 'assumption'
  },
  {
    key: 'vfCount', label: 'Virtual functions', ...count(0, 256), default: 8, group: 'SR-IOV',
    doc: 'VFs the NIC offers; guests beyond this cannot get one (commodity parts offer about 8 to 64).',
    source: 'assumption: 8, the order of the 82576 NIC cited by 003 [3]; the seeds give no number',
    sourceKind: 'assumption', range: { lo: 7, hi: 64, why: 'the 82576 cited by 003 [3] offers 7 VFs per port; later parts offer 64' }
  },
  {
    key: 'msixVectors', label: 'MSI-X vectors', ...count(0, 2048), default: 32, group: 'SR-IOV',
    doc: 'Interrupt vectors shared by the PF and VFs; when VFs need more than this, VFs share vectors and the hypervisor must demultiplex (redundant signals).',
    source: 'assumption: a few tens; 004 §3 gives the PCI/PCIe MSI limits (32 / 2048) that bound it',
    sourceKind: 'assumption', range: { lo: 16, hi: 64, why: 'a few tens; bounded by the PCI/PCIe MSI limits of 004 §3' }
  },
  {
    key: 'msixVectorsPerVf', label: 'Vectors per VF', ...count(1, 64), default: 2, group: 'SR-IOV',
    doc: 'MSI-X vectors each VF uses (e.g. one transmit, one receive).',
    source: 'assumption: one per direction',
    sourceKind: 'assumption', range: { lo: 1, hi: 3, why: 'one shared vector, one per direction, or three with a mailbox vector as on the 82576' }
  }
] as const satisfies readonly ParamSpec[]

const DRIVER = [
  {
    key: 'driverTxCycles', label: 'Driver send', ...CYCLES, default: 2800, group: 'Native driver',
    doc: 'Native driver work per sent packet: map the buffer, fill a descriptor, ring the doorbell (one posted PCI write), reclaim.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs at 2.8 GHz' }
  },
  {
    key: 'driverRxCycles', label: 'Driver receive', ...CYCLES, default: 4200, group: 'Native driver',
    doc: 'Native driver work per received packet after the interrupt: read the descriptor, allocate a new buffer, pass up.',
    source: 'assumption: ≈ 1.5 µs at 2.8 GHz',
    sourceKind: 'assumption', range: { lo: 2100, hi: 8400, why: '0.75–3 µs at 2.8 GHz' }
  }
] as const satisfies readonly ParamSpec[]

const EMULATION = [
  {
    key: 'emulAccessesIde', label: 'Accesses per request (IDE-style)', ...count(1, 4096), default: 10, group: 'Emulation',
    doc: 'Trapped register accesses per request for an IDE-style driver: one 8-bit OUT per operand.',
    source: '001 "Approaches": IDE programs operation, device, sector, length and buffer with several 8-bit OUTs; 10 is an assumption (7 task-file registers + 3 bus-master DMA registers)',
    sourceKind: 'assumption', range: { lo: 7, hi: 16, why: 'at least the 7 task-file registers, more with bus-master DMA set-up and status reads' }
  },
  {
    key: 'emulAccessesScsi', label: 'Accesses per request (SCSI-style)', ...count(1, 4096), default: 2, group: 'Emulation',
    doc: 'Trapped accesses per request for a SCSI-style driver, which passes a command block by reference and rings a doorbell.',
    source: '001 "Approaches": SCSI "with far fewer traps"; 2 (pointer + doorbell) is an assumption',
    sourceKind: 'assumption', range: { lo: 1, hi: 4, why: 'a doorbell, perhaps a pointer and a status read' }
  },
  {
    key: 'ne2kControlAccesses', label: 'NE2K control accesses per packet', ...count(1, 4096), default: 14, group: 'Emulation',
    doc: 'NE2K register accesses per packet besides the data: byte count, remote address, command, transmit page, status and interrupt acknowledge.',
    source: 'assumption: from the NE2000 (DP8390) programming sequence; 002 reports total and hooked I/O counts but not per packet',
    sourceKind: 'assumption', range: { lo: 10, hi: 24, why: 'the DP8390 send and receive sequences take 10–24 register accesses depending on status polling' }
  },
  {
    key: 'ne2kBytesPerDataAccess', label: 'NE2K bytes per data access', ...count(1, 9000), default: 2, group: 'Emulation',
    doc: 'Bytes moved per data-port I/O: NE2K data goes through a port, 16 bits at a time, so a 1500-byte packet is 750 accesses. Raise it to model an emulator that batches string I/O.',
    source: '002: NE2K scenarios run hundreds of millions of port I/Os (large download: 294,508,810), i.e. data moves by port I/O; word mode is an assumption',
    sourceKind: 'assumption', range: { lo: 1, hi: 2, why: 'byte mode moves 1 byte per I/O, word mode 2' }
  },
  {
    key: 'emulModelCycles', label: 'Device model per access', ...CYCLES, default: 1500, group: 'Emulation',
    doc: 'Work of the device model per trapped access (decode, update virtual registers), on top of the VM exit.',
    source: 'assumption: ≈ 0.5 µs in an in-hypervisor device model; 000 §2 and 001 attribute emulation\'s cost to frequent switches into the hypervisor',
    sourceKind: 'assumption', range: { lo: 500, hi: 5000, why: '0.2–2 µs of device-model work per trapped access' }
  },
  {
    key: 'emulModelLocation', label: 'Device model location', ...oneOf('hypervisor', 'driver-domain'), default: 'hypervisor', group: 'Emulation',
    doc: 'Where the device model runs: in the hypervisor on the trapping CPU, or in a driver-domain process that must be scheduled for every trapped access.',
    source: 'assumption: in the hypervisor, as in 002 (Palacios) and 001 (VMware); driver-domain placement models a user-space emulator',
    sourceKind: 'assumption'
  },
  {
    key: 'emulBackendCycles', label: 'Device model back end', ...CYCLES, default: 2800, group: 'Emulation',
    doc: 'Per completed request, the device model hands the request to the back end and the real driver (assembling the packet, one copy at memCopyBandwidth extra).',
    source: '001 "Approaches": front-end emulation forwards to a back-end implementation; ≈ 1 µs is an assumption',
    sourceKind: 'assumption', range: { lo: 1400, hi: 8400, why: '0.5–3 µs to hand a request to the back end' }
  }
] as const satisfies readonly ParamSpec[]

const VPIO = [
  {
    key: 'vpioModelUpdateCycles', label: 'VPIO model update', ...CYCLES, default: 100, group: 'VPIO',
    doc: 'Work to update the device model on one hooked I/O (after the VM exit).',
    source: '002 "Experience with NE2K Model": "average non-exit cost of updating the model is ~100 cycles"',
    sourceKind: 'measured'
  },
  {
    key: 'vpioDmaValidateCycles', label: 'VPIO DMA validation', ...CYCLES, default: 200, group: 'VPIO',
    doc: 'Checking a DMA destination against the guest\'s memory before the model lets the DMA start.',
    source: '002 "DMA": the destination is checked before the physical DMA; cost is an assumption (a short page-ownership lookup)',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: 'a page-ownership lookup: tens to hundreds of ns' }
  },
  {
    key: 'vpioBadDmaRate', label: 'VPIO bad DMA targets', ...RATIO, default: 0, group: 'VPIO',
    doc: 'Fraction of a guest\'s DMA requests whose target lies outside its own memory (a buggy or hostile driver); the model denies them.',
    source: 'assumption: 0, a well-behaved guest; 002 "DMA": a destination that fails the check is denied',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies (a hostile guest), 0 for a well-behaved one: held at 0' }
  },
  {
    key: 'vpioContextSwitch', label: 'VPIO device context switch', ...DURATION, max: 10_000 * US, default: 30 * US, group: 'VPIO',
    doc: 'Handing the device to another guest once the model says it is reusable: save and restore device registers and model state by port I/O.',
    source: '002 "Device Multiplexing"; ≈ 30 µs (tens of port I/Os at ≈ 1 µs each) is an assumption',
    sourceKind: 'assumption', range: { lo: 10000, hi: 100000, why: 'tens of port I/Os at 0.5–2 µs each, plus model state' }
  },
  {
    key: 'vpioDeniedDma', label: 'Denied DMA handling', ...oneOf('drop', 'machine-check'), default: 'drop', group: 'VPIO',
    doc: 'What happens to a DMA whose target fails validation: it is silently not performed, or the guest gets a machine check.',
    source: '002 "DMA": "Ignore the DMA? Machine Check Exception?" (open question; default is an assumption)',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

// Stateless offloads (issue 10): segmentation (TSO), receive coalescing (LRO/GRO) and
// checksum offload. Off for the 2006 testbed (except checksum: see each source); a hardware
// profile turns them on for 2010+ parts.
const OFFLOAD = [
  {
    key: 'tsoEnabled', label: 'TCP segmentation offload (TSO)', ...BOOLEAN, default: false, group: 'Offloads',
    doc: 'The stack hands the driver one large send of up to tsoMaxBytes and the NIC cuts it into MSS frames: the per-segment stack and driver costs (and the doorbell) are paid once per large send; per-byte costs (copy, checksum) stay. Used by native, pass-through and SR-IOV endpoints (the guest\'s own driver).',
    source: 'assumption: off, as in the catalog\'s 2006 set-up whose per-segment costs were set for a stack that segments itself; Menon et al., USENIX ATC 2006, abstract: offload features are "available in most modern network cards" but not in Xen\'s virtual interfaces; Intel 82576 and 82599 datasheets list TSO',
    sourceKind: 'assumption'
  },
  {
    key: 'tsoMaxBytes', label: 'TSO / GSO large-send limit', ...SIZE, min: 1500, max: 256 * 1024, default: 64 * 1024, group: 'Offloads',
    doc: 'Largest send the stack hands the driver with TSO: ⌊this / MSS⌋ segments per large send.',
    source: 'assumption: 64 KiB, Linux\'s GSO_MAX_SIZE (65536 bytes, include/linux/netdevice.h): the stack never builds a larger send, whatever the NIC (the 82599 accepts up to 256 KiB)',
    sourceKind: 'assumption', range: { lo: 65536, hi: 65536, why: 'fixed by the Linux stack (GSO_MAX_SIZE): not uncertain' }
  },
  {
    key: 'lroEnabled', label: 'Receive coalescing (LRO/GRO)', ...BOOLEAN, default: false, group: 'Offloads',
    doc: 'GRO in the driver\'s NAPI poll (core/techniques/common/napi.ts, the same loop for bare metal\'s native driver and a device-assigned or SR-IOV guest\'s): consecutive in-order segments of one flow among the frames one poll takes (up to 64) are merged (up to lroMaxBytes) into one packet, so the per-packet stack receive costs and the ACK decision are paid per merged packet, while the driver still pays driverRxCycles per frame. A poll takes what arrived while its interrupt was on its way and its previous poll ran: one frame when idle (nothing to merge, no added latency), more under load or interrupt moderation. Frames the driver domain bridges to other guests are not merged (Linux turns LRO off on a bridged device).',
    source: 'assumption: off for the 2006 testbed — Linux gained LRO (inet_lro) in 2.6.24 (2008) and GRO in 2.6.29 (2009), after 004\'s Linux 2.6.12; Intel 82599 datasheet: hardware receive-side coalescing (RSC)',
    sourceKind: 'assumption'
  },
  {
    key: 'lroMaxBytes', label: 'Receive coalescing limit', ...SIZE, min: 1500, max: 256 * 1024, default: 64 * 1024, group: 'Offloads',
    doc: 'Largest merged packet (payload bytes) receive coalescing builds.',
    source: 'assumption: 64 KiB, the most Linux GRO merges into one packet (GSO_MAX_SIZE = 65536 bytes, skb_gro_receive)',
    sourceKind: 'assumption', range: { lo: 65536, hi: 65536, why: 'fixed by the Linux stack (GSO_MAX_SIZE): not uncertain' }
  },
  {
    key: 'checksumOffload', label: 'Checksum offload', ...BOOLEAN, default: true, group: 'Offloads',
    doc: 'The NIC computes and checks TCP/IP checksums. Off, the CPU checksums every payload byte it sends and receives at the host\'s checksumBandwidth (native, pass-through and SR-IOV endpoints).',
    source: 'assumption: on — gigabit parts of the era (004 §4.1\'s Broadcom card, e1000) checksum in hardware; Menon et al., USENIX ATC 2006, abstract: offloads "available in most modern network cards"',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

// An emulated DMA NIC (e1000-style, issue 10): descriptor rings in guest memory, a few
// trapped register accesses per packet sent and per interrupt; the data moves by the device
// model's DMA emulation (a copy), not by port I/O.
const E1000 = [
  {
    key: 'e1000TxAccesses', label: 'e1000 accesses per packet sent', ...count(0, 64), default: 1, group: 'Emulation',
    doc: 'Trapped register accesses an e1000-style guest driver makes per packet it sends: the transmit tail (TDT) doorbell after writing the descriptor into the ring in its own memory (no exit). The device model then reads the descriptor and copies the frame out of guest memory (the back end\'s one copy).',
    source: 'assumption: one, from the Linux e1000 driver (e1000_xmit_frame writes the TDT register once per frame; drivers that batch with xmit_more write it once per batch) and QEMU\'s e1000 model, which starts transmission on the TDT write',
    sourceKind: 'assumption', range: { lo: 1, hi: 2, why: 'one tail write per frame, a second access where the driver reads back or batches differently' }
  },
  {
    key: 'e1000IrqAccesses', label: 'e1000 accesses per interrupt', ...count(0, 64), default: 6, group: 'Emulation',
    doc: 'Trapped register accesses an e1000-style guest driver makes per interrupt, whatever the number of frames the ring holds: read the interrupt cause (ICR), mask (IMC) and flush (STATUS read), unmask (IMS) and flush after the poll, and one receive-tail (RDT) write returning the batch\'s buffers. Frames are already in guest memory, copied there by the device model.',
    source: 'assumption: six, from the Linux e1000 driver\'s interrupt and NAPI path (e1000_intr: ICR read, IMC write and E1000_WRITE_FLUSH; e1000_irq_enable: IMS write and flush; e1000_alloc_rx_buffers: one RDT write per refill)',
    sourceKind: 'assumption', range: { lo: 3, hi: 8, why: 'without the flush reads (3–4) up to extra status reads and tail writes per batch (8)' }
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (attack): VPIO's protections as explicit switches.
const VPIO_PROTECTION = [
  {
    key: 'vpioDmaValidation', label: 'VPIO DMA validation', ...BOOLEAN, default: true, group: 'VPIO',
    doc: 'The VPIO model checks every DMA target of a DMA-style driver against the guest\'s memory (vpioDmaValidateCycles in the hypervisor) and denies one outside it. Off (a study of "what if VPIO did not validate"): no validation cost, and a DMA into another guest\'s memory is performed; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '002 "DMA": the model checks the destination of a DMA before letting it start',
    sourceKind: 'measured'
  },
  {
    key: 'vpioHandoffCheck', label: 'VPIO reusable-state handoff', ...BOOLEAN, default: true, group: 'VPIO',
    doc: 'VPIO hands the device to another guest only once the model says it is in a reusable state: a guest that leaves it mid-command is made to wait while the device is reset (one more vpioContextSwitch). Off: the next guest gets the device in whatever state the last one left it; validation refuses it unless the experiment sets protectionOffAcknowledged.',
    source: '002 "Device Multiplexing": the device is switched between guests only when the model shows it is in a reusable state',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

// Issue 12 (interference): the transmit packet buffer the NIC's queues share, which bounds how far
// the transmit arbiter (core/models/nic/tx-arbiter.ts) fetches ahead of the wire.
const TX_SCHEDULER = [
  {
    key: 'txBufferBytes', label: 'Transmit packet buffer', ...SIZE, min: 2 * 1024, max: 1024 * 1024, default: 16 * 1024, group: 'Hardware',
    doc: 'On-chip buffer between the NIC\'s transmit DMA and the wire, shared by all its queues (the PF\'s and every SR-IOV VF\'s). The NIC fetches a queue\'s next frame only when the buffer has room; which queue goes next is the transmit arbiter\'s choice (round robin, weighted by the VFs\' vfTxWeight). Frames of a saturating neighbour wait in their own queue, not in front of a victim\'s frame, except for what already sits in the buffer: at most this many bytes at the line rate (16 KB: 131 µs at 1 Gb/s). A large send (TSO) starts once its first segment fits and then holds all its segments\' bytes until they leave (the NIC sends it segment by segment), so with TSO on a victim\'s frame may find up to one large send more in front of it.',
    source: 'assumption: 16 KB, the default transmit share of Intel\'s gigabit 8254x NICs (PCI/PCI-X Family of Gigabit Ethernet Controllers Software Developer\'s Manual §13.4.16, PBA: TXA = 64 − RXA with RXA 48 KB by default); 004\'s Broadcom card\'s is not stated. The 82599 has 160 KB (Linux ixgbe_type.h IXGBE_TXPBSIZE_MAX)',
    sourceKind: 'assumption', range: { lo: 10 * 1024, hi: 24 * 1024, why: 'the 8254x family: 10 KB on the 82547GI (TXA = 40 − RXA, RXA 30 KB by default, same §13.4.16); PBA.RXA is writable, so a driver may give transmit more (24 KB with RXA 40 KB, an assumed upper end)' }
  }
] as const satisfies readonly ParamSpec[]

export const NIC: KindSpec = {
  kind: 'nic',
  label: 'NIC',
  description: 'A commodity gigabit Ethernet NIC in a host, optionally multi-queue or SR-IOV capable. Guests reach it natively, emulated, through a driver domain, by pass-through, through VFs, or with VPIO.',
  params: [...PROFILE, ...HARDWARE, ...SRIOV, ...DRIVER, ...EMULATION, ...VPIO, ...OFFLOAD, ...E1000, ...VPIO_PROTECTION, ...TX_SCHEDULER],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch', 'storage-array'],
  placedOn: ['host']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type NicParamKey = (typeof PROFILE | typeof HARDWARE | typeof SRIOV | typeof DRIVER | typeof EMULATION | typeof VPIO | typeof OFFLOAD | typeof E1000 | typeof VPIO_PROTECTION | typeof TX_SCHEDULER)[number]['key']
