// docs/storage-frontends.md states the kernel events per I/O of each front end (issue 11: "stated
// beside" the speed figure); this keeps the table true: each row is re-measured in the same world.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBlock, type BlockRunOptions } from './block-world'

const ROWS: Record<string, BlockRunOptions> = {
  'emulated IDE (28-bit LBA)': { technique: 'emulated', vdisk: { controller: 'ide' } },
  'emulated IDE, 48-bit LBA': { technique: 'emulated', vdisk: { controller: 'ide' }, offset: 200 * 1024 ** 3 },
  'emulated IDE, model in the driver domain': { technique: 'emulated', vdisk: { controller: 'ide', diskModelLocation: 'driver-domain' } },
  'emulated AHCI': { technique: 'emulated', vdisk: { controller: 'ahci' } },
  'emulated SCSI (Fusion-MPT style)': { technique: 'emulated', vdisk: { controller: 'scsi' } },
  'paravirtual blkfront/blkback': { technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' } },
  'paravirtual virtio-blk': { technique: 'paravirtual' },
  'VPIO (hooked fraction 13.8 %)': { technique: 'vpio' },
  'scalable-io, k = 1': { technique: 'scalable-io' },
  'scalable-io, k = 8': { technique: 'scalable-io', vdisk: { commandsPerProgram: 8 } }
}

const doc = readFileSync(join(__dirname, '../../../docs/storage-frontends.md'), 'utf8')
const table = doc.slice(doc.indexOf('## Kernel events per I/O')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| front end'))

describe('docs/storage-frontends.md: kernel events per I/O', () => {
  it('has a row for every front end', () => {
    expect(table.map((l) => l.split('|')[1].trim()).sort()).toEqual(Object.keys(ROWS).sort())
  })

  it.each(table.map((l) => l.split('|').map((c) => c.trim())))('%s', (_e, name, qd1, qd32) => {
    const o = ROWS[name]
    // the fake back end's / device's own event (1 per I/O) is not the front end's
    expect(runBlock({ ...o, queueDepth: 1 }).eventsPerIo - 1).toBeCloseTo(Number(qd1), 1)
    expect(runBlock({ ...o, queueDepth: 32 }).eventsPerIo - 1).toBeCloseTo(Number(qd32), 1)
  })
})
