// The techniques' public surface: the registry and the endpoint contract.
export { technique, modelledTechniques, registerTechnique } from './registry'
export type { AttachContext, Endpoint, Technique } from './types'
export { BaseEndpoint } from './types'
