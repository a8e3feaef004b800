// How many VMs share each device: pass-through is exclusive, self-virtualized VIFs are
// bounded by the NP-NIC's VIF limit, SR-IOV attachments by the NIC's virtual functions;
// uses of one NIC must be ones its model combines (core/models/attach-rules.ts).
// A VM node may stand for several identical guests (its `count`), and each one counts.
import { ATTACH_RULES, nicUsesShare, vpioDrivesWithPort, type NicUse } from '../models/attach-rules'
import { CATALOG, paramSpec } from '../models/catalog'
import type { ComponentKind, TechniqueId } from '../models/catalog'
import { canonicalParam, resolveVar } from './param-values'
import { effectiveParam, type ProfileEnv } from './profiles'
import { problem, type Problem } from './problems'
import type { ProjectNode as Node, Scalar } from './schema'
import type { ProjectView } from './view'

/**
 * Catalog keys of the numbers these rules read. Injectable for tests; the catalog-keys test
 * fails when the catalog renames one of them (a rename would otherwise disable a rule).
 */
export interface SharingKeys {
  readonly vmCount: string
  readonly vifLimit: string
  readonly vfCount: string
  readonly sriovEnabled: string
}

export const SHARING_KEYS: SharingKeys = { vmCount: 'count', vifLimit: 'vifLimit', vfCount: 'vfCount', sriovEnabled: 'sriovEnabled' }

function param(node: Node, key: string, vars: Readonly<Record<string, Scalar>>): unknown {
  if (!Object.hasOwn(CATALOG, node.kind)) return undefined
  const spec = paramSpec(node.kind as ComponentKind, key)
  if (!spec) return undefined
  const v = canonicalParam(spec, node.params[spec.key], vars)
  return v.ok ? v.value : undefined
}

function numericParam(node: Node, key: string, vars: Readonly<Record<string, Scalar>>): number | undefined {
  const v = param(node, key, vars)
  return typeof v === 'number' ? v : undefined
}

/** How many guests a VM node stands for (its `count`, 1 when unknown). */
export function vmCount(vm: Node, vars: Readonly<Record<string, Scalar>>, keys: SharingKeys = SHARING_KEYS): number {
  return numericParam(vm, keys.vmCount, vars) ?? 1
}

interface Use { attIndex: number; attId: string; vm: Node; guests: number; technique: unknown }

function usesByDevice(view: ProjectView, keys: SharingKeys): Map<string, Use[]> {
  const map = new Map<string, Use[]>()
  for (const { index, item: att } of view.attachments) {
    const vm = view.nodeById.get(att.vm)
    if (!vm || vm.kind !== 'vm') continue
    const use = { attIndex: index, attId: att.id, vm, guests: vmCount(vm, view.variables, keys), technique: resolveVar(att.technique, view.variables) }
    // a virtual disk's RAID / replica members (issue 11) are used by its VM as its device is
    for (const dev of new Set([att.device, ...(att.devices ?? [])])) {
      const list = map.get(dev)
      if (list) list.push(use)
      else map.set(dev, [use])
    }
  }
  return map
}

function who(uses: readonly Use[]): string {
  return uses.map((u) => (u.guests === 1 ? `"${u.vm.id}"` : `"${u.vm.id}" ×${u.guests}`)).join(', ')
}

function checkPassthrough(device: Node, uses: readonly Use[], out: Problem[]): void {
  const pass = uses.filter((u) => u.technique === 'passthrough')
  if (pass.length === 0) return
  const guests = uses.reduce((n, u) => n + u.guests, 0)
  if (guests <= 1) return
  for (const u of pass) {
    out.push(problem('passthrough-shared', ['topology', 'attachments', u.attIndex],
      `attachment "${u.attId}": device "${device.id}" is passed through to VM "${u.vm.id}", but ${guests} guests use it (${who(uses)}); pass-through gives a device to one guest only`))
  }
}

function checkBudget(device: Node, uses: readonly Use[], technique: string, limit: number | undefined,
  what: string, index: number, out: Problem[]): void {
  if (limit === undefined) return
  const mine = uses.filter((u) => u.technique === technique)
  const total = mine.reduce((n, u) => n + u.guests, 0)
  if (total <= limit) return
  out.push(problem(technique === 'sriov' ? 'vf-limit' : 'vif-limit', ['topology', 'nodes', index],
    `${CATALOG[device.kind as ComponentKind].label} "${device.id}" would need ${total} ${what} (${who(mine)}) but has ${limit}`))
}

function checkSriovEnabled(device: Node, uses: readonly Use[], enabled: unknown, out: Problem[]): void {
  if (enabled !== false) return
  for (const u of uses.filter((x) => x.technique === 'sriov')) {
    out.push(problem('technique-not-allowed', ['topology', 'attachments', u.attIndex, 'technique'],
      `attachment "${u.attId}": NIC "${device.id}" has SR-IOV turned off; set its "sriovEnabled" to true to give guests virtual functions`))
  }
}

/** Uses of one NIC or storage device that its model cannot combine (attach-rules.ts: nicUsesShare), one problem per clashing attachment. */
function checkNicUses(device: Node, uses: readonly Use[], out: Problem[]): void {
  const what = CATALOG[device.kind as ComponentKind].label
  const first = new Map<NicUse, Use>()
  for (const u of uses) {
    const use = typeof u.technique === 'string' && Object.hasOwn(ATTACH_RULES, u.technique) ? ATTACH_RULES[u.technique as TechniqueId].nicUse : undefined
    if (use === undefined) continue
    const clash = [...first.entries()].find(([other]) => other !== use && !nicUsesShare(use, other))
    if (clash) {
      out.push(problem('technique-not-allowed', ['topology', 'attachments', u.attIndex, 'technique'],
        `attachment "${u.attId}": ${what} "${device.id}" is already used with "${String(clash[1].technique)}" by VM "${clash[1].vm.id}"; "${String(u.technique)}" and "${String(clash[1].technique)}" cannot share one ${what}`))
    }
    if (!first.has(use)) first.set(use, u)
  }
}

/** VPIO's device model serves guests that drive the NIC the same way (all NE2K, or all DMA-style). */
function checkVpioStyles(device: Node, uses: readonly Use[], vars: Readonly<Record<string, Scalar>>, out: Problem[]): void {
  const vpio = uses.filter((u) => u.technique === 'vpio')
  if (vpio.length < 2) return
  const style = (u: Use): string => String(param(u.vm, 'driverStyle', vars))
  const ref = vpio[0]
  for (const u of vpio.slice(1)) {
    if (vpioDrivesWithPort(style(u)) === vpioDrivesWithPort(style(ref))) continue
    out.push(problem('technique-not-allowed', ['topology', 'attachments', u.attIndex, 'technique'],
      `attachment "${u.attId}": VM "${u.vm.id}" drives NIC "${device.id}" ${style(u)} but VM "${ref.vm.id}" drives it ${style(ref)}; VPIO guests of one NIC must all use NE2K or all a DMA-style driver ("driverStyle")`))
  }
}

/** Pass-through exclusivity, NIC uses that cannot share, VPIO driver styles and VIF / VF budgets. */
export function checkSharing(view: ProjectView, keys: SharingKeys = SHARING_KEYS): Problem[] {
  const out: Problem[] = []
  const byDevice = usesByDevice(view, keys)
  // A device's capabilities (its VFs) may come from its hardware profile.
  const env: ProfileEnv = { variables: view.variables, nodeById: (id) => view.nodeById.get(id) }
  const dev = (node: Node, key: string): number | undefined => {
    const v = effectiveParam(node, key, env)
    return typeof v === 'number' ? v : undefined
  }
  for (const { index, item: device } of view.nodes) {
    const uses = byDevice.get(device.id)
    if (!uses) continue
    checkPassthrough(device, uses, out)
    if (device.kind === 'np-nic') {
      checkBudget(device, uses, 'self-virtualized', numericParam(device, keys.vifLimit, view.variables), 'self-virtualized VIFs', index, out)
    }
    if (device.kind === 'nic') {
      checkNicUses(device, uses, out)
      checkVpioStyles(device, uses, view.variables, out)
      checkSriovEnabled(device, uses, param(device, keys.sriovEnabled, view.variables), out)
      checkBudget(device, uses, 'sriov', dev(device, keys.vfCount), 'SR-IOV virtual functions', index, out)
    }
    if (device.kind === 'disk' || device.kind === 'ssd' || device.kind === 'nvme' || device.kind === 'storage-array') {
      // issue 11: the same sharing rule as a NIC's; an NVMe drive's VFs are its vfCount (0: no SR-IOV)
      checkNicUses(device, uses, out)
      if (device.kind === 'nvme') checkBudget(device, uses, 'sriov', dev(device, keys.vfCount), 'SR-IOV virtual functions', index, out)
    }
  }
  return out
}
