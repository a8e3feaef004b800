// The block-I/O cases of `iovlab bench --models` (core/bench/block-bench.ts): each runs its
// front end and reports kernel events per completed I/O; an emulated IDE request (seed 001's
// trapped port writes, each a kernel event) costs more events than a virtio-blk one.
import { describe, expect, it } from 'vitest'
import { BLOCK_BENCH_CASES, benchBlockModels } from '../../../core/bench/block-bench'
import { benchHold } from '../../../core/bench/kernel-bench'

describe('block bench cases', () => {
  it('report events/s, events per I/O and the ratio to hold; IDE costs more events per I/O than virtio-blk', () => {
    const short = BLOCK_BENCH_CASES.map((c) => ({ ...c, duration: '20ms' }))
    const [virtio, ide] = benchBlockModels(short, benchHold(100_000))
    for (const r of [virtio, ide]) {
      expect(r.events).toBeGreaterThan(0)
      expect(r.ios).toBeGreaterThan(0)
      expect(r.eventsPerSecond).toBeGreaterThan(0)
      expect(r.ratioToHold).toBeGreaterThan(0)
    }
    expect(virtio.benchmark).toBe('block-virtio-blk-qd32')
    expect(ide.eventsPerIo as number).toBeGreaterThan((virtio.eventsPerIo as number) * 1.5)
  })
})
