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
import { BaseEndpoint, type AttachContext, type BlockAttachContext, type Endpoint, type Technique } from './types'
import type { BlockPort } from '../models/storage/block'
import { BlockDriver, directInterrupt } from './common/block-driver'
import { assertBlockRole, blockIommu, blockQueues, TargetBlockPort } from './common/block-attach'
import { blockDmaMemory } from './common/guest-dma'

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

/**
 * A storage device passed through to one guest: the guest's own block layer and driver (NVMe,
 * AHCI) on every hardware queue it has a vCPU for (queue i on vCPU i, blk-mq style), doorbells
 * without exits, the device's DMA translated by the IOMMU, each queue's MSI-X vector routed and
 * injected by the hypervisor (EOI exit) or exitless. No back end: interposition and the buffer
 * cache are refused by validation (the hypervisor is not on the data path).
 */
function passthroughBlock(ctx: BlockAttachContext): BlockPort {
  assertBlockRole('passthrough', ctx)
  const iommu = blockIommu('passthrough', ctx)
  const queues = blockQueues(ctx).takeAll(`VM "${ctx.domain.name}"`)
  const n = Math.max(1, Math.min(queues.length, ctx.domain.vcpus.length))
  const drivers: BlockDriver[] = []
  for (let i = 0; i < n; i++) {
    const d = new BlockDriver({
      sim: ctx.sim, blocks: ctx.blocks, stats: ctx.stats, host: ctx.host, domain: ctx.domain, vcpu: i,
      device: ctx.device, queue: queues[i], iommu: { iommu, context: ctx.domain.acct },
      ...blockDmaMemory(ctx, i, ctx.device.queueDepth)
    })
    d.onInterrupt = directInterrupt(d, ctx.host, ctx.stats)
    drivers.push(d)
  }
  return new TargetBlockPort(ctx, drivers)
}

export const passthrough: Technique = {
  id: 'passthrough',
  attach: (ctx) => new PassthroughEndpoint(ctx),
  attachBlock: passthroughBlock
}
