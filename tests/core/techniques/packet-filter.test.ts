// The driver domain's packet filter (issue 11: firewall / deep packet inspection on the network
// path): off by default; on, every frame forwarded for a guest pays the rule matching once and the
// inspection per byte, in both directions, for paravirtual and emulated back ends alike.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../core/sim'
import { defaultParams } from '../../../core/models/catalog'
import { HostModel } from '../../../core/models/host/host-model'
import type { HostParamKey } from '../../../core/models/host/params'
import type { KindParams } from '../../../core/models/param-read'
import { PacketPool } from '../../../core/models/packet'
import { makeRunStats } from '../../../core/models/run-stats'
import { DriverDomainPath } from '../../../core/techniques/common/driver-domain-path'
import { rtt } from './helpers'

function pathOf(over: Record<string, unknown> = {}): { p: DriverDomainPath; host: HostModel; pkt: (bytes: number) => number } {
  const host = new HostModel(new Simulator(), 'h', { ...defaultParams('host'), ...over } as KindParams<HostParamKey>, makeRunStats())
  const pool = new PacketPool()
  return { p: new DriverDomainPath(host, pool), host, pkt: (bytes) => { const i = pool.alloc(); pool.bytes[i] = bytes; return i } }
}

describe('packet filter in the driver domain', () => {
  it('is off by default and, on, adds rule matching per frame and inspection per byte to every forwarding cost', () => {
    const off = pathOf()
    const on = pathOf({ firewallCyclesPerPacket: 2000, dpiCyclesPerByte: 10 })
    const extra = (bytes: number): number => on.host.cyc(2000 + 10 * bytes)
    expect(off.p.filterNs(off.pkt(1500))).toBe(0)
    for (const bytes of [64, 1500]) {
      expect(on.p.netbackTxNs(on.pkt(bytes)) - off.p.netbackTxNs(off.pkt(bytes))).toBeCloseTo(extra(bytes), 6)
      expect(on.p.netbackRxNs(on.pkt(bytes)) - off.p.netbackRxNs(off.pkt(bytes))).toBeCloseTo(extra(bytes), 6)
      expect(on.p.backendRxNs(on.pkt(bytes)) - off.p.backendRxNs(off.pkt(bytes))).toBeCloseTo(extra(bytes), 6)
      expect(on.p.backendTxNs(on.pkt(bytes)) - off.p.backendTxNs(off.pkt(bytes))).toBeCloseTo(extra(bytes), 6)
    }
  })

  it('lengthens a paravirtual guest\'s round trip', () => {
    const dpi = (c: number): Record<string, unknown> => ({ 'topology.nodes.host-a.params.dpiCyclesPerByte': c, 'topology.nodes.host-b.params.dpiCyclesPerByte': c })
    const plain = rtt('paravirtual', {}, '200ms')
    const d20 = rtt('paravirtual', dpi(20), '200ms') - plain, d40 = rtt('paravirtual', dpi(40), '200ms') - plain
    // the probe and its reply each cross both driver domains once: four inspections of a small frame
    expect(d20).toBeGreaterThan((4 * 20 * 40) / 2800)
    expect(d40 / d20).toBeCloseTo(2, 1)
  })
})
