// docs/profiles.md holds the profile × value table generated from core/models/host/profiles.ts,
// so it cannot drift. `IOVLAB_UPDATE_PROFILES=1 npx vitest run tests/build/profiles-doc.test.ts`
// rewrites the table between its markers.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { profilesMarkdownTable } from '../../core/cli/commands/catalog-profiles'
import { HOST_PROFILES } from '../../core/models/host/profiles'
import { NIC_PROFILES } from '../../core/models/nic/profiles'

const FILE = resolve(import.meta.dirname, '../../docs/profiles.md')
const BEGIN = '<!-- profiles table: generated from core/models/host/profiles.ts -->'
const END = '<!-- end of profiles table -->'

describe('docs/profiles.md', () => {
  it('holds the generated profile table', () => {
    let doc = readFileSync(FILE, 'utf8')
    const block = `${BEGIN}\n${profilesMarkdownTable()}\n${END}`
    expect(doc.indexOf(BEGIN), 'the table markers').toBeGreaterThanOrEqual(0)
    if (process.env.IOVLAB_UPDATE_PROFILES === '1') {
      doc = doc.slice(0, doc.indexOf(BEGIN)) + block + doc.slice(doc.indexOf(END) + END.length)
      writeFileSync(FILE, doc)
    }
    expect(doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length), 'stale: run IOVLAB_UPDATE_PROFILES=1 npx vitest run tests/build/profiles-doc.test.ts').toBe(block)
  })

  it('names every host and NIC profile', () => {
    const doc = readFileSync(FILE, 'utf8')
    for (const p of [...HOST_PROFILES, ...NIC_PROFILES]) expect(doc).toContain(`\`${p.id}\``)
  })
})
