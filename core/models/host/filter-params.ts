// A packet filter in the driver domain's network path (issue 11: interposition on the network
// path, a firewall / deep-packet-inspection stage): per-frame rule matching and per-byte payload
// inspection, charged with netback's per-packet work on every frame the driver domain forwards
// for a guest (paravirtual and emulated NICs). Off by default: the seeds' testbeds bridge
// without a filter.
import type { ParamSpec } from '../catalog-types'
import { CYCLES, factor } from '../param-kit'

export const PACKET_FILTER = [
  {
    key: 'firewallCyclesPerPacket', label: 'Firewall (per packet)', ...CYCLES, default: 0, group: 'Packet filter',
    doc: 'Driver-domain CPU per frame it forwards for a guest to match the frame\'s headers against a firewall\'s rules (netfilter on the bridge). 0 = no firewall.',
    source: 'assumption: off, as in 004 §4.1\'s testbed (a plain software bridge); a small netfilter rule set costs about 1-3 k cycles per packet, a long linear one tens of thousands',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a study switch, off in the seeds\' set-up: held at 0' }
  },
  {
    key: 'dpiCyclesPerByte', label: 'Deep packet inspection (per byte)', ...factor(0, 1000), default: 0, group: 'Packet filter',
    doc: 'Driver-domain CPU per byte of every frame it forwards for a guest to scan the payload (signature matching, as an intrusion-detection system does). 0 = no inspection.',
    source: 'assumption: off, as in 004 §4.1\'s testbed; multi-pattern signature matching scans at a few to a few tens of cycles per byte (Aho-Corasick / Hyperscan-class matchers)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a study switch, off in the seeds\' set-up: held at 0' }
  }
] as const satisfies readonly ParamSpec[]
