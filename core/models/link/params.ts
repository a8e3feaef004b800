// Link kinds (interconnects): what each may join and its parameters — bandwidth,
// propagation delay, per-message overhead in bytes and in time, and MTU.
import type { ComponentKind, LinkKind, LinkKindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, DURATION, Gbps, KiB, MiB, MS, SIZE, US } from '../param-kit'

interface LinkDefaults {
  bandwidth: [number, string]
  propagationDelay: [number, string]
  perMessageBytes: [number, string]
  perMessageDelay: [number, string]
  mtu: [number, string]
}

function linkParams(d: LinkDefaults) {
  return [
    {
      key: 'bandwidth', label: 'Bandwidth', ...BANDWIDTH, default: d.bandwidth[0], group: 'Link',
      doc: 'Data rate in each direction; a message occupies the link for (bytes + per-message bytes) × 8 / bandwidth.',
      source: d.bandwidth[1]
    },
    {
      key: 'propagationDelay', label: 'Propagation latency', ...DURATION, max: 1_000 * MS, default: d.propagationDelay[0], group: 'Link',
      doc: 'Time for a bit to cross the link, independent of size.',
      source: d.propagationDelay[1]
    },
    {
      key: 'perMessageBytes', label: 'Per-message overhead (bytes)', ...SIZE, max: 64 * KiB, default: d.perMessageBytes[0], group: 'Link',
      doc: 'Framing, headers and gaps added to every message on the wire (per MTU-sized piece).',
      source: d.perMessageBytes[1]
    },
    {
      key: 'perMessageDelay', label: 'Per-message overhead (time)', ...DURATION, max: 1_000 * MS, default: d.perMessageDelay[0], group: 'Link',
      doc: 'Fixed processing time per message at the link\'s ends (adapter or protocol work not charged to a modelled CPU).',
      source: d.perMessageDelay[1]
    },
    {
      key: 'mtu', label: 'MTU', ...SIZE, min: 64, max: 16 * MiB, default: d.mtu[0], group: 'Link',
      doc: 'Largest payload per message; longer transfers are split.',
      source: d.mtu[1]
    }
  ] as const satisfies readonly ParamSpec[]
}

const ETHERNET_PEERS: readonly ComponentKind[] = ['nic', 'np-nic', 'dc', 'switch']
const allPairs = (kinds: readonly ComponentKind[]): [ComponentKind, ComponentKind][] =>
  kinds.flatMap((a, i) => kinds.slice(i).map((b): [ComponentKind, ComponentKind] => [a, b]))

const SHORT_CABLE = 'assumption: ≈ 10 m of cable at ≈ 5 ns/m'

/** Link kinds in the order the UI offers them. */
export const LINK_KIND_ORDER: readonly LinkKind[] = ['ethernet', 'pci', 'infiniband', 'shared-memory', 'tcp']

export const LINK_KINDS: Readonly<Record<LinkKind, LinkKindSpec>> = {
  ethernet: {
    kind: 'ethernet', label: 'Ethernet', implicit: false,
    description: 'A full-duplex Ethernet cable between NICs, NP-NICs, DCs and switches.',
    joins: allPairs(ETHERNET_PEERS),
    params: linkParams({
      bandwidth: [1 * Gbps, '004 §4.1: gigabit ports and switch (§1: 100 Mbps links also studied)'],
      propagationDelay: [50, SHORT_CABLE],
      perMessageBytes: [38, 'assumption: Ethernet framing — preamble 8, header 14, FCS 4, inter-frame gap 12 bytes'],
      perMessageDelay: [0, 'assumption: adapter time is a NIC/NP-NIC parameter, not the cable\'s'],
      mtu: [1500, 'assumption: standard Ethernet MTU; 004 §7 lists jumbo frames as future work']
    })
  },
  pci: {
    kind: 'pci', label: 'PCI', implicit: true,
    description: 'The bus between a host and a device placed in it; never drawn and never stored, so it has no parameters of its own: the bus every device of a host shares (one per direction) is the host\'s PCI parameters (pciBusBandwidth, pciBusBurst, pciBusBurstOverhead, latencies), and direction-specific engine rates are the devices\'.',
    joins: [['host', 'nic'], ['host', 'np-nic'], ['host', 'host-gateway']],
    params: []
  },
  infiniband: {
    kind: 'infiniband', label: 'InfiniBand', implicit: false,
    description: 'An InfiniBand connection between a Host Gateway and a DC (scale-out: the DC on its own node).',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [8 * Gbps, '000 §3.1 maps PDMA over InfiniBand; 4x SDR (10 Gbps signalling, 8 Gbps data) is an assumption'],
      propagationDelay: [50, SHORT_CABLE],
      perMessageBytes: [26, 'assumption: InfiniBand local route, base transport and CRC headers (8 + 12 + 4 + 2 bytes)'],
      perMessageDelay: [1 * US, 'assumption: ≈ 1 µs of adapter work per message (doorbell, work request, completion)'],
      mtu: [2048, 'assumption: a common InfiniBand path MTU']
    })
  },
  'shared-memory': {
    kind: 'shared-memory', label: 'Shared memory', implicit: false,
    description: 'Shared-memory queues between a Host Gateway and a DC on the same machine (a DC on another core or partition).',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [8 * Gbps, '000 §3.1 (shared memory queues mechanism); assumption: as the host\'s memCopyBandwidth'],
      propagationDelay: [100, 'assumption: one cache-line transfer between cores'],
      perMessageBytes: [64, 'assumption: one cache line of queue descriptor'],
      perMessageDelay: [200, 'assumption: enqueue, dequeue and the poll that finds it'],
      mtu: [64 * KiB, 'assumption: one queue slot of 64 KiB, enough for a TSO-sized message']
    })
  },
  tcp: {
    kind: 'tcp', label: 'TCP', implicit: false,
    description: 'PDMA carried over a TCP connection between a Host Gateway and a DC.',
    joins: [['host-gateway', 'dc']],
    params: linkParams({
      bandwidth: [1 * Gbps, '000 §3.1 maps PDMA over TCP; assumption: over gigabit Ethernet'],
      propagationDelay: [50, SHORT_CABLE],
      perMessageBytes: [78, 'assumption: Ethernet framing 38 + IPv4 20 + TCP 20 bytes'],
      perMessageDelay: [10 * US, 'assumption: ≈ 5 µs of protocol processing at each end'],
      mtu: [1460, 'assumption: the TCP segment size on a 1500-byte Ethernet MTU']
    })
  }
}

/** Every parameter key of a (drawn) link kind. */
export type LinkParamKey = ReturnType<typeof linkParams>[number]['key']
