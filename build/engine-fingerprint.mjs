// The engine fingerprint: a SHA-256 over the sources that determine the numbers (the simulation
// kernel, models, techniques, workloads, the scenario builder, the runner's point and digest code,
// the project's defaults and unit parsing) and the versions of the libraries that draw random
// numbers and keep histograms. Computed at build time (build-cli.mjs, electron.vite.config.ts) and
// in tests (vitest.config.mts), and recorded in every results document's provenance, so results
// made by a changed engine are told apart even when ENGINE_VERSION was not bumped.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

/**
 * Folders whose every .ts file counts. The whole runner is in (points, seeds, aggregation, the
 * t quantile, digests): a file that changes no number there only costs a "made by another engine"
 * note beside identical numbers, while one left out could change numbers unnoticed.
 */
export const FINGERPRINT_DIRS = ['core/sim', 'core/models', 'core/techniques', 'core/workloads', 'core/scenario', 'core/experiment']

/** Single files that determine numbers (the version, the project's defaults, units and paths); a file gone is skipped. */
export const FINGERPRINT_FILES = [
  'core/version.ts',
  'core/project/schema.ts', 'core/project/resolve.ts', 'core/project/units.ts', 'core/project/decimal.ts',
  'core/project/param-values.ts', 'core/project/paths.ts'
]

/** Libraries whose version changes numbers (random streams, histograms). */
export const FINGERPRINT_PACKAGES = ['pure-rand', 'hdr-histogram-js']

function tsFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...tsFiles(p))
    else if (name.endsWith('.ts')) out.push(p)
  }
  return out
}

/** The fingerprint of named texts: order-independent, line endings normalised (a CRLF checkout hashes the same). */
export function fingerprintOf(entries) {
  const h = createHash('sha256')
  for (const { name, text } of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(`${name}\0${text.replace(/\r\n?/g, '\n')}\0`)
  }
  return `sha256:${h.digest('hex')}`
}

/** The files and package versions the fingerprint covers, from the repository at `root`. */
export function fingerprintEntries(root) {
  const files = [...FINGERPRINT_DIRS.flatMap((d) => tsFiles(resolve(root, d))), ...FINGERPRINT_FILES.map((f) => resolve(root, f)).filter((f) => existsSync(f))]
  const entries = files.map((f) => ({ name: relative(root, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }))
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'))
  for (const name of FINGERPRINT_PACKAGES) entries.push({ name: `package:${name}`, text: String(pkg.dependencies?.[name] ?? 'none') })
  return entries
}

/** The engine fingerprint of the repository at `root`. */
export function engineFingerprint(root) {
  return fingerprintOf(fingerprintEntries(root))
}
