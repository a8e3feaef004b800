// A checkable view of a project, even a partly broken one: each node, link, attachment and
// experiment that parses on its own is kept with its index, so semantic checks still run.
import {
  AttachmentSchema, ExperimentSchema, LinkSchema, NodeSchema, ScalarSchema,
  type Attachment, type Experiment, type Project, type ProjectLink, type ProjectNode, type Scalar
} from './schema'
import type { z } from 'zod'

export interface Indexed<T> {
  readonly index: number
  readonly item: T
}

export interface ProjectView {
  readonly variables: Readonly<Record<string, Scalar>>
  readonly nodes: readonly Indexed<ProjectNode>[]
  readonly links: readonly Indexed<ProjectLink>[]
  readonly attachments: readonly Indexed<Attachment>[]
  readonly experiments: readonly Indexed<Experiment>[]
  /** Every id written in the file, even on entries that failed to parse (so no false "dangling" problems). */
  readonly nodeIds: ReadonlySet<string>
  /** Nodes by id (the first of duplicates). */
  readonly nodeById: ReadonlyMap<string, ProjectNode>
}

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

function indexed<T>(items: readonly T[]): Indexed<T>[] {
  return items.map((item, index) => ({ index, item }))
}

function salvageList<T>(list: unknown, schema: z.ZodType<T>): Indexed<T>[] {
  if (!Array.isArray(list)) return []
  const out: Indexed<T>[] = []
  list.forEach((el, index) => {
    const r = schema.safeParse(el)
    if (r.success) out.push({ index, item: r.data })
  })
  return out
}

function rawIds(list: unknown): Set<string> {
  const ids = new Set<string>()
  if (Array.isArray(list)) for (const el of list) if (isObj(el) && typeof el.id === 'string') ids.add(el.id)
  return ids
}

function finish(parts: Omit<ProjectView, 'nodeById'>): ProjectView {
  const nodeById = new Map<string, ProjectNode>()
  for (const { item } of parts.nodes) if (!nodeById.has(item.id)) nodeById.set(item.id, item)
  return { ...parts, nodeById }
}

/** The view of a project that passed the schema. */
export function viewOf(project: Project): ProjectView {
  return finish({
    variables: project.variables,
    nodes: indexed(project.topology.nodes),
    links: indexed(project.topology.links),
    attachments: indexed(project.topology.attachments),
    experiments: indexed(project.experiments),
    nodeIds: new Set(project.topology.nodes.map((n) => n.id))
  })
}

/** The view of a document that failed the schema: the parts that parse on their own. */
export function salvageView(doc: unknown): ProjectView {
  const d = isObj(doc) ? doc : {}
  const topo = isObj(d.topology) ? d.topology : {}
  const variables: Record<string, Scalar> = {}
  if (isObj(d.variables)) {
    for (const [k, v] of Object.entries(d.variables)) {
      const r = ScalarSchema.safeParse(v)
      if (r.success) variables[k] = r.data
    }
  }
  return finish({
    variables,
    nodes: salvageList(topo.nodes, NodeSchema),
    links: salvageList(topo.links, LinkSchema),
    attachments: salvageList(topo.attachments, AttachmentSchema),
    experiments: salvageList(d.experiments, ExperimentSchema),
    nodeIds: rawIds(topo.nodes)
  })
}
