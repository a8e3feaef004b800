// Axis names for swept parameters, as a researcher reads them: the catalog's label and unit of the
// parameter a path sets ("Clock (Hz) · host-a"), a variable's own name, a workload parameter's name
// with its workload — never the internal path ("topology.nodes.host-a.params.clock").
import { linkParamSpec, paramSpec } from '../../../../core/models/catalog'
import type { ComponentKind, Dimension, LinkKind, ParamSpec } from '../../../../core/models/catalog'

/** What a chart needs of the project to name its parameters (nodes' and links' kinds, workloads' kinds). */
export interface ParamContext {
  readonly nodes?: readonly { readonly id: string; readonly kind: string }[]
  readonly links?: readonly { readonly id: string; readonly kind: string }[]
}

const DIMENSION_UNITS: Partial<Record<Dimension, string>> = {
  duration: 'ns', bandwidth: 'bit/s', size: 'B', frequency: 'Hz', cycles: 'cycles'
}

/** "guestPlacement" → "guest placement". */
export function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
}

function specName(spec: ParamSpec | undefined, key: string, numeric: boolean): string {
  if (!spec) return words(key)
  const unit = numeric ? DIMENSION_UNITS[spec.dimension] : undefined
  return unit ? `${spec.label} (${unit})` : spec.label
}

/**
 * The name of a swept parameter for an axis or a legend: from its path (paramPaths of the results)
 * and the project; `numeric` says whether the swept values are numbers (canonical units shown then).
 */
export function paramLabel(name: string, path: string | undefined, ctx: ParamContext = {}, numeric = false): string {
  const segs = (path ?? name).split('.')
  if (segs[0] === 'variables' && segs.length === 2) return words(segs[1])
  if (segs[0] === 'topology' && segs[1] === 'nodes' && segs.length >= 4) {
    const node = ctx.nodes?.find((n) => n.id === segs[2])
    const spec = node && segs[3] === 'params' ? paramSpec(node.kind as ComponentKind, segs[4] ?? '') : undefined
    const what = segs[3] === 'params' ? specName(spec, segs[4] ?? '', numeric) : words(segs[3])
    return `${what} · ${segs[2]}`
  }
  if (segs[0] === 'topology' && segs[1] === 'links' && segs.length >= 4) {
    const link = ctx.links?.find((l) => l.id === segs[2])
    const spec = link && segs[3] === 'params' ? linkParamSpec(link.kind as LinkKind, segs[4] ?? '') : undefined
    const what = segs[3] === 'params' ? specName(spec, segs[4] ?? '', numeric) : segs[3] === 'kind' ? 'link kind' : words(segs[3])
    return `${what} · ${segs[2]}`
  }
  if (segs[0] === 'topology' && segs[1] === 'attachments' && segs.length >= 4) return `${words(segs[segs.length - 1])} · ${segs[2]}`
  if (segs[0] === 'experiments' && segs.length >= 3) {
    if (segs[2] === 'workloads' && segs.length >= 5) return `${words(segs[segs.length - 1])} · workload ${segs[3]}`
    return words(segs[segs.length - 1])
  }
  return words(segs[segs.length - 1])
}
