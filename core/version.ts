// The engine version stamped into every results document: same project + seed +
// engine version → byte-identical results. Bump it whenever model behaviour changes.
// The fingerprint says it without relying on anyone bumping it: a hash of the sources that
// determine the numbers (build/engine-fingerprint.mjs), baked in at build time.

export const ENGINE_VERSION = '0.3.0'

declare const __IOVLAB_ENGINE_FINGERPRINT__: string | undefined

/** "sha256:…" of the engine's sources; "unknown" when run unbundled outside the builds and tests. */
export const ENGINE_FINGERPRINT: string = typeof __IOVLAB_ENGINE_FINGERPRINT__ === 'string' ? __IOVLAB_ENGINE_FINGERPRINT__ : 'unknown'

/** The first 12 hex digits, for messages. */
export function shortFingerprint(fp: string): string {
  return fp.startsWith('sha256:') ? fp.slice(7, 19) : fp
}
