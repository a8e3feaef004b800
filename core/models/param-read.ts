// Typed reads of a component's canonical parameter record (as core/project resolves it):
// a missing or mistyped key is a programming error, reported with the key's name.

export type ParamRecord = Readonly<Record<string, number | string | boolean>>

declare const KEYS: unique symbol
/**
 * A parameter record of a kind whose keys are the union `K` (e.g. HostParamKey, derived
 * from the kind's spec arrays): the readers below accept only those keys, so a misspelled
 * key is a compile error. A plain ParamRecord accepts any key.
 */
export type KindParams<K extends string> = ParamRecord & { readonly [KEYS]?: K }

export function num<K extends string = string>(p: KindParams<K>, key: NoInfer<K>): number {
  const v = p[key]
  if (typeof v !== 'number') throw new Error(`parameter "${key}" is not a number (${String(v)})`)
  return v
}

export function str<K extends string = string>(p: KindParams<K>, key: NoInfer<K>): string {
  const v = p[key]
  if (typeof v !== 'string') throw new Error(`parameter "${key}" is not a text (${String(v)})`)
  return v
}

export function bool<K extends string = string>(p: KindParams<K>, key: NoInfer<K>): boolean {
  const v = p[key]
  if (typeof v !== 'boolean') throw new Error(`parameter "${key}" is not true/false (${String(v)})`)
  return v
}

/** Nanoseconds a transfer of `bytes` takes at `bitsPerSecond`. */
export function transferNs(bytes: number, bitsPerSecond: number): number {
  return (bytes * 8 * 1e9) / bitsPerSecond
}
