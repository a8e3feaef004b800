// `native`: a domain drives the device itself with its native driver — here the driver
// domain using the NP-NIC in tunnel mode (004's "dom0" dotted line): the same host-side
// message send and receive as a VIF, with no bridge, no backend and no guest in between.
import { tunnelOf } from './common/tunnel'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'
import type { VifDriver } from './common/vif-driver'

class NativeEndpoint extends BaseEndpoint implements Endpoint {
  private readonly driver: VifDriver

  constructor(ctx: AttachContext) {
    super(ctx)
    if (ctx.device.kind !== 'np-nic') {
      throw new Error(`native access is modelled for NP-NICs so far; "${ctx.device.id}" is a ${ctx.device.kind}`)
    }
    const t = tunnelOf(ctx)
    t.local.set(this.id, (pkt) => this.onReceive(pkt))
    this.driver = t.driver
  }

  send(pkt: number): void {
    this.driver.send(pkt)
  }
}

export const native: Technique = {
  id: 'native',
  attach: (ctx) => new NativeEndpoint(ctx)
}
