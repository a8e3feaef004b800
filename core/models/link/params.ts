// Link kinds (interconnects): what each may join and its parameters — bandwidth,
// propagation delay, per-message overhead in bytes and in time, and MTU.
import type { ComponentKind, LinkKind, LinkKindSpec, ParamSpec, PlausibleRange, SourceKind } from '../catalog-types'
import { BANDWIDTH, DURATION, Gbps, KiB, MiB, MS, SIZE, US } from '../param-kit'

/** A link parameter's default, its source, what the source is and (for assumptions) its plausible range. */
type LinkDefault = readonly [number, string, SourceKind, PlausibleRange?]

interface LinkDefaults {
  bandwidth: LinkDefault
  propagationDelay: LinkDefault
  perMessageBytes: LinkDefault
  perMessageDelay: LinkDefault
  mtu: LinkDefault
}

const sourced = ([, source, sourceKind, range]: LinkDefault): Pick<ParamSpec, 'source' | 'sourceKind' | 'range'> =>
  range ? { source, sourceKind, range } : { source, sourceKind }

function linkParams(d: LinkDefaults) {
  return [
    {
      key: 'bandwidth', label: 'Bandwidth', ...BANDWIDTH, default: d.bandwidth[0], group: 'Link',
      doc: 'Data rate in each direction; a message occupies the link for (bytes + per-message bytes) × 8 / bandwidth.',
      ...sourced(d.bandwidth)
    },
    {
      key: 'propagationDelay', label: 'Propagation latency', ...DURATION, max: 1_000 * MS, default: d.propagationDelay[0], group: 'Link',
      doc: 'Time for a bit to cross the link, independent of size.',
      ...sourced(d.propagationDelay)
    },
    {
      key: 'perMessageBytes', label: 'Per-message overhead (bytes)', ...SIZE, max: 64 * KiB, default: d.perMessageBytes[0], group: 'Link',
      doc: 'Framing, headers and gaps added to every message on the wire (per MTU-sized piece).',
      ...sourced(d.perMessageBytes)
    },
    {
      key: 'perMessageDelay', label: 'Per-message overhead (time)', ...DURATION, max: 1_000 * MS, default: d.perMessageDelay[0], group: 'Link',
      doc: 'Fixed processing time per message at the link\'s ends (adapter or protocol work not charged to a modelled CPU).',
      ...sourced(d.perMessageDelay)
    },
    {
      key: 'mtu', label: 'MTU', ...SIZE, min: 64, max: 16 * MiB, default: d.mtu[0], group: 'Link',
      doc: 'Largest payload per message; longer transfers are split.',
      ...sourced(d.mtu)
    }
  ] as const satisfies readonly ParamSpec[]
}

const ETHERNET_PEERS: readonly ComponentKind[] = ['nic', 'np-nic', 'dc', 'switch']
const allPairs = (kinds: readonly ComponentKind[]): [ComponentKind, ComponentKind][] =>
  kinds.flatMap((a, i) => kinds.slice(i).map((b): [ComponentKind, ComponentKind] => [a, b]))

const SHORT_CABLE = 'assumption: ≈ 10 m of cable at ≈ 5 ns/m'
const CABLE = { lo: 5, hi: 500, why: '1–100 m of cable at ≈ 5 ns/m' }

/** Link kinds in the order the UI offers them. */
export const LINK_KIND_ORDER: readonly LinkKind[] = ['ethernet', 'pci', 'infiniband', 'shared-memory', 'tcp']

export const LINK_KINDS: Readonly<Record<LinkKind, LinkKindSpec>> = {
  ethernet: {
    kind: 'ethernet', label: 'Ethernet', implicit: false,
    description: 'A full-duplex Ethernet cable between NICs, NP-NICs, DCs, switches and storage arrays.',
    joins: [...allPairs(ETHERNET_PEERS), ['nic', 'storage-array'], ['switch', 'storage-array']],
    params: linkParams({
      bandwidth: [1 * Gbps, '004 §4.1: gigabit ports and switch (§1: 100 Mbps links also studied)', 'measured'],
      propagationDelay: [50, SHORT_CABLE, 'assumption', CABLE],
      perMessageBytes: [38, 'IEEE 802.3 framing used directly: preamble and delimiter 8, header 14, FCS 4, inter-frame gap 12 bytes (no VLAN tag: 004 §4.1 uses one switch)', 'measured'],
      perMessageDelay: [0, 'assumption: adapter time is a NIC/NP-NIC parameter, not the cable\'s', 'assumption', { lo: 0, hi: 0, why: 'zero by construction: the adapters\' time is in the NIC and NP-NIC parameters' }],
      mtu: [1500, '004 §7 lists jumbo frames as future work, so 004 ran the standard 1500-byte Ethernet MTU', 'measured']
    })
  },
  pci: {
    kind: 'pci', label: 'PCI', implicit: true,
    description: 'The bus between a host and a device placed in it; never drawn and never stored, so it has no parameters of its own: the bus every device of a host shares (one per direction) is the host\'s PCI parameters (pciBusBandwidth, pciBusBurst, pciBusBurstOverhead, latencies), and direction-specific engine rates are the devices\'.',
    joins: [['host', 'nic'], ['host', 'np-nic'], ['host', 'host-gateway'], ['host', 'disk'], ['host', 'ssd'], ['host', 'nvme']],
    params: []
  },
  infiniband: {
    kind: 'infiniband', label: 'InfiniBand', implicit: false,
    description: 'An InfiniBand connection between a Host Gateway and a DC (scale-out: the DC on its own node).',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [8 * Gbps, '000 §3.1 maps PDMA over InfiniBand; 4x SDR (10 Gbps signalling, 8 Gbps data) is an assumption', 'assumption', { lo: 2e9, hi: 16e9, why: '1x SDR (2 Gbps data) to 4x DDR (16 Gbps data), the links of the era' }],
      propagationDelay: [50, SHORT_CABLE, 'assumption', CABLE],
      perMessageBytes: [26, 'assumption: InfiniBand local route, base transport and CRC headers (8 + 12 + 4 + 2 bytes)', 'assumption', { lo: 26, hi: 66, why: 'a global route header adds 40 bytes' }],
      perMessageDelay: [1 * US, 'assumption: ≈ 1 µs of adapter work per message (doorbell, work request, completion)', 'assumption', { lo: 500, hi: 3000, why: 'HCAs of the era add 0.5–3 µs per message' }],
      mtu: [2048, 'assumption: a common InfiniBand path MTU', 'assumption', { lo: 256, hi: 4096, why: 'the InfiniBand path MTUs range from 256 to 4096 bytes' }]
    })
  },
  'shared-memory': {
    kind: 'shared-memory', label: 'Shared memory', implicit: false,
    description: 'Shared-memory queues between a Host Gateway and a DC on the same machine (a DC on another core or partition).',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [8 * Gbps, '000 §3.1 (shared memory queues mechanism); assumption: as the host\'s memCopyBandwidth', 'assumption', { lo: 4e9, hi: 16e9, why: 'as the host\'s memCopyBandwidth: 0.5–2 GB/s' }],
      propagationDelay: [100, 'assumption: one cache-line transfer between cores', 'assumption', { lo: 50, hi: 300, why: 'a cache-to-cache line transfer: 50–300 ns across sockets of the era' }],
      perMessageBytes: [64, 'assumption: one cache line of queue descriptor', 'assumption', { lo: 64, hi: 128, why: 'one or two cache lines' }],
      perMessageDelay: [200, 'assumption: enqueue, dequeue and the poll that finds it', 'assumption', { lo: 100, hi: 1000, why: '0.1–1 µs for the queue operations and the poll' }],
      mtu: [64 * KiB, 'assumption: one queue slot of 64 KiB, enough for a TSO-sized message', 'assumption', { lo: 4096, hi: 262144, why: 'slots from one page to 256 KiB' }]
    })
  },
  tcp: {
    kind: 'tcp', label: 'TCP', implicit: false,
    description: 'PDMA carried over a TCP connection between a Host Gateway and a DC.',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [1 * Gbps, '000 §3.1 maps PDMA over TCP; assumption: over gigabit Ethernet', 'assumption', { lo: 1e9, hi: 10e9, why: 'gigabit Ethernet, up to the 10 GbE of the time' }],
      propagationDelay: [50, SHORT_CABLE, 'assumption', CABLE],
      perMessageBytes: [78, 'assumption: Ethernet framing 38 + IPv4 20 + TCP 20 bytes', 'assumption', { lo: 78, hi: 90, why: 'TCP timestamps add 12 bytes' }],
      perMessageDelay: [10 * US, 'assumption: ≈ 5 µs of protocol processing at each end', 'assumption', { lo: 4000, hi: 40000, why: '2–20 µs of protocol processing at each end' }],
      mtu: [1460, 'assumption: the TCP segment size on a 1500-byte Ethernet MTU', 'assumption', { lo: 1448, hi: 1460, why: 'the timestamps option takes 12 bytes of the segment' }]
    })
  }
}

/** Every parameter key of a (drawn) link kind. */
export type LinkParamKey = ReturnType<typeof linkParams>[number]['key']
