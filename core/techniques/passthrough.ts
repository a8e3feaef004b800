// `passthrough` (001 "Approaches", 003 §III direct assignment + VT-d): one guest owns the
// whole NIC and runs its own driver: sends are driver work plus a doorbell, with no exit;
// the NIC's DMA is translated by the host's IOMMU (IOTLB hits and page walks); physical
// interrupts are still taken by the hypervisor and injected into the guest, whose EOI
// traps. One VM per device: any other user of the NIC is refused.
import { ruleDevice } from './common/rule-assert'
import { nicOffload } from './common/nic-driver'
import type { EndpointOffload } from '../models/net/endpoint'
import { DirectNicDriver } from './common/direct-driver'
import { IrqLine } from './common/irq-line'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class PassthroughEndpoint extends BaseEndpoint implements Endpoint {
  private readonly driver: DirectNicDriver
  readonly offload: EndpointOffload

  constructor(ctx: AttachContext) {
    super(ctx)
    const dev = ruleDevice('passthrough', ctx, 'nic')
    this.offload = nicOffload(dev.params) // the guest's own driver uses the NIC's offloads (TSO, checksum)
    dev.nic.claim('passthrough', ctx.domain.name)
    const queue = dev.nic.route(this.id, 0)
    this.driver = new DirectNicDriver(ctx, dev.nic, queue)
    this.driver.onPacket = (pkt) => this.onReceive(pkt)
    const line = new IrqLine(ctx.host, ctx.stats)
    line.targets.push(this.driver)
    queue.onInterrupt = () => line.raise()
  }

  send(pkt: number): void {
    this.driver.send(pkt)
  }
}

export const passthrough: Technique = {
  id: 'passthrough',
  attach: (ctx) => new PassthroughEndpoint(ctx)
}
