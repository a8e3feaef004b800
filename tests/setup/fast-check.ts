// Property tests explore fresh inputs on a developer's machine, but CI must be reproducible:
// there (CI set) every property uses one fixed seed, and FC_SEED=<int> replays any run that
// failed anywhere (fast-check prints the seed of a failure).
import fc from 'fast-check'

const fromEnv = process.env.FC_SEED
const ci = process.env.CI
const onCi = ci !== undefined && ci !== '' && !['false', '0'].includes(ci.toLowerCase()) // as tests/e2e/run.mjs reads it
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : onCi ? 20261202 : undefined
if (seed !== undefined) {
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(fromEnv)}`)
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed })
}
