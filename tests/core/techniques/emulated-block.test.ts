// The emulated disk controllers (issue 11, seed 001's running example): IDE's counted OUT
// sequence per request, each access trapped and each its own kernel event; AHCI and SCSI with
// fewer traps; the per-I/O CPU and latency ordering paravirtual < SCSI < IDE; determinism.
import { describe, expect, it } from 'vitest'
import { BlockOp } from '../../../core/models/storage/block'
import type { KindParams } from '../../../core/models/param-read'
import type { VdiskFrontKey } from '../../../core/models/storage/vdisk/front-params'
import { controllerProgram } from '../../../core/techniques/emulated-block'
import { runBlock, vdiskDefaults } from './block-world'

const GiB = 1024 ** 3
const f = vdiskDefaults() as KindParams<VdiskFrontKey>

/** Trapped port/MMIO accesses per completed I/O (the last, unfinished request can add one request's worth). */
function exitsPerIo(r: ReturnType<typeof runBlock>): number {
  return (r.stats.counters.vmExits.io_instruction ?? 0) / r.ios
}

describe('IDE: the OUT sequence of seed 001, counted from the ATA driver', () => {
  it('a 28-bit LBA DMA command is 13 accesses (6 taskfile + command + status pause + 5 bus-master), 18 with LBA48; the handler makes 5', () => {
    const ide = controllerProgram('ide', f)
    expect(ide.issue(0, 4096)).toBe(13)
    expect(ide.depth).toBe(1)
    expect(ide.perIrq).toBe(5)
    // the end sector beyond 2^28 (128 GiB), or more than 256 sectors: READ DMA EXT with the high-order bytes
    expect(ide.issue(200 * GiB, 4096)).toBe(18)
    expect(ide.issue(128 * GiB - 4096, 4096)).toBe(13)
    expect(ide.issue(128 * GiB - 2048, 4096)).toBe(18)
    expect(ide.issue(0, 128 * 1024)).toBe(13)
    expect(ide.issue(0, 129 * 1024)).toBe(18)
  })

  it('every access of a request exits: exits per I/O = issue + interrupt accesses, each trapped access a kernel event of its own', () => {
    const r = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' } })
    expect(r.ios).toBeGreaterThan(100)
    const per = 13 + 5
    expect(exitsPerIo(r)).toBeGreaterThanOrEqual(per)
    expect(exitsPerIo(r)).toBeLessThanOrEqual(per * (r.ios + 1) / r.ios)
    expect(r.stats.counters.portIos / r.ios).toBeCloseTo(exitsPerIo(r), 6)
    expect(r.eventsPerIo).toBeGreaterThan(per)
    // beyond 128 GiB the LBA48 bytes add 5 trapped OUTs per request
    const far = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' }, offset: 200 * GiB })
    expect(exitsPerIo(far) - exitsPerIo(r)).toBeGreaterThan(4.8)
    expect(exitsPerIo(far) - exitsPerIo(r)).toBeLessThan(5.2)
    expect(far.meanLatencyUs).toBeGreaterThan(r.meanLatencyUs)
  })

  it('IDE keeps one command in flight: queue depth 32 adds waiting, not throughput', () => {
    const qd1 = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' } })
    const qd32 = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' }, queueDepth: 32 })
    expect(qd32.iops).toBeLessThan(qd1.iops * 1.05)
    expect(qd32.meanLatencyUs).toBeGreaterThan(20 * qd1.meanLatencyUs)
    const ahci = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci' }, queueDepth: 32 })
    expect(ahci.iops).toBeGreaterThan(3 * qd32.iops)
  })
})

describe('AHCI and SCSI: the command in memory, fewer traps', () => {
  it('AHCI: 2 doorbell writes per command and 5 accesses per interrupt; SCSI: 1 FIFO write, 1 read per reply and 1 per interrupt', () => {
    const ahci = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci' } })
    const scsi = runBlock({ technique: 'emulated', vdisk: { controller: 'scsi' } })
    const ide = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' } })
    expect(exitsPerIo(ahci)).toBeGreaterThanOrEqual(7)
    expect(exitsPerIo(ahci)).toBeLessThan(7.1)
    expect(exitsPerIo(scsi)).toBeGreaterThanOrEqual(3)
    expect(exitsPerIo(scsi)).toBeLessThan(3.1)
    expect(exitsPerIo(scsi)).toBeLessThan(exitsPerIo(ahci))
    expect(exitsPerIo(ahci)).toBeLessThan(exitsPerIo(ide))
    expect(scsi.eventsPerIo).toBeLessThan(ide.eventsPerIo)
  })

  it('under load the handler ends several completions per interrupt: AHCI\'s per-interrupt accesses are shared', () => {
    const qd1 = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci' } })
    const qd32 = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci' }, queueDepth: 32 })
    expect(exitsPerIo(qd32)).toBeLessThan(exitsPerIo(qd1))
    expect(qd32.stats.counters.irqsVirtual / qd32.ios).toBeLessThan(qd1.stats.counters.irqsVirtual / qd1.ios)
  })
})

describe('seed 001\'s ordering of front ends', () => {
  it('CPU per I/O and latency: paravirtual < SCSI-style < IDE-style emulation, at queue depth 1 and 32', () => {
    for (const queueDepth of [1, 32]) {
      const ide = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' }, queueDepth })
      const scsi = runBlock({ technique: 'emulated', vdisk: { controller: 'scsi' }, queueDepth })
      for (const paravirtDriver of ['virtio-blk', 'blkfront']) {
        const pv = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver }, queueDepth })
        expect(pv.cpuPerIoUs).toBeLessThan(scsi.cpuPerIoUs)
        expect(pv.meanLatencyUs).toBeLessThan(scsi.meanLatencyUs)
        expect(pv.iops).toBeGreaterThan(scsi.iops)
      }
      expect(scsi.cpuPerIoUs).toBeLessThan(ide.cpuPerIoUs)
      expect(scsi.meanLatencyUs).toBeLessThan(ide.meanLatencyUs)
    }
  })

  it('a device model in the driver domain (qemu-dm) costs more per access than one in the hypervisor', () => {
    const hv = runBlock({ technique: 'emulated', vdisk: { controller: 'ide' } })
    const dd = runBlock({ technique: 'emulated', vdisk: { controller: 'ide', diskModelLocation: 'driver-domain' } })
    expect(dd.meanLatencyUs).toBeGreaterThan(hv.meanLatencyUs)
    expect(dd.dom0PerIoUs).toBeGreaterThan(hv.dom0PerIoUs)
  })

  it('the bounce-buffer copy costs CPU in proportion to the bytes', () => {
    const small = runBlock({ technique: 'emulated', vdisk: { controller: 'scsi' }, blockSize: 4096, op: BlockOp.Write })
    const big = runBlock({ technique: 'emulated', vdisk: { controller: 'scsi' }, blockSize: 65536, op: BlockOp.Write })
    const noCopy = runBlock({ technique: 'emulated', vdisk: { controller: 'scsi', emulDataCopy: false }, blockSize: 65536, op: BlockOp.Write })
    // one copy of the written bytes per request (a request still in flight may have been copied already)
    expect(big.stats.counters.bytesCopied / big.ios).toBeGreaterThanOrEqual(65536)
    expect(big.stats.counters.bytesCopied / big.ios).toBeLessThanOrEqual(65536 * (big.ios + 1) / big.ios)
    expect(noCopy.stats.counters.bytesCopied).toBe(0)
    expect(big.cpuPerIoUs).toBeGreaterThan(noCopy.cpuPerIoUs)
    expect(big.cpuPerIoUs - small.cpuPerIoUs).toBeGreaterThan(0)
  })
})

describe('determinism', () => {
  it('the same set-up gives identical results', () => {
    const a = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci', coalesceCount: 4 }, queueDepth: 8 })
    const b = runBlock({ technique: 'emulated', vdisk: { controller: 'ahci', coalesceCount: 4 }, queueDepth: 8 })
    expect(a.ios).toBe(b.ios)
    expect(a.meanLatencyUs).toBe(b.meanLatencyUs)
    expect(a.cpuPerIoUs).toBe(b.cpuPerIoUs)
    expect(a.stats.counters.vmExits).toEqual(b.stats.counters.vmExits)
  })
})
