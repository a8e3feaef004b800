// The Node-only part of the runner: the worker-thread executor on piscina.
export * from './index'
export { ThreadExecutor, defaultWorkerFile, type ThreadExecutorOptions } from './thread-executor'
export { benchRunnerOverhead, benchJobsSpeedup, benchLoad, type RunnerBenchResult } from './bench'
export { DiskCache, userCache, defaultCacheDir, cacheBytesFromEnv, parseSize, DEFAULT_CACHE_BYTES, type DiskCacheOptions } from './cache-disk'
