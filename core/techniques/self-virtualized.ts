// `self-virtualized` (004 §2–§3.1): the guest owns a VIF of the NP-NIC. Send: the guest
// driver PCI-writes the message into its send queue in NP SDRAM; an egress ME context
// polls it (msg_recv), queues it on the port (pkt_tx); wire. Receive: pkt_rx, MAC hash
// demux, msg_send (PCI writes into the bounce buffer + identifier bit), master interrupt,
// the hypervisor signals every domain on the bit, the guest is scheduled and copies.
import { ruleDevice } from './common/rule-assert'
import { VifDriver } from './common/vif-driver'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class SelfVirtualizedEndpoint extends BaseEndpoint implements Endpoint {
  private readonly driver: VifDriver

  constructor(ctx: AttachContext) {
    super(ctx)
    const dev = ruleDevice('self-virtualized', ctx, 'np-nic')
    this.driver = new VifDriver(ctx, ctx.domain, dev.np, dev.params, dev.np.addVif(ctx.endpointId))
    this.driver.onPacket = (pkt) => this.onReceive(pkt)
  }

  send(pkt: number): void {
    this.driver.send(pkt)
  }
}

export const selfVirtualized: Technique = {
  id: 'self-virtualized',
  attach: (ctx) => new SelfVirtualizedEndpoint(ctx)
}
