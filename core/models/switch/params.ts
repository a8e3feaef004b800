// The Switch kind: a store-and-forward (or cut-through) Ethernet switch with per-port
// buffers; its wire time comes from the links, its own delay from forwarding latency.
import type { KindSpec, ParamSpec } from '../catalog-types'
import { BANDWIDTH, DURATION, Gbps, KiB, MiB, SIZE, US, count, oneOf } from '../param-kit'

const SWITCH_PARAMS = [
  {
    key: 'ports', label: 'Ports', ...count(2, 4096), default: 24, group: 'Switch',
    doc: 'Ports available; each Ethernet link to the switch uses one, and a topology with more links than ports does not run.',
    source: 'assumption: a 24-port gigabit switch',
    sourceKind: 'assumption', range: { lo: 8, hi: 48, why: 'commodity gigabit switches have 8–48 ports' }
  },
  {
    key: 'lineRate', label: 'Port line rate', ...BANDWIDTH, default: 1 * Gbps, group: 'Switch',
    doc: 'Speed of each port (a link may be slower).',
    source: '004 §4.1: "connected to a gigabit switch"',
    sourceKind: 'measured'
  },
  {
    key: 'mode', label: 'Forwarding', ...oneOf('store-and-forward', 'cut-through'), default: 'store-and-forward', group: 'Switch',
    doc: 'Store-and-forward receives a whole frame before sending it on; cut-through starts after the preamble and header (22 bytes) when the output port is idle, so the frame\'s serialization overlaps its arrival (a busy output port stores it).',
    source: 'assumption: store-and-forward, usual for commodity gigabit switches',
    sourceKind: 'assumption'
  },
  {
    key: 'forwardingLatency', label: 'Forwarding latency', ...DURATION, max: 1_000 * US, default: 2 * US, group: 'Switch',
    doc: 'Fixed lookup and fabric time per frame, beyond serialization.',
    source: 'assumption: a few µs for a commodity gigabit switch',
    sourceKind: 'assumption', range: { lo: 500, hi: 10000, why: 'commodity gigabit switches forward in 0.5–10 µs' }
  },
  {
    key: 'portBuffer', label: 'Output buffer per port', ...SIZE, min: 1 * KiB, max: 1024 * MiB, default: 128 * KiB, group: 'Switch',
    doc: 'Frames queued for a busy output port beyond this are dropped.',
    source: 'assumption: ≈ 85 full-size frames per port, the order of shared-memory commodity switches; the seeds give no buffer size',
    sourceKind: 'assumption', range: { lo: 32768, hi: 524288, why: 'shared-memory commodity switches give a port 32–512 KiB' }
  }
] as const satisfies readonly ParamSpec[]

export const SWITCH: KindSpec = {
  kind: 'switch',
  label: 'Switch',
  description: 'An Ethernet switch joining NICs, NP-NICs, DCs and other switches.',
  params: SWITCH_PARAMS,
  connectsTo: ['nic', 'np-nic', 'dc', 'switch', 'storage-array']
}

/** Every parameter key of this kind: a misspelled key read through param-read's typed readers is a compile error. */
export type SwitchParamKey = (typeof SWITCH_PARAMS)[number]['key']
