import { it } from 'vitest'
import { runBlock } from './block-world'
it('smoke', () => {
  for (const [t, v] of [['emulated', { controller: 'ide' }], ['emulated', { controller: 'ahci' }], ['emulated', { controller: 'scsi' }], ['paravirtual', { paravirtDriver: 'blkfront' }], ['paravirtual', {}], ['vpio', {}], ['scalable-io', {}]] as const) {
    for (const qd of [1, 32]) {
      const r = runBlock({ technique: t, vdisk: v as never, queueDepth: qd })
      console.log(t, JSON.stringify(v), qd, r.ios, r.meanLatencyUs.toFixed(1), r.cpuPerIoUs.toFixed(2), r.eventsPerIo.toFixed(1), JSON.stringify(r.stats.counters.vmExits), r.stats.counters.irqsVirtual)
    }
  }
})
