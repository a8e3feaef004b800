import { it } from 'vitest'
import { blockProject, runBlock } from './block-fixture'
import { runScenario } from '../../../core/scenario/index'
import { withRpc, SHOOTOUT, variant } from '../techniques/helpers'
import { at } from './helpers'
it('peek', () => {
  const net = withRpc(at(SHOOTOUT, variant('latency-one-guest', 'ping', 'sriov')), 8, '300ms')
  runScenario({ project: net, experimentId: 'rpc', seed: 1 })
  let t0 = performance.now()
  const rn = runScenario({ project: net, experimentId: 'rpc', seed: 1 })
  console.log('BENCH net', rn.events, (rn.events / (performance.now() - t0) / 1000).toFixed(2))
  for (const t of ['passthrough', 'native'] as const) {
    const p = blockProject({ technique: t, driverDomain: t === 'native', virtualized: t !== 'native', duration: '500ms', vcpus: 2, workload: { queueDepth: 32, jobs: 2 } })
    runBlock(blockProject({ technique: t, driverDomain: t === 'native', virtualized: t !== 'native', duration: '50ms' }))
    t0 = performance.now()
    const r = runBlock(p, 1, { units: 16 })
    const ms = performance.now() - t0
    console.log('BENCH', t, r.result.events, 'events', (r.result.events / ms / 1000).toFixed(2), 'M events/s', r.result.metrics.iops)
  }
}, 120000)
