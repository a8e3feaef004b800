// How a guest's unmodified driver programs a device for one request (a packet sent or
// received): the register / port accesses it makes, by driver style — NE2K (control
// accesses plus the frame itself through a data port, 002), IDE-style (many 8-bit OUTs
// per request, data by DMA), SCSI-style (a command block by reference and a doorbell,
// 001) or e1000 (descriptor rings in guest memory: a tail doorbell per packet sent, a few
// accesses per interrupt and none per received frame). Emulation traps every one of them;
// VPIO traps the hooked fraction.
import { num, str, type KindParams } from '../../models/param-read'
import type { NicParamKey } from '../../models/nic/params'
import type { VmParamKey } from '../../models/vm/params'

export interface AccessProgram {
  readonly style: string
  /** Register accesses per request besides the data. */
  readonly control: number
  /** Bytes per data access when the data moves through a port (NE2K); 0 when the device uses DMA. */
  readonly bytesPerData: number
  /** Bytes each control access moves (for the PCI byte counts). */
  readonly controlBytes: number
  /** Accesses per interrupt (ISR and re-enable), on top of the per-request ones; received frames then cost `control` = 0. */
  readonly perInterrupt: number
}

/** The access program of a VM's driver (its `driverStyle`) for a NIC's parameters. */
export function accessProgram(vm: KindParams<VmParamKey>, nic: KindParams<NicParamKey>): AccessProgram {
  const style = str(vm, 'driverStyle')
  if (style === 'ide-style') return { style, control: num(nic, 'emulAccessesIde'), bytesPerData: 0, controlBytes: 1, perInterrupt: 0 }
  if (style === 'scsi-style') return { style, control: num(nic, 'emulAccessesScsi'), bytesPerData: 0, controlBytes: 4, perInterrupt: 0 }
  if (style === 'e1000') return { style, control: num(nic, 'e1000TxAccesses'), bytesPerData: 0, controlBytes: 4, perInterrupt: num(nic, 'e1000IrqAccesses') }
  return { style, control: num(nic, 'ne2kControlAccesses'), bytesPerData: num(nic, 'ne2kBytesPerDataAccess'), controlBytes: 1, perInterrupt: 0 }
}

/** Accesses for one request moving a frame of `frameBytes`. */
export function accessCount(p: AccessProgram, frameBytes: number): number {
  return p.control + (p.bytesPerData > 0 ? Math.ceil(frameBytes / p.bytesPerData) : 0)
}

/** Bytes the accesses of one request move across the bus. */
export function accessBytes(p: AccessProgram, frameBytes: number): number {
  return p.control * p.controlBytes + (p.bytesPerData > 0 ? frameBytes : 0)
}
