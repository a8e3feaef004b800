// `passthrough` (001 "Approaches", 003 §III direct assignment + VT-d): one guest owns the
// whole NIC and runs its own driver: sends are driver work plus a doorbell, with no exit;
// the NIC's DMA is translated by the host's IOMMU (IOTLB hits and page walks); physical
// interrupts are still taken by the hypervisor and injected into the guest, whose EOI
// traps. One VM per device: any other user of the NIC is refused. With several queues
// (receive-side scaling) the guest serves each on its own vCPU with its own vector.
import { ruleDevice } from './common/rule-assert'
import { nicOffload, rssVcpu } from './common/nic-driver'
import { num } from '../models/param-read'
import type { EndpointOffload } from '../models/net/endpoint'
import { DirectNicDriver } from './common/direct-driver'
import { IrqLine } from './common/irq-line'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class PassthroughEndpoint extends BaseEndpoint implements Endpoint {
  /** One driver per queue the guest serves: queue 0, or every PF queue with receive-side scaling (queue i on vCPU i). */
  private readonly drivers: DirectNicDriver[] = []
  readonly offload: EndpointOffload

  constructor(ctx: AttachContext) {
    super(ctx)
    const dev = ruleDevice('passthrough', ctx, 'nic')
    this.offload = nicOffload(dev.params) // the guest's own driver uses the NIC's offloads (TSO, checksum)
    dev.nic.claim('passthrough', ctx.domain.name)
    const first = dev.nic.route(this.id, 0)
    const n = Math.max(1, Math.min(num(dev.params, 'queues'), dev.nic.queues.length))
    for (let i = 0; i < n; i++) {
      const queue = i === 0 ? first : dev.nic.queues[i]
      const driver = new DirectNicDriver(ctx, dev.nic, queue, i % ctx.domain.vcpus.length)
      driver.onPacket = (pkt) => this.onReceive(pkt)
      const line = new IrqLine(ctx.host, ctx.stats) // one MSI-X vector per queue
      line.targets.push(driver)
      queue.onInterrupt = () => line.raise()
      this.drivers.push(driver)
    }
    if (n > 1) dev.nic.rssQueues = n
  }

  send(pkt: number, vcpu = 0): void {
    this.drivers[vcpu % this.drivers.length].send(pkt)
  }

  vcpuOf(flow: number): number {
    return rssVcpu(flow, this.drivers.length, this.domain)
  }
}

export const passthrough: Technique = {
  id: 'passthrough',
  attach: (ctx) => new PassthroughEndpoint(ctx)
}
