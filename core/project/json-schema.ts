// Generates the JSON Schema of the project format from the zod schema, for editors; the
// committed schema/iovlab-project.schema.json is checked against this by a test.
import { z } from 'zod'
import { ProjectSchema, SCHEMA_VERSION } from './schema'

/** Where the generated schema lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/iovlab-project.schema.json'

/** The JSON Schema (draft 2020-12) of project files as they may be written (defaults optional). */
export function projectJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ProjectSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return {
    $schema,
    $id: 'https://iovlab.dev/schema/iovlab-project.schema.json',
    title: `IOV Lab project (schemaVersion ${SCHEMA_VERSION})`,
    description: 'A *.iovlab.json project: topology, experiments and stored results. Units are written as suffixes ("10us", "1Gbps", "4KiB", "2.8GHz") or as numbers in canonical units (ns, bit/s, bytes, Hz).',
    ...rest
  }
}

/** The file text: 2-space JSON with a trailing newline. */
export function projectJsonSchemaText(): string {
  return `${JSON.stringify(projectJsonSchema(), null, 2)}\n`
}
