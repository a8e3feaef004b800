// The experiment runner's public API that runs anywhere (Node, workers, a browser): plans,
// executors' interface, the in-process executor, aggregation, digests and documents.
// The worker-thread executor (Node only) is in node.ts.
export * from './types'
export { canonicalJson, sha256Digest } from './canonical'
export { expandSweep, pointCount, runSeed, seedLabel, experimentRuns, applyPoint, runLimits, shortNames, sweptPaths, type SweepPoint } from './sweep'
export { summarize, aggregateMetrics, isSummary, checkMetrics } from './aggregate'
export { studentTQuantile, studentTCdf, t975, normalCdf } from './student-t'
export { inputDigest, pointsDigest, pointsCanonicalText, buildDocument, withoutProvenance, hostFacts } from './results'
export { planRuns, executePlan, type RunPlan, type PlannedExperiment, type PlanResult, type RunnerEvent, type ExecutePlanOptions, type RunnerResult } from './runner'
export { ProgressTracker, type RunProgress, type ActiveRun } from './progress'
export { executeRun, type RunHooks } from './execute-run'
export { InProcessExecutor, type InProcessOptions } from './in-process-executor'
export { resolveScenario, MODEL_SCENARIO, SCENARIO_NAMES, type ScenarioLookup } from './scenarios'
export { mm1Scenario, noopScenario } from './synthetic'
export { ResultsDocumentSchema, ResultsPointSchema, readResultsDocuments, type ReadResults, type ResultsProblem } from './results-schema'
export { comparePoints } from './compare'
