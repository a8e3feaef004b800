// A virtual disk's front-end parameters (issue 11): the emulated controller a guest's unmodified
// driver programs (IDE, AHCI, SCSI), the paravirtual protocol (blkfront/blkback, virtio-blk), VPIO
// on a simple disk controller, a DC serving block programs, and completion-interrupt coalescing
// (vIC). Keys are part of the project-file contract (attachment `params`). The micro-costs the
// network path already has (VM exit, hypercall, event channel, grant map/unmap, TLB flush, PCI
// latencies, copies) are the host's and are not repeated here: only block-specific ones are.
// How each front end spends them per request: docs/storage-frontends.md.
import type { ParamSpec } from '../../catalog-types'
import { BOOLEAN, CYCLES, DURATION, MS, RATIO, US, count, oneOf } from '../../param-kit'

const LIBATA = 'counted in Linux drivers/ata/libata-sff.c'

const CONTROLLER = [
  {
    key: 'controller', label: 'Emulated controller', ...oneOf('ide', 'ahci', 'scsi'), default: 'ide', group: 'Front end',
    doc: 'The disk controller the emulated technique presents (its guest driver decides the trapped accesses per request): IDE (8-bit taskfile OUTs and bus-master DMA, one command at a time), AHCI (command list in memory, one doorbell, NCQ), SCSI (LSI Logic Fusion-MPT style: a message frame in memory, one FIFO write).',
    source: '001 "Approaches": IDE\'s OUT instructions per request, SCSI "with far fewer traps"; IDE is seed 001\'s running example (an assumption as the default)',
    sourceKind: 'assumption'
  },
  {
    key: 'paravirtDriver', label: 'Paravirtual disk driver', ...oneOf('blkfront', 'virtio-blk'), default: 'virtio-blk', group: 'Front end',
    doc: 'The paravirtual protocol: Xen blkfront/blkback (a request ring in a shared page, a grant per 4 KiB segment mapped by blkback, event channels both ways) or virtio-blk (a virtqueue in guest memory the host reads directly, a kick that exits, an injected interrupt).',
    source: '001 "Approaches": Xen\'s virtual block-device front end and paravirtualized disks; virtio-blk as the default is an assumption (the common KVM/QEMU set-up)',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

const EMULATION = [
  {
    key: 'ideIssueAccesses', label: 'IDE accesses per command (28-bit LBA)', ...count(1, 256), default: 13, group: 'Emulated controller',
    doc: 'Port accesses the guest\'s IDE driver makes to issue one READ/WRITE DMA command with a 28-bit LBA, each trapped: the taskfile (features, sector count, LBA low/mid/high, device = 6 OUTs), the command OUT and its status pause read (2), and the bus-master set-up (PRD table pointer, read-modify-write of the BM command = 3) and start (read-modify-write = 2).',
    source: `001 "Approaches": IDE programs operation, device, sector, length and buffer with OUTs, each trapped; ${LIBATA} (ata_sff_tf_load, ata_sff_exec_command + ata_sff_pause, ata_bmdma_setup, ata_bmdma_start)`,
    sourceKind: 'measured', range: { lo: 11, hi: 15, why: 'drivers differ by the status reads around the command (no pause read; a device-select write and read)' }
  },
  {
    key: 'ideLba48Accesses', label: 'IDE extra accesses for 48-bit LBA', ...count(0, 64), default: 5, group: 'Emulated controller',
    doc: 'Extra OUTs of a READ/WRITE DMA EXT command: the high-order bytes of features, count and LBA (written first through the same 8-bit registers). Used when the request ends beyond sector 2^28 (128 GiB) or moves more than 256 sectors.',
    source: `001 "Approaches" (8-bit OUTs); ATA/ATAPI-6 48-bit feature set; ${LIBATA} (ata_sff_tf_load, ATA_TFLAG_LBA48: hob_feature, hob_nsect, hob_lbal, hob_lbam, hob_lbah)`,
    sourceKind: 'measured'
  },
  {
    key: 'ideIrqAccesses', label: 'IDE accesses per interrupt', ...count(0, 64), default: 5, group: 'Emulated controller',
    doc: 'Accesses of the IDE driver\'s interrupt handler per completion, each trapped: read the bus-master status, stop the engine (BM command write), the DMA pause read of the alternate status, read the status register (acknowledges INTRQ), clear the bus-master interrupt bit.',
    source: `001 "Challenges" (the guest driver handles the completion interrupt); ${LIBATA} (ata_bmdma_interrupt, ata_bmdma_stop, ata_sff_dma_pause, ata_sff_irq_status, ata_bmdma_irq_clear)`,
    sourceKind: 'measured', range: { lo: 3, hi: 5, why: 'without the alternate-status pause and a separate acknowledgement' }
  },
  {
    key: 'ahciIssueAccesses', label: 'AHCI accesses per command', ...count(1, 64), default: 2, group: 'Emulated controller',
    doc: 'MMIO writes to issue one NCQ command after building it in the command list in memory: PxSACT and the PxCI doorbell.',
    source: '001 "Approaches": a command block by reference and few traps; counted in Linux drivers/ata/libahci.c (ahci_qc_issue: writel PORT_SCR_ACT for NCQ, writel PORT_CMD_ISSUE)',
    sourceKind: 'measured', range: { lo: 1, hi: 2, why: 'one without NCQ (PxCI only)' }
  },
  {
    key: 'ahciIrqAccesses', label: 'AHCI accesses per interrupt', ...count(0, 64), default: 5, group: 'Emulated controller',
    doc: 'MMIO accesses of the AHCI interrupt handler per interrupt, whatever the completions it finds: read the HBA interrupt status, read and clear PxIS, read PxSACT to find the finished commands, clear the HBA status.',
    source: '001 "Challenges"; counted in Linux drivers/ata/libahci.c (ahci_single_level_irq_intr, ahci_port_intr, ahci_handle_port_interrupt)',
    sourceKind: 'measured', range: { lo: 4, hi: 6, why: 'MSI per-port vectors skip the HBA status; error paths read more' }
  },
  {
    key: 'scsiIssueAccesses', label: 'SCSI accesses per command', ...count(1, 64), default: 1, group: 'Emulated controller',
    doc: 'Register writes to issue one command of an LSI Logic Fusion-MPT style adapter: the message frame (CDB, SGL) is built in memory and its address written to the request FIFO.',
    source: '001 "Approaches": SCSI achieves the same "with far fewer traps"; counted in Linux drivers/message/fusion/mptbase.c (mpt_put_msg_frame: one CHIPREG_WRITE32 to RequestFifo)',
    sourceKind: 'measured', range: { lo: 1, hi: 3, why: 'SCRIPTS-style adapters (LSI 53c895a) take a few register writes' }
  },
  {
    key: 'scsiIrqAccesses', label: 'SCSI accesses per interrupt', ...count(0, 64), default: 1, group: 'Emulated controller',
    doc: 'Register reads of the SCSI adapter\'s interrupt handler per interrupt besides the replies: the final read of the empty reply FIFO.',
    source: '001 "Challenges"; counted in Linux mptbase.c (mpt_interrupt reads ReplyFifo until it returns 0xFFFFFFFF)',
    sourceKind: 'measured', range: { lo: 1, hi: 2, why: 'an interrupt-status read on other adapters' }
  },
  {
    key: 'scsiReplyAccesses', label: 'SCSI accesses per completion', ...count(0, 64), default: 1, group: 'Emulated controller',
    doc: 'Register reads per completed command in the SCSI adapter\'s interrupt handler: one reply FIFO read each.',
    source: '001 "Challenges"; counted in Linux mptbase.c (mpt_interrupt: one ReplyFifo read per reply)',
    sourceKind: 'measured'
  },
  {
    key: 'scsiQueueDepth', label: 'SCSI commands in flight', ...count(1, 1024), default: 32, group: 'Emulated controller',
    doc: 'Commands the guest\'s SCSI driver keeps outstanding on the virtual disk (its per-device queue depth). IDE takes one command at a time (no queuing); AHCI NCQ holds 32.',
    source: 'assumption: 32, the usual per-LUN queue depth of Linux SCSI HBA drivers; 001 does not give one',
    sourceKind: 'assumption', range: { lo: 16, hi: 128, why: 'per-LUN depths of 16–128 across SCSI HBA drivers' }
  },
  {
    key: 'guestDriverCycles', label: 'Guest controller driver (per request)', ...CYCLES, default: 5600, group: 'Emulated controller',
    doc: 'The guest\'s own driver of an emulated or VPIO controller, per request on each side: building the taskfile or command (PRD table, command list entry, message frame) when it issues, and ending the request in its interrupt handler. The accesses themselves are counted apart.',
    source: 'assumption: ≈ 2 µs per side on a 2.8 GHz CPU, as a native storage driver\'s command set-up and completion; 001 attributes emulation\'s extra cost to the traps, not the driver',
    sourceKind: 'assumption', range: { lo: 2800, hi: 14000, why: '1–5 µs of driver work per side' }
  },
  {
    key: 'diskModelCycles', label: 'Controller model per access', ...CYCLES, default: 1500, group: 'Emulated controller',
    doc: 'Work of the emulated controller\'s model per trapped access (decode, update the virtual register), on top of the VM exit.',
    source: 'assumption: ≈ 0.5 µs, as the NIC\'s emulModelCycles; 000 §2 and 001 attribute emulation\'s cost to frequent switches into the hypervisor',
    sourceKind: 'assumption', range: { lo: 500, hi: 5000, why: '0.2–2 µs of device-model work per trapped access' }
  },
  {
    key: 'diskModelRequestCycles', label: 'Controller model per request', ...CYCLES, default: 8400, group: 'Emulated controller',
    doc: 'Work of the controller model per command: read the PRD table / command list / message frame from guest memory, translate it into a back-end request, and post the completion (status, interrupt) when the back end is done.',
    source: 'assumption: ≈ 3 µs (a QEMU-style IDE/AHCI model walks a scatter-gather list and builds an AIO request); 001 "Approaches": the emulation interprets the OUTs and emulates the operation',
    sourceKind: 'assumption', range: { lo: 2800, hi: 28000, why: '1–10 µs for command decode, SG-list walk and completion posting' }
  },
  {
    key: 'diskModelLocation', label: 'Controller model location', ...oneOf('hypervisor', 'driver-domain'), default: 'hypervisor', group: 'Emulated controller',
    doc: 'Where the emulated controller\'s model runs: in the hypervisor on the trapping CPU (it then signals the driver domain\'s back end per request), or in a driver-domain process (Xen HVM\'s qemu-dm) that must be scheduled for every trapped access.',
    source: 'assumption: in the hypervisor, as the NIC\'s emulModelLocation (002 Palacios, 001 VMware); driver-domain models a user-space emulator',
    sourceKind: 'assumption'
  },
  {
    key: 'emulDataCopy', label: 'Controller model copies the data', ...BOOLEAN, default: true, group: 'Emulated controller',
    doc: 'The controller model moves each request\'s data between guest memory and the back end\'s buffer with one copy (a bounce buffer); off: the back end reads and writes guest memory in place.',
    source: '001 "Approaches": the emulation fetches or stores the block "using the emulation of the architecture\'s DMA capability"; a bounce-buffer copy is an assumption (QEMU\'s IDE DMA of the seeds\' era)',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

const PARAVIRTUAL = [
  {
    key: 'pvFrontCycles', label: 'Paravirtual front end (per request)', ...CYCLES, default: 2800, group: 'Paravirtual disk',
    doc: 'blkfront or virtio-blk in the guest, per request on each side: fill a ring slot (descriptors, or a grant reference per segment) when it issues, take the response and end the request when it completes.',
    source: '001 "Approaches": a paravirtual disk accepts commands via shared memory "with practically zero overhead"; ≈ 1 µs per side is an assumption (as netfront\'s netfrontTxCycles)',
    sourceKind: 'assumption', range: { lo: 1400, hi: 8400, why: '0.5–3 µs of front-end work per side' }
  },
  {
    key: 'blkbackRequestCycles', label: 'blkback per request', ...CYCLES, default: 5600, group: 'Paravirtual disk',
    doc: 'Xen blkback in the driver domain per request besides the grant operations: copy the request off the ring, build the bio, and write the response.',
    source: 'assumption: ≈ 2 µs, netback\'s ring + skb work (netbackRingCycles + netbackSkbCycles = 4200 cycles) plus bio set-up; 001: "the emulation code simply passes the command to the optimized back-end"',
    sourceKind: 'assumption', range: { lo: 2800, hi: 14000, why: '1–5 µs of back-end work per request' }
  },
  {
    key: 'blkifSegments', label: 'blkif segments per request', ...count(1, 256), default: 11, group: 'Paravirtual disk',
    doc: 'Segments (4 KiB pages, one grant each) one blkif ring request carries; a larger request takes several ring requests.',
    source: '001 "Approaches" (Xen\'s virtual block-device front end); Xen public/io/blkif.h: BLKIF_MAX_SEGMENTS_PER_REQUEST = 11',
    sourceKind: 'measured'
  },
  {
    key: 'blkifRingSlots', label: 'blkif ring slots', ...count(1, 4096), default: 32, group: 'Paravirtual disk',
    doc: 'Requests the blkif ring holds (one shared page); blkfront waits for a free slot beyond it.',
    source: '001 "Approaches" (commands via a shared memory segment); Xen blkif.h on one 4 KiB page: __CONST_RING_SIZE(blkif, 4096) = 32',
    sourceKind: 'measured'
  },
  {
    key: 'virtioBackendRequestCycles', label: 'virtio-blk back end per request', ...CYCLES, default: 4200, group: 'Paravirtual disk',
    doc: 'The virtio-blk device in the host (QEMU\'s iothread or vhost), per request: pop the descriptor chain, map the guest buffers (guest memory is directly accessible), build the I/O, push the used element.',
    source: 'assumption: ≈ 1.5 µs; 001 "Approaches": the emulation code simply passes the command to the back end',
    sourceKind: 'assumption', range: { lo: 1400, hi: 14000, why: '0.5–5 µs per request (vhost at the low end, a QEMU iothread at the high end)' }
  },
  {
    key: 'virtioQueueSize', label: 'virtqueue size', ...count(1, 32768), default: 128, group: 'Paravirtual disk',
    doc: 'Descriptors of the virtio-blk request queue: requests the guest can have posted at once.',
    source: '001 "Approaches" (shared-memory commands); QEMU virtio-blk\'s default queue size of 128 of the era (an assumption for the hardware generation)',
    sourceKind: 'assumption', range: { lo: 128, hi: 256, why: 'QEMU defaults 128, later 256' }
  },
  {
    key: 'virtioNotifySuppression', label: 'virtio kick suppression', ...BOOLEAN, default: true, group: 'Paravirtual disk',
    doc: 'The device tells the guest not to kick while it is still working through the queue (event index / VRING_USED_F_NO_NOTIFY): under load, requests posted meanwhile are found without a VM exit. Off: every request kicks (a study switch).',
    source: '001 "Approaches" (shared memory, practically zero overhead); the virtio specification\'s notification suppression (VIRTIO_RING_F_EVENT_IDX), negotiated by Linux and QEMU by default',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]

const VPIO = [
  {
    key: 'vpioModelUpdateCycles', label: 'VPIO model update', ...CYCLES, default: 100, group: 'VPIO disk',
    doc: 'Work to update the disk controller\'s model on one hooked access or physical interrupt (after the VM exit).',
    source: '002 "Experience with NE2K Model": "average non-exit cost of updating the model is ~100 cycles" (as the NIC\'s)',
    sourceKind: 'measured'
  },
  {
    key: 'vpioDmaValidateCycles', label: 'VPIO DMA validation (per segment)', ...CYCLES, default: 200, group: 'VPIO disk',
    doc: 'Checking one PRD segment\'s target against the guest\'s memory before the model lets the command start.',
    source: '002 "DMA": the destination is checked before the physical DMA; cost is an assumption (a short page-ownership lookup, as the NIC\'s)',
    sourceKind: 'assumption', range: { lo: 100, hi: 1000, why: 'a page-ownership lookup: tens to hundreds of ns' }
  },
  {
    key: 'vpioBadDmaRate', label: 'VPIO bad DMA targets', ...RATIO, default: 0, group: 'VPIO disk',
    doc: 'Fraction of a guest\'s commands whose DMA target lies outside its own memory (a buggy or hostile driver); the model denies them and the request fails.',
    source: 'assumption: 0, a well-behaved guest; 002 "DMA": a destination that fails the check is denied',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a switch for studies (a hostile guest), 0 for a well-behaved one: held at 0' }
  },
  {
    key: 'vpioContextSwitch', label: 'VPIO controller context switch', ...DURATION, max: 10_000 * US, default: 30 * US, group: 'VPIO disk',
    doc: 'Handing the controller to another guest once no command of the holder is in flight: save and restore port registers and the command list base.',
    source: '002 "Device Multiplexing"; ≈ 30 µs (tens of register accesses at ≈ 1 µs each) is an assumption, as the NIC\'s',
    sourceKind: 'assumption', range: { lo: 10000, hi: 100000, why: 'tens of register accesses at 0.5–2 µs each, plus model state' }
  }
] as const satisfies readonly ParamSpec[]

const DC_PROGRAMS = [
  {
    key: 'commandsPerProgram', label: 'Commands per I/O program', ...count(1, 64), default: 1, group: 'DC block programs',
    doc: 'A scalable-I/O disk combines up to this many waiting block requests (same operation and size) into one I/O program of that many commands: the submission, credential check, program parse, status message and completion are paid once per program.',
    source: '000 §3.4: command combining removes the round trips of dependent operations; 1 (no combining) is an assumption as the default, the dc-storage experiment sweeps 1–8',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a study variable (the dc-storage experiment sweeps it): held at 1' }
  }
] as const satisfies readonly ParamSpec[]

const COALESCING = [
  {
    key: 'coalesceCount', label: 'Completions per virtual interrupt', ...count(1, 256), default: 1, group: 'Completion coalescing',
    doc: 'Virtual interrupt coalescing (vIC) of the served front ends: the virtual disk\'s completion interrupt is raised once this many completions wait, or when the oldest has waited coalesceTimeout (1 = off: one interrupt per completion batch as it comes).',
    source: '001 "Challenges" cites virtual interrupt coalescing; Ahmad, Gulati, Mashtizadeh, "vIC: Interrupt Coalescing for Virtual Machine Storage Device IO", USENIX ATC 2011 (shipping in VMware ESX since 2009); off by default is an assumption (a study switch: the modelled Xen/KVM-style hypervisor has no vIC)',
    sourceKind: 'assumption', range: { lo: 1, hi: 1, why: 'a switch for studies, off in the modelled hypervisor: held at 1' }
  },
  {
    key: 'coalesceTimeout', label: 'Coalescing timeout', ...DURATION, max: 100 * MS, default: 100 * US, group: 'Completion coalescing',
    doc: 'Longest a completion waits for others before its virtual interrupt is raised anyway (with coalesceCount > 1).',
    source: 'assumption: 100 µs, the default delay bound of VMware ESX 4.0\'s completion IPI coalescing (VMware ESX 4.0 performance notes); vIC (Ahmad et al., ATC 2011) avoids high-resolution timers and bounds the delay by the next completion — 001 "Challenges"',
    sourceKind: 'assumption', range: { lo: 20 * US, hi: 1 * MS, why: '20 µs–1 ms: below it coalescing rarely batches, above it latency-bound guests suffer' }
  }
] as const satisfies readonly ParamSpec[]

export const VDISK_FRONT_PARAMS = [
  ...CONTROLLER, ...EMULATION, ...PARAVIRTUAL, ...VPIO, ...DC_PROGRAMS, ...COALESCING
] as const satisfies readonly ParamSpec[]

/** Every front-end key of a virtual disk: read through param-read's typed readers on `KindParams<VdiskFrontKey>`. */
export type VdiskFrontKey = (typeof VDISK_FRONT_PARAMS)[number]['key']
