// The typed API every host implements, and the service behind it (runs anywhere; the host
// injects file access and an executor). Node hosts use node.ts for both.
export * from './contract'
export { dispatch, isRequestName } from './dispatch'
export { problemToError } from './errors'
export { createService, type IovlabService, type ServiceOptions } from './service'
export type { ProjectFiles } from './files'
