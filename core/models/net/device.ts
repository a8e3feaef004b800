// The run-time devices a technique can reach, as one tagged union: the NP-NIC (with the
// hypervisor's interrupt routing for it), the commodity NIC, and the Device Controller.
import type { NpIrqVirt } from '../np-nic/irq-virt'
import type { NpNicModel } from '../np-nic/np-nic-model'
import type { NicModel } from '../nic/nic-model'
import type { DcModel } from '../dc/dc-model'
import type { KindParams } from '../param-read'
import type { NpNicParamKey } from '../np-nic/params'
import type { NicParamKey } from '../nic/params'
import type { DcParamKey } from '../dc/params'

export type DeviceModel =
  | { readonly kind: 'np-nic'; readonly id: string; readonly params: KindParams<NpNicParamKey>; readonly np: NpNicModel; readonly irq: NpIrqVirt }
  | { readonly kind: 'nic'; readonly id: string; readonly params: KindParams<NicParamKey>; readonly nic: NicModel }
  | { readonly kind: 'dc'; readonly id: string; readonly params: KindParams<DcParamKey>; readonly dc: DcModel }
