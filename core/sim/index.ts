// The simulation kernel's public surface: clock and events, processes, resources,
// random streams, distributions and streaming statistics.

export * from './time'
export * from './errors'
export { EventQueue } from './event-queue'
export { Simulator } from './simulator'
export type { Handler, HandlerId, EventId, TraceHook, ProgressHook, StopReason, RunOptions } from './simulator'
export { Process, Interrupt } from './process'
export type { Waitable, Yielded, ProcessBody } from './process'
export { Server } from './server'
export type { ServerOptions } from './server'
export { Resource, Request } from './resource'
export type { ResourceOptions } from './resource'
export { RandomStream, RngStreams, streamState, deriveSeed } from './rng'
export { makeDistribution, checkDistribution } from './distributions'
export type { Distribution, DistributionSpec } from './distributions'
export { Counter, Tally, TimeWeighted, Quantiles } from './stats'
export type { QuantileOptions } from './stats'
