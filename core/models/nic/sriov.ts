// SR-IOV on a commodity NIC (003 §III, 001 virtualization-aware devices): virtual
// functions, each with its own queue pair that the NIC's hardware L2 classification fills,
// up to the VF limit; and MSI-X vectors — each VF needs a group of them, and once the VFs
// outnumber the groups the device has, VFs share a group and its interrupt.
import { num, bool, type KindParams } from '../param-read'
import type { NicParamKey } from './params'
import type { NicModel, NicQueue } from './nic-model'

/** One MSI-X vector group: the VF queues whose receive interrupt it carries. */
export class MsixVector {
  readonly index: number
  readonly queues: NicQueue[] = []
  /** Set by the hypervisor side: the vector fired (the queues on it may or may not have work). */
  onInterrupt: () => void = () => {}

  constructor(index: number) {
    this.index = index
  }
}

export interface VirtualFunction {
  readonly index: number
  readonly queue: NicQueue
  readonly vector: MsixVector
}

export class SriovNic {
  readonly nic: NicModel
  readonly vfs: VirtualFunction[] = []
  readonly vectors: MsixVector[] = []
  private readonly vfLimit: number

  constructor(nic: NicModel, p: KindParams<NicParamKey>) {
    if (!bool(p, 'sriovEnabled')) throw new Error(`NIC "${nic.id}" has SR-IOV turned off (set its "sriovEnabled" to true)`)
    this.nic = nic
    this.vfLimit = num(p, 'vfCount')
    const groups = Math.floor(num(p, 'msixVectors') / num(p, 'msixVectorsPerVf'))
    if (groups < 1) throw new Error(`NIC "${nic.id}" has ${num(p, 'msixVectors')} MSI-X vectors, fewer than the ${num(p, 'msixVectorsPerVf')} one VF needs`)
    for (let g = 0; g < Math.min(groups, this.vfLimit); g++) this.vectors.push(new MsixVector(g))
  }

  /** Gives endpoint `ep` a VF (its frames are classified into the VF's queue); throws past the VF limit. */
  addVf(ep: number, who: string): VirtualFunction {
    if (this.vfs.length >= this.vfLimit) {
      throw new Error(`NIC "${this.nic.id}" has ${this.vfLimit} virtual functions and all are taken; ${who} cannot get one`)
    }
    this.nic.claim('sriov', who)
    const queue = this.nic.addQueue()
    this.nic.route(ep, queue.index)
    const vector = this.vectors[this.vfs.length % this.vectors.length]
    vector.queues.push(queue)
    queue.onInterrupt = () => vector.onInterrupt()
    const vf = { index: this.vfs.length, queue, vector }
    this.vfs.push(vf)
    return vf
  }
}
