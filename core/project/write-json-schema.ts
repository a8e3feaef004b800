// Writes schema/iovlab-project.schema.json from the zod schema (run from the repository root:
// `npx esbuild core/project/write-json-schema.ts --bundle --platform=node | node`).
import { writeFileSync } from 'node:fs'
import { JSON_SCHEMA_PATH, projectJsonSchemaText } from './json-schema'

writeFileSync(JSON_SCHEMA_PATH, projectJsonSchemaText())
console.log(`wrote ${JSON_SCHEMA_PATH}`)
