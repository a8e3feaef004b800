// The technique modules' only guard: the attach rule of core/models/attach-rules.ts, which
// project validation enforces first — so it can fire only for a project that was never
// validated (a test building a world by hand, a bug in validation), and says so.
import { ATTACH_RULES } from '../../models/attach-rules'
import type { TechniqueId } from '../../models/catalog'
import type { DeviceModel } from '../../models/net/device'
import type { AttachContext } from '../types'

/** A broken invariant: validation should have refused the project (never a user's mistake). */
export class RuleAssertionError extends Error {
  constructor(message: string) {
    super(`${message} (validation should have refused this project; please report it)`)
    this.name = 'RuleAssertionError'
  }
}

/**
 * Asserts `technique`'s attach rule for `ctx` (device kind, the domain's role, the host's
 * IOMMU) and returns the device narrowed to `kind`.
 */
export function ruleDevice<K extends DeviceModel['kind']>(technique: TechniqueId, ctx: AttachContext, kind: K): Extract<DeviceModel, { kind: K }> {
  const rule = ATTACH_RULES[technique]
  const dev = ctx.device
  if (dev.kind !== kind || !rule.deviceKinds.includes(dev.kind)) throw new RuleAssertionError(`${technique} does not reach a ${dev.kind} ("${dev.id}")`)
  const isDriver = ctx.domain === ctx.driverDomain
  if (rule.role === 'guest' && isDriver) throw new RuleAssertionError(rule.roleWhy ?? `${technique} is for guests`)
  if (rule.role === 'driver-domain' && !isDriver) throw new RuleAssertionError(rule.roleWhy ?? `${technique} is the driver domain's`)
  if (rule.needsIommu && dev.kind === 'nic' && dev.nic.iommu === undefined && ctx.protectionOffAcknowledged !== true) {
    throw new RuleAssertionError(`${technique} needs the IOMMU of host "${ctx.host.id}" (its "iommuEnabled")`)
  }
  return dev as Extract<DeviceModel, { kind: K }>
}
