// A virtual interface of the NP-NIC (004 §2): its egress context, its receive queue of
// bounce-buffer slots in host memory, its identifier bit, and the hook through which
// the host side (a technique) learns of a signal.
import { NotifyQueue } from '../notify-queue'

export class Vif {
  readonly index: number
  /** Endpoint (MAC) this VIF receives for. */
  readonly endpoint: number
  readonly rx: NotifyQueue
  /** Egress context polling this VIF's send queue. */
  context = 0
  /** Receive identifier bit (set when the NP-NIC is finalized). */
  bit = 0
  /** The NP set the bit for this VIF since the last dispatch (so a signal is not redundant). */
  wantsSignal = false
  /** Called by the hypervisor's routing: a signal reached this VIF's domain. */
  onSignal: (redundant: boolean) => void = () => {}
  /** Send-queue slots in NP SDRAM (set when the NP-NIC is finalized) and those holding a message. */
  sendSlots = 1
  sendUsed = 0
  /** The NP has read a message out of the send queue: a slot is free (the driver resumes a blocked send). */
  onSendSpace: () => void = () => {}
  /** The NP finished transmitting a message of this VIF (send bit set since the last dispatch). */
  sendDone = false
  /** The vCPU that takes this VIF's signals (set by the host-side driver): where its structures were last written. */
  owner: { readonly lastPcpu: number } | undefined = undefined

  constructor(index: number, endpoint: number, rxSlots: number) {
    this.index = index
    this.endpoint = endpoint
    this.rx = new NotifyQueue(rxSlots)
  }
}
