// Typed reads of a component's canonical parameter record (as core/project resolves it):
// a missing or mistyped key is a programming error, reported with the key's name.

export type ParamRecord = Readonly<Record<string, number | string | boolean>>

export function num(p: ParamRecord, key: string): number {
  const v = p[key]
  if (typeof v !== 'number') throw new Error(`parameter "${key}" is not a number (${String(v)})`)
  return v
}

export function str(p: ParamRecord, key: string): string {
  const v = p[key]
  if (typeof v !== 'string') throw new Error(`parameter "${key}" is not a text (${String(v)})`)
  return v
}

export function bool(p: ParamRecord, key: string): boolean {
  const v = p[key]
  if (typeof v !== 'boolean') throw new Error(`parameter "${key}" is not true/false (${String(v)})`)
  return v
}

/** Nanoseconds a transfer of `bytes` takes at `bitsPerSecond`. */
export function transferNs(bytes: number, bitsPerSecond: number): number {
  return (bytes * 8 * 1e9) / bitsPerSecond
}
