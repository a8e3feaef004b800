// Shared helpers of the runner tests: a small valid project for the synthetic M/M/1 scenario
// (its mean wait depends on the swept load and the seed), validated as the runner expects it.
import { validateProject, type Project, type ProjectInput } from '../../../core/project/index'

export function mm1Input(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return {
    format: 'iovlab-project', schemaVersion: 2, name: 'mm1-test', seed: 7,
    variables: { load: 0.5, serviceUs: 1 },
    topology: {},
    experiments: [
      { id: 'wait-vs-load', name: 'Wait vs load', duration: '20ms', warmup: '1ms', replications: 3, sweep: [{ 'variables.load': [0.3, 0.5, 0.8] }] },
      {
        id: 'zipped', name: 'Zipped and crossed', duration: '5ms', replications: 2,
        sweep: [{ 'variables.load': [0.2, 0.4], 'variables.serviceUs': [1, 2] }, { 'experiments.zipped.warmup': ['0ns', '1ms'] }]
      }
    ],
    ...overrides
  }
}

export function valid(input: unknown): Project {
  const r = validateProject(input)
  if (!r.ok) throw new Error(`test project invalid: ${r.problems.map((p) => p.message).join('; ')}`)
  return r.project
}

export function mm1Project(overrides: Partial<ProjectInput> = {}): Project {
  return valid(mm1Input(overrides))
}
