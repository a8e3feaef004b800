// The technique registry: one module per technique, looked up by its catalog id. A
// technique not yet modelled is absent here and the scenario says so in plain words.
import type { TechniqueId } from '../models/catalog'
import { emulated } from './emulated'
import { native } from './native'
import { paravirtual } from './paravirtual'
import { passthrough } from './passthrough'
import { scalableIo } from './scalable-io'
import { selfVirtualized } from './self-virtualized'
import { sriov } from './sriov'
import { vpio } from './vpio'
import type { Technique } from './types'

const TECHNIQUES = new Map<TechniqueId, Technique>()

/** Adds a technique (each technique module's export is registered below). */
export function registerTechnique(t: Technique): void {
  TECHNIQUES.set(t.id, t)
}

export function technique(id: TechniqueId): Technique | undefined {
  return TECHNIQUES.get(id)
}

export function modelledTechniques(): TechniqueId[] {
  return [...TECHNIQUES.keys()]
}

for (const t of [native, emulated, paravirtual, passthrough, sriov, selfVirtualized, vpio, scalableIo]) registerTechnique(t)
