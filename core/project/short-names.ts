// Short names of swept paths, as the results name parameters ("variables.guests" → "guests").

/**
 * Short names for swept paths: the last segment ("variables.guests" → "guests"), or as many
 * trailing segments as it takes to tell two paths apart.
 */
export function shortNames(paths: readonly string[]): Record<string, string> {
  const segs = paths.map((p) => p.split('.'))
  const take = paths.map(() => 1)
  for (let round = 0; round < 64; round++) {
    const names = segs.map((s, i) => s.slice(-take[i]).join('.'))
    const clash = names.map((n, i) => names.some((m, j) => j !== i && m === n))
    if (!clash.includes(true)) break
    clash.forEach((c, i) => { if (c && take[i] < segs[i].length) take[i]++ })
  }
  const out: Record<string, string> = {}
  paths.forEach((p, i) => { out[p] = segs[i].slice(-take[i]).join('.') })
  return out
}
