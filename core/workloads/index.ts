// The workloads' public surface: the registry and the workload contract.
export { workloadKind, registerWorkload } from './registry'
export type { FlowPair, Workload, WorkloadContext, WorkloadKind, WorkloadMetrics, WorkloadParams } from './types'
