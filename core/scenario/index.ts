// The scenario seam: one run of one experiment at one sweep point (types.ts is the contract).
export { runScenario, buildWorld } from './run'
export { ScenarioError } from './build-endpoints'
export { COMMON_WORKLOAD_PARAMS } from './build-workloads'
export * from './types'
