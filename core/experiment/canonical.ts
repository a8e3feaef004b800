// Canonical JSON (keys sorted, numbers as the shortest exact decimal of the double) and the
// SHA-256 digests built on it; WebCrypto, so it runs in Node, workers and the browser alike.

/**
 * JSON with object keys sorted by code unit at every level and no whitespace. Numbers are
 * written by `Number.prototype.toString` (the shortest text that reads back as the same
 * double), non-finite numbers and `undefined` values as null, -0 as 0.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      return 'null'
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** "sha256:" and the 64 lowercase hex digits of the UTF-8 text's SHA-256. */
export async function sha256Digest(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text)
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes))
  let hex = ''
  for (const b of hash) hex += b.toString(16).padStart(2, '0')
  return `sha256:${hex}`
}
