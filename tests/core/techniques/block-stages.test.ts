// Every served front end records its per-stage times (stage_us of the block workload), each stage
// once per request, and the stages of a request add up to no more than its latency.
import { describe, expect, it } from 'vitest'
import { runBlock, type BlockRunOptions } from './block-world'

const CASES: [string, BlockRunOptions, string[]][] = [
  ['emulated', { technique: 'emulated', vdisk: { controller: 'ahci' } }, ['emul_blk_issue', 'emul_blk_backend', 'emul_blk_complete']],
  ['blkfront', { technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' } }, ['pv_blk_front', 'pv_blk_pickup', 'pv_blk_backend', 'pv_blk_complete']],
  ['virtio-blk', { technique: 'paravirtual' }, ['pv_blk_front', 'pv_blk_pickup', 'pv_blk_backend', 'pv_blk_complete']],
  ['vpio', { technique: 'vpio' }, ['vpio_blk_wait', 'vpio_blk_issue', 'vpio_blk_device', 'vpio_blk_complete']],
  ['scalable-io', { technique: 'scalable-io' }, ['sio_submit', 'sio_blk_service']]
]

describe('per-stage times of the block front ends', () => {
  it.each(CASES)('%s records its stages once per request, within the request latency', (_n, o, stages) => {
    const r = runBlock(o)
    let sum = 0
    for (const s of stages) {
      const t = r.stats.stages.tally(s)
      expect(t, s).toBeDefined()
      expect(t!.count, s).toBeGreaterThanOrEqual(r.ios)
      expect(t!.count, s).toBeLessThanOrEqual(r.ios + 1)
      sum += t!.mean / 1000
    }
    expect(sum).toBeLessThanOrEqual(r.meanLatencyUs * 1.01)
    expect(sum).toBeGreaterThan(r.meanLatencyUs * 0.9)
  })
})
