// Adapter for ../shared/peers/run-all.sh: runs one kernel benchmark and prints the
// peers' line format `engine model events_per_sec wall_s extra`.

import { benchHold, benchTandem } from './kernel-bench'

const [model, sizeArg, seedArg] = process.argv.slice(2)
const size = Number(sizeArg)
const seed = seedArg === undefined ? 12345 : Number(seedArg)
if ((model !== 'hold' && model !== 'tandem') || !(size > 0)) {
  process.stderr.write('usage: node peer-bench.cjs <hold|tandem> <size> [seed]\n')
  process.exit(2)
}
const r = model === 'hold' ? benchHold(size, seed) : benchTandem(size, seed)
const extra = model === 'hold'
  ? `n=1000,events=${r.events},t_end=${r.endTimeS}`
  : `packets=${r.packets},events=${r.events},mean_sojourn=${r.meanSojourn}`
process.stdout.write(`iovlab ${model} ${r.eventsPerSecond} ${r.seconds} ${extra}\n`)
