// The result cache of every test file is a fresh temporary folder (never the user's own, which a
// CLI child would otherwise fill): IOVLAB_CACHE_DIR is inherited by the CLI processes tests spawn.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'iovlab-cache-'))
process.env.IOVLAB_CACHE_DIR = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))
