// `sriov` (003 §III Multiple Queues and SR-IOV; 001 virtualization-aware devices): each
// guest gets a virtual function of the NIC — its own queue pair, filled by the NIC's
// hardware L2 classification, DMA translated by the IOMMU, and an MSI-X vector group
// that the hypervisor routes to the guest. Past the VF limit a guest is refused; past
// the vector limit VFs share a vector and the hypervisor signals every guest on it.
import { ruleDevice } from './common/rule-assert'
import { nicOffload } from './common/nic-driver'
import type { EndpointOffload } from '../models/net/endpoint'
import { SriovNic } from '../models/nic/sriov'
import { DirectNicDriver } from './common/direct-driver'
import { IrqLine } from './common/irq-line'
import { BaseEndpoint, type AttachContext, type BlockAttachContext, type Endpoint, type Technique } from './types'
import type { BlockPort } from '../models/storage/block'
import { BlockDriver, directInterrupt } from './common/block-driver'
import { blockIommu, blockQueues, TargetBlockPort } from './common/block-attach'
import { blockDmaMemory } from './common/guest-dma'
import { sharedKey } from '../models/shared-objects'
import { num } from '../models/param-read'

/** The SR-IOV state of each NIC (id: the device) and the interrupt line of each of its vectors (id: device/vector). */
const SRIOV_NIC = sharedKey<SriovNic>('sriov-nic')
const SRIOV_IRQ = sharedKey<IrqLine>('sriov-irq')

class SriovEndpoint extends BaseEndpoint implements Endpoint {
  private readonly driver: DirectNicDriver
  readonly offload: EndpointOffload

  constructor(ctx: AttachContext) {
    super(ctx)
    const dev = ruleDevice('sriov', ctx, 'nic')
    this.offload = nicOffload(dev.params) // the guest's own driver uses the NIC's offloads (TSO, checksum)
    const sr = ctx.shared(SRIOV_NIC, dev.id, () => new SriovNic(dev.nic, dev.params))
    const vf = sr.addVf(this.id, `VM "${ctx.domain.name}"`)
    const rate = num(ctx.vm, 'netRateLimitMbps') * 1e6
    if (rate > 0) dev.nic.limitTx(vf.queue, rate) // the VF's transmit rate scheduler (issue 12)
    dev.nic.weighTx(vf.queue, num(ctx.vm, 'vfTxWeight')) // its weight in the NIC's transmit arbiter (issue 12)
    this.driver = new DirectNicDriver(ctx, dev.nic, vf.queue)
    this.driver.onPacket = (pkt) => this.onReceive(pkt)
    const line = ctx.shared(SRIOV_IRQ, `${dev.id}/${vf.vector.index}`, () => {
      const l = new IrqLine(ctx.host, ctx.stats)
      vf.vector.onInterrupt = () => l.raise()
      return l
    })
    line.targets.push(this.driver)
  }

  send(pkt: number): void {
    this.driver.send(pkt)
  }
}

/**
 * An NVMe virtual function for one guest: the queue pair of the device's next free VF, driven by the guest's own block layer and NVMe driver on vCPU 0, DMA through the IOMMU,
 * its own MSI-X vector routed and injected by the hypervisor (or exitless). No back end, as for
 * pass-through.
 */
function sriovBlock(ctx: BlockAttachContext): BlockPort {
  const iommu = blockIommu('sriov', ctx)
  const d = new BlockDriver({
    sim: ctx.sim, blocks: ctx.blocks, stats: ctx.stats, host: ctx.host, domain: ctx.domain, vcpu: 0,
    device: ctx.device, queue: blockQueues(ctx).takeVf(`VM "${ctx.domain.name}"`),
    iommu: { iommu, context: ctx.domain.acct },
    ...blockDmaMemory(ctx, 0, ctx.device.queueDepth)
  })
  d.onInterrupt = directInterrupt(d, ctx.host, ctx.stats)
  return new TargetBlockPort(ctx, [d])
}

export const sriov: Technique = {
  id: 'sriov',
  attach: (ctx) => new SriovEndpoint(ctx),
  attachBlock: sriovBlock
}
