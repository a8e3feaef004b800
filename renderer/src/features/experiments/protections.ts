// Issue 12: a protection turned off (no IOMMU under pass-through, VPIO without DMA validation, a DC
// without credential checks…) is refused by validation unless the experiment that runs it sets
// `protectionOffAcknowledged`. The designer shows, for one experiment, which protections it runs
// without: before the acknowledgement, validation's refusals that name it; after, what validation
// would refuse without it (core/project/protection-warnings.ts, which the CLI prints as warnings too).
import { createValidator, type Validator } from '../../stores/validator'

export { isProtectionRefusal, protectionsOff, refusalsFor, withoutAcknowledgement, withoutHint } from '../../../../core/project'

let shared: Validator | undefined
/** One validator (a worker where there are workers) for every designer's probe, made on first use. */
export function probeValidator(): Validator {
  shared ??= createValidator()
  return shared
}
