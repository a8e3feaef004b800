// The run-time devices a technique can reach, as one tagged union: the NP-NIC (with the
// hypervisor's interrupt routing for it), the commodity NIC, and the Device Controller.
import type { NpIrqVirt } from '../np-nic/irq-virt'
import type { NpNicModel } from '../np-nic/np-nic-model'
import type { NicModel } from '../nic/nic-model'
import type { DcModel } from '../dc/dc-model'
import type { ParamRecord } from '../param-read'

export type DeviceModel =
  | { readonly kind: 'np-nic'; readonly id: string; readonly params: ParamRecord; readonly np: NpNicModel; readonly irq: NpIrqVirt }
  | { readonly kind: 'nic'; readonly id: string; readonly params: ParamRecord; readonly nic: NicModel }
  | { readonly kind: 'dc'; readonly id: string; readonly params: ParamRecord; readonly dc: DcModel }
