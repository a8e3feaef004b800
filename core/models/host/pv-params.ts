// The split driver (Xen netfront/netback over a driver domain's software bridge): its
// per-packet costs decomposed into the micro-operations netback performs — ring work, skb
// build and free, grant map/unmap with the TLB flush they force, page flip or grant copy,
// the header it copies, the cold lines it touches — and the paravirtualized kernel's own
// tax. Per-batch costs (a hypercall, a TLB flush) are shared by the requests netback
// collects in one pass, as Xen 3.0's netback.c does (one GNTTABOP_map_grant_ref for the
// pending requests, one unmap batch in net_tx_action_dealloc, one multicall and one
// GNTTABOP_transfer per receive batch).
import type { ParamSpec } from '../catalog-types'
import { BOOLEAN, CYCLES, SIZE, count, oneOf } from '../param-kit'

const NETBACK_C = 'Xen 3.0 linux-2.6-xen drivers/xen/netback/netback.c'

export const PARAVIRTUAL = [
  {
    key: 'pvRxMode', label: 'Netback receive mode', ...oneOf('page-flip', 'grant-copy', 'copy'), default: 'page-flip', group: 'Split driver',
    doc: 'How netback hands a received frame to netfront. page-flip: transfer the page that holds it (pageFlipCycles per 4 KiB page, one hypercall per batch; Xen ≤ 3.0). grant-copy: the hypervisor copies the bytes into a buffer the guest granted (grantCopyCycles per frame plus the bytes at memCopyBandwidth, one hypercall per batch; the default from Xen 3.1 on). copy: the driver domain copies the bytes itself (memCopyBandwidth, no hypercall). A flip costs the same for an ACK as for a full page; a copy grows with the frame: small frames are cheaper to copy, page-sized ones to flip.',
    source: '004 §4.1: "The backend driver uses page flipping [24] to pass these packets to the frontend" (Xen 3.0); grant copy replaced flipping as netback\'s receive path in Xen 3.1 (xen-devel, March 2007, "Remove netloop by lazy copying in netback": "The copying is achieved through a new grant table operation")',
    sourceKind: 'measured'
  },
  {
    key: 'pvGrantReuse', label: 'Grant reuse (persistent grants)', ...BOOLEAN, default: false, group: 'Split driver',
    doc: 'On: the guest\'s buffers are granted and mapped into the driver domain once and reused, so netback does no grant map/unmap, no TLB flush and no grant-copy hypercall per packet; it copies the bytes between the persistently mapped buffer and its own (memCopyBandwidth) instead. Off: every transmitted frame is mapped and unmapped (Xen 3.0).',
    source: `004 §4.1 runs Xen 3.0, whose netback (${NETBACK_C}) maps (GNTTABOP_map_grant_ref) and unmaps every transmit request: off; reuse is the later persistent/staging-grant design (Xen netif "staging grants" proposal, Xen 4.11 docs; xen-netback "use gref mappings" patches report 3.6 vs 1.24 Mpps for 64-byte transmit and 2.04 Mpps vs half of it for receive with mapped grants vs grant operations, Xeon E5-2699 v3)`,
    sourceKind: 'measured'
  },
  {
    key: 'pvRingSlots', label: 'Split-driver ring slots', ...count(1, 4096), default: 256, group: 'Split driver',
    doc: 'Requests each netfront/netback shared ring holds; a full ring stalls the sender or drops received packets.',
    source: 'assumption: Xen\'s netif rings fill one 4 KiB page, 256 slots',
    sourceKind: 'assumption', range: { lo: 256, hi: 256, why: 'fixed by Xen\'s one-page netif ring: not uncertain' }
  },
  {
    key: 'netfrontTxCycles', label: 'Netfront send', ...CYCLES, default: 2800, group: 'Split driver',
    doc: 'Guest frontend work per sent packet: grant the buffer, fill a ring slot, decide whether to notify.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs: a grant, a ring slot and a notify check' }
  },
  {
    key: 'netfrontRxCycles', label: 'Netfront receive', ...CYCLES, default: 2800, group: 'Split driver',
    doc: 'Guest frontend work per received packet: take the response, map or accept the page, refill the ring, pass up.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs: take the response, accept the page, refill the ring' }
  },
  {
    key: 'netbackRingCycles', label: 'Netback ring work (per packet)', ...CYCLES, default: 1400, group: 'Split driver',
    doc: 'Netback\'s bookkeeping per packet in either direction: read the request from the shared ring, keep the pending slot, write the response and decide whether to notify. Size-independent: an ACK pays it like a full frame.',
    source: `assumption: ≈ 0.5 µs at 2.8 GHz: a few hundred instructions and two or three cache lines of the shared ring that the other domain wrote (${NETBACK_C}: make_tx_response / make_rx_response, pending_ring)`,
    sourceKind: 'assumption', range: { lo: 700, hi: 2800, why: '0.25–1 µs: a ring request, a response and the pending-slot bookkeeping, with the shared ring lines cold' }
  },
  {
    key: 'netbackSkbCycles', label: 'Netback skb build and free', ...CYCLES, default: 2800, group: 'Split driver',
    doc: 'Driver-domain kernel work per packet to build a socket buffer for a frame from a guest (alloc_skb, fill the linear area and the page fragment) or to free the one a frame for a guest came in, once handed over. Size-independent.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz for a slab alloc_skb and a kfree_skb with their accounting on a 2.6.16 kernel',
    sourceKind: 'assumption', range: { lo: 1400, hi: 5600, why: '0.5–2 µs: an skb allocation and free on a 2006 kernel' }
  },
  {
    key: 'pvHeaderCopyBytes', label: 'Netback header copy', ...SIZE, max: 4096, default: 64, group: 'Split driver',
    doc: 'Bytes at the start of a transmitted frame netback copies out of the guest\'s (mapped) page into the skb, so the guest cannot change the headers while the driver domain inspects them; the rest is sent from the mapped page without touching it. These lines are cold (the guest wrote them on its own CPU): each costs pvDataMissCyclesPerLine.',
    source: `004 §4.1 runs Xen 3.0, whose netback (${NETBACK_C}) has "#define PKT_PROT_LEN 64" (later kernels: 72, then 128)`,
    sourceKind: 'measured'
  },
  {
    key: 'grantMapCycles', label: 'Grant map (per page)', ...CYCLES, default: 2000, group: 'Split driver',
    doc: 'Hypervisor work to map one granted page into the driver domain beyond the hypercall entry: validate the grant entry, take references, write the page-table entry. Paid per transmitted frame unless grants are reused; the hypercall itself (hypercallCycles) is paid once per batch.',
    source: 'assumption: ≈ 0.7 µs at 2.8 GHz: a grant-table lookup with its locking and one validated PTE write; the per-operation cost that grant reuse removes (xen-netback mapped-grant patches: 64-byte transmit 1.24 → 3.6 Mpps without per-packet grant operations, Xeon E5-2699 v3)',
    sourceKind: 'assumption', range: { lo: 1000, hi: 5000, why: '0.35–1.8 µs: a grant lookup, reference counting and one validated page-table write' }
  },
  {
    key: 'grantUnmapCycles', label: 'Grant unmap (per page)', ...CYCLES, default: 2000, group: 'Split driver',
    doc: 'Hypervisor work to unmap one granted page after the NIC has sent it: clear the PTE, drop the references, release the grant. The TLB flush the unmaps force is paid once per batch (pvTlbFlushCycles).',
    source: `assumption: the mirror of grantMapCycles; ${NETBACK_C} unmaps in batches (net_tx_action_dealloc: one GNTTABOP_unmap_grant_ref for all freed requests)`,
    sourceKind: 'assumption', range: { lo: 1000, hi: 5000, why: 'as grantMapCycles: 0.35–1.8 µs' }
  },
  {
    key: 'pvTlbFlushCycles', label: 'TLB flush and refill (per batch)', ...CYCLES, default: 4200, group: 'Split driver',
    doc: 'A full TLB flush on the driver domain\'s CPU and the refills it causes, paid once per batch of grant unmaps (the unmapped addresses must not stay translated). 2006 x86 has no tagged TLB, so the whole TLB goes. Not paid when grants are reused or pages are copied.',
    source: 'assumption: ≈ 1.5 µs at 2.8 GHz: refilling ≈ 64 data and 64 instruction TLB entries of a Netburst Xeon at ≈ 30 cycles per page walk hitting the caches; Menon et al. (VEE 2005) found many times more data-TLB misses in Xen\'s driver domain than in native Linux',
    sourceKind: 'assumption', range: { lo: 1400, hi: 11200, why: '0.5–4 µs: a flush with 64–128 entries to refill at 20–90 cycles each' }
  },
  {
    key: 'grantCopyCycles', label: 'Grant copy (per operation)', ...CYCLES, default: 1500, group: 'Split driver',
    doc: 'Hypervisor work of one grant-copy operation beyond its bytes (charged at memCopyBandwidth) and the hypercall entry (once per batch): validate both grants, map the source and destination frames into the hypervisor\'s window, unmap them. Used by the grant-copy receive mode.',
    source: 'assumption: ≈ 0.55 µs at 2.8 GHz; cross-check: xen-netback with pre-mapped receive grants reaches 2.04 Mpps against about half of it with a grant-copy hypercall per 64-byte packet (Xeon E5-2699 v3), i.e. ≈ 0.5 µs per copy operation including the hypercall on a 2014 CPU',
    sourceKind: 'assumption', range: { lo: 700, hi: 4200, why: '0.25–1.5 µs: two grant validations and two temporary frame mappings' }
  },
  {
    key: 'pvDataMissCyclesPerLine', label: 'Cold line miss (per 64-byte line)', ...CYCLES, default: 420, group: 'Split driver',
    doc: 'One cache miss to memory on a 64-byte line another CPU or the device wrote last: charged for each header line netback copies out of a guest\'s frame (pvHeaderCopyBytes). Bulk copies already run at the cache-cold memCopyBandwidth.',
    source: 'assumption: ≈ 150 ns at 2.8 GHz, a load-to-use DRAM miss on a 2006 Netburst Xeon with a front-side-bus memory controller',
    sourceKind: 'assumption', range: { lo: 280, hi: 840, why: '100–300 ns: a DRAM miss through the front-side bus, more with a remote owner' }
  },
  {
    key: 'pvKernelTaxCycles', label: 'Paravirtualized-kernel tax (per packet)', ...CYCLES, default: 2800, group: 'Split driver',
    doc: 'Extra work per packet of a paravirtualized kernel\'s network path over native Linux: its page-table updates are validated by the hypervisor, it runs without the native kernel\'s large-page mappings and it shares caches and TLBs with the hypervisor, so it takes more TLB and cache misses. Charged for the driver domain\'s own traffic, on the driver-domain path of guest frames, and in netfront. Not charged when the host runs no hypervisor.',
    source: 'assumption: ≈ 1 µs at 2.8 GHz per packet: ≈ 20 extra data-TLB misses at ≈ 100 cycles per walk plus ≈ 2 extra cache misses at ≈ 400 cycles; Menon et al. (VEE 2005, §5) measured the driver domain\'s receive at 2–3 × native Linux\'s CPU per byte with several times more data-TLB and L2 misses (figures recalled, not re-checked against the text)',
    sourceKind: 'assumption', range: { lo: 1400, hi: 8400, why: '0.5–3 µs per packet: 10–50 extra TLB misses and a few cache misses on a 2006 Xeon' }
  },
  {
    key: 'netbackQueues', label: 'Netback queues', ...count(1, 64), default: 1, group: 'Split driver',
    doc: 'Backend threads (queues), each on its own driver-domain vCPU (at most one per vCPU); a guest\'s interface is served by the queue its hash picks, so a driver domain with several vCPUs serves several guests in parallel. 1 = one backend for all guests: transmit on vCPU 0, receive on vCPU 1 of an SMP driver domain (Xen 3.0).',
    source: `004 §4.1 runs Xen 3.0, whose netback (${NETBACK_C}) has one net_tx_tasklet and one net_rx_tasklet for all interfaces: 1; multi-queue xen-netback (Linux 3.16, 2014) creates one queue per driver-domain vCPU by default (max_queues = online CPUs)`,
    sourceKind: 'measured'
  },
  {
    key: 'bridgeCycles', label: 'Software bridge (per packet)', ...CYCLES, default: 4200, group: 'Split driver',
    doc: 'Driver-domain Ethernet bridge work per packet: MAC lookup and forwarding between the physical driver and the backends.',
    source: 'assumption: ≈ 1.5 µs; 004 §1 and §4.2.1 name bridging in dom0 as a main cost of driver-domain virtualization, and §4.2.2 its "instruction overheads"',
    sourceKind: 'assumption', range: { lo: 2800, hi: 8400, why: '1–3 µs: a MAC table lookup and a forward in the Linux bridge' }
  },
  // Offloads through the split driver (issue 10, napigro).
  {
    key: 'pvGso', label: 'Split-driver offloads (GSO/TSO, GRO)', ...BOOLEAN, default: false, group: 'Split driver',
    doc: 'On: netback advertises feature-gso-tcpv4 and checksum offload, so a guest\'s stack hands netfront sends of up to the NIC\'s TSO limit (a large packet crosses the ring as one request of several slots, one grant per 4 KiB page: netback maps each page, builds one skb, the bridge forwards it once and the NIC segments it), and frames the driver domain\'s NAPI poll merges by GRO (the NIC\'s lroEnabled) for a guest go through the bridge and netback as one large packet (netback grant-copies it page by page, or flips its pages); netfront and the guest\'s stack pay their per-packet work once per large packet. Needs a NIC with TSO (transmit) or receive coalescing (receive). Off: every packet is one MTU frame (Xen 3.0 before its TSO support). The ring\'s occupancy in slots (a 64 KiB packet takes up to 18) is not modelled: the ring counts packets.',
    source: '004 §4.1 runs Xen 3.0, before netback\'s TSO support: off. Xen changeset 421afcd "[NET] back: Add TSO support" (Herbert Xu, 28 June 2006: feature-tso advertised through xenbus, an extra request slot for the GSO information) and "[NET] back: Added tx queue" ("a maximum TSO packet can occupy as many as 18 entries"); Menon et al., USENIX ATC 2006, measured the gain of TSO and checksum offload in the virtual interface',
    sourceKind: 'measured'
  }
] as const satisfies readonly ParamSpec[]
