// The committed JSON Schema is exactly what the zod schema generates, so it cannot go stale;
// and the fixtures satisfy its basic shape.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JSON_SCHEMA_PATH, projectJsonSchema, projectJsonSchemaText } from '../../../core/project/index'
import { ROOT } from './helpers'

describe('schema/iovlab-project.schema.json', () => {
  it('equals the schema generated from zod (regenerate: see core/project/write-json-schema.ts)', () => {
    expect(readFileSync(join(ROOT, JSON_SCHEMA_PATH), 'utf8')).toBe(projectJsonSchemaText())
  })
  it('describes the top level, allows $schema and unknown fields', () => {
    const s = projectJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: unknown }
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['$schema', 'format', 'schemaVersion', 'name', 'seed', 'variables', 'topology', 'experiments', 'results']))
    expect(s.required).toEqual(expect.arrayContaining(['format', 'schemaVersion', 'name', 'seed', 'topology']))
    expect(s.required).not.toContain('description')
    expect(s.additionalProperties).toEqual({})
  })
})
