// Scenarios by name, so a run can name its scenario as plain data and any executor (this
// process, a worker thread, a remote machine) can find it: "model" is core/scenario's
// runScenario, loaded lazily; "synthetic:*" are the kernel-backed fakes of synthetic.ts.
import type { RunScenario } from '../scenario/types'
import { mm1Scenario, noopScenario } from './synthetic'

export const MODEL_SCENARIO = 'model'

export type ScenarioLookup = { ok: true; scenario: RunScenario } | { ok: false; message: string }

const SYNTHETIC: Readonly<Record<string, RunScenario>> = {
  'synthetic:mm1': mm1Scenario,
  'synthetic:noop': noopScenario
}

/** Names every executor knows. */
export const SCENARIO_NAMES: readonly string[] = [MODEL_SCENARIO, ...Object.keys(SYNTHETIC)]

// Not a literal in import(): bundlers leave it alone, and it resolves next to this file at run time.
const MODEL_MODULE = '../scenario/index'
let model: Promise<ScenarioLookup> | undefined

async function loadModel(): Promise<ScenarioLookup> {
  let why = ''
  try {
    // A literal require inside try: esbuild bundles core/scenario into the CLI and its worker
    // when the file exists, and otherwise leaves the call to fail here, at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../scenario') as { runScenario?: RunScenario }
    if (typeof mod.runScenario === 'function') return { ok: true, scenario: mod.runScenario }
  } catch (e) {
    why = (e as Error).message
  }
  try {
    const mod = (await import(/* @vite-ignore */ MODEL_MODULE)) as { runScenario?: RunScenario }
    if (typeof mod.runScenario === 'function') return { ok: true, scenario: mod.runScenario }
    why = 'core/scenario exports no runScenario'
  } catch (e) {
    why ||= (e as Error).message
  }
  return { ok: false, message: `the simulation models (core/scenario) are not available in this build: ${why.split('\n')[0]}` }
}

/** Finds a scenario by name; `extra` adds or replaces names (tests inject their own). */
export async function resolveScenario(name: string, extra: Readonly<Record<string, RunScenario>> = {}): Promise<ScenarioLookup> {
  if (Object.hasOwn(extra, name)) return { ok: true, scenario: extra[name] }
  if (Object.hasOwn(SYNTHETIC, name)) return { ok: true, scenario: SYNTHETIC[name] }
  if (name === MODEL_SCENARIO) {
    model ??= loadModel()
    return model
  }
  return { ok: false, message: `there is no scenario "${name}" (known: ${[...SCENARIO_NAMES, ...Object.keys(extra)].join(', ')})` }
}
