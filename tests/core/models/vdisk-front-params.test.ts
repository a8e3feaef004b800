// The virtual disk's front-end parameters (issue 11): documented and sourced like every catalog
// parameter, with the contract's keys and defaults, and each one live — changing it moves an
// output of a front end that uses it (the catalog's rule: a parameter that moves nothing is refused).
import { describe, expect, it } from 'vitest'
import { VDISK_FRONT_PARAMS } from '../../../core/models/storage/vdisk/front-params'
import { VDISK_PARAMS } from '../../../core/models/storage/vdisk/params'
import { runBlock, type BlockRunOptions } from '../techniques/block-world'

const GiB = 1024 ** 3

describe('vdisk front-end parameters', () => {
  it('carry the contract\'s keys and defaults and are part of VDISK_PARAMS', () => {
    const byKey = new Map(VDISK_FRONT_PARAMS.map((p) => [p.key, p]))
    expect(byKey.get('controller')?.options).toEqual(['ide', 'ahci', 'scsi'])
    expect(byKey.get('controller')?.default).toBe('ide')
    expect(byKey.get('paravirtDriver')?.options).toEqual(['blkfront', 'virtio-blk'])
    expect(byKey.get('paravirtDriver')?.default).toBe('virtio-blk')
    expect(byKey.get('coalesceCount')?.default).toBe(1)
    expect(byKey.get('coalesceTimeout')?.dimension).toBe('duration')
    expect(byKey.get('commandsPerProgram')?.default).toBe(1)
    for (const p of VDISK_FRONT_PARAMS) expect(VDISK_PARAMS).toContain(p)
    expect(new Set(byKey.keys()).size).toBe(VDISK_FRONT_PARAMS.length)
  })

  it.each(VDISK_FRONT_PARAMS.map((p) => [p.key, p] as const))('%s is documented, sourced and bounded', (_k, p) => {
    expect(p.key).toMatch(/^[a-z][A-Za-z0-9]*$/)
    expect(p.doc.trim().length).toBeGreaterThan(10)
    expect(p.source).toMatch(/\b00[0-4]\b|DOMAIN\.md|IEEE|assumption/)
    if (!/\b00[0-4]\b|DOMAIN\.md|IEEE/.test(p.source)) expect(p.source).toMatch(/^assumption: \S.{14,}/)
    const numeric = typeof p.default === 'number'
    if (numeric && p.sourceKind !== 'measured') expect(p.range, `${p.key} needs a range`).toBeDefined()
    if (p.range !== undefined) {
      expect(p.range.lo).toBeLessThanOrEqual(p.default as number)
      expect(p.range.hi).toBeGreaterThanOrEqual(p.default as number)
      if (p.min !== undefined) expect(p.range.lo).toBeGreaterThanOrEqual(p.min)
      if (p.max !== undefined) expect(p.range.hi).toBeLessThanOrEqual(p.max)
      expect(p.range.why.length).toBeGreaterThan(5)
    }
    if (p.dimension === 'enum') expect(p.options).toContain(p.default)
    expect(p.sourceKind).not.toBe('calibrated')
  })
})

/** For each key: a set-up that uses it and a value other than the default. */
const LIVE: Record<string, [BlockRunOptions, number | string | boolean]> = {
  controller: [{ technique: 'emulated' }, 'scsi'],
  paravirtDriver: [{ technique: 'paravirtual' }, 'blkfront'],
  ideIssueAccesses: [{ technique: 'emulated' }, 11],
  ideLba48Accesses: [{ technique: 'emulated', offset: 200 * GiB }, 3],
  ideIrqAccesses: [{ technique: 'emulated' }, 3],
  ahciIssueAccesses: [{ technique: 'emulated', vdisk: { controller: 'ahci' } }, 1],
  ahciIrqAccesses: [{ technique: 'emulated', vdisk: { controller: 'ahci' } }, 4],
  scsiIssueAccesses: [{ technique: 'emulated', vdisk: { controller: 'scsi' } }, 3],
  scsiIrqAccesses: [{ technique: 'emulated', vdisk: { controller: 'scsi' } }, 2],
  scsiReplyAccesses: [{ technique: 'emulated', vdisk: { controller: 'scsi' } }, 2],
  scsiQueueDepth: [{ technique: 'emulated', vdisk: { controller: 'scsi' }, queueDepth: 64, serviceNs: 2_000_000 }, 16],
  guestDriverCycles: [{ technique: 'emulated' }, 14000],
  diskModelCycles: [{ technique: 'emulated' }, 5000],
  diskModelRequestCycles: [{ technique: 'emulated' }, 28000],
  diskModelLocation: [{ technique: 'emulated' }, 'driver-domain'],
  emulDataCopy: [{ technique: 'emulated' }, false],
  pvFrontCycles: [{ technique: 'paravirtual' }, 8400],
  blkbackRequestCycles: [{ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' } }, 14000],
  blkifSegments: [{ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 48 * 1024, queueDepth: 32, serviceNs: 2_000_000 }, 16],
  blkifRingSlots: [{ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, queueDepth: 64, serviceNs: 2_000_000 }, 64],
  virtioBackendRequestCycles: [{ technique: 'paravirtual' }, 14000],
  virtioQueueSize: [{ technique: 'paravirtual', queueDepth: 256, serviceNs: 2_000_000 }, 256],
  virtioNotifySuppression: [{ technique: 'paravirtual', queueDepth: 32 }, false],
  vpioModelUpdateCycles: [{ technique: 'vpio' }, 1000],
  vpioDmaValidateCycles: [{ technique: 'vpio' }, 1000],
  vpioBadDmaRate: [{ technique: 'vpio' }, 0.1],
  vpioContextSwitch: [{ technique: 'vpio', guests: 2, queueDepth: 4 }, 100_000],
  commandsPerProgram: [{ technique: 'scalable-io', queueDepth: 32 }, 8],
  coalesceCount: [{ technique: 'paravirtual' }, 4],
  coalesceTimeout: [{ technique: 'paravirtual', vdisk: { coalesceCount: 4 } }, 20_000]
}

describe('every front-end parameter is live', () => {
  it('the table covers every key', () => {
    expect(Object.keys(LIVE).sort()).toEqual(VDISK_FRONT_PARAMS.map((p) => p.key).sort())
  })

  it.each(Object.entries(LIVE))('%s moves an output of a front end that uses it', (key, [o, value]) => {
    const short = { durationNs: 10_000_000, ...o }
    const out = (r: ReturnType<typeof runBlock>): unknown[] => [r.ios, r.failed, r.meanLatencyUs, r.cpuPerIoUs, r.stats.counters.vmExits]
    const base = runBlock(short)
    const moved = runBlock({ ...short, vdisk: { ...o.vdisk, [key]: value } })
    expect(out(moved)).not.toEqual(out(base))
  })
})
