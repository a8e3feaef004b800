// The browser host's list of recent files, kept in localStorage (Electron's main process keeps its own).
export const RECENT_KEY = 'iovlab:recent-files'
export const MAX_RECENT = 10

export function readRecent(storage: Storage | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECENT_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : []
  } catch {
    return []
  }
}

export function addRecent(storage: Storage | undefined, path: string): string[] {
  const next = [path, ...readRecent(storage).filter((p) => p !== path)].slice(0, MAX_RECENT)
  try {
    storage?.setItem(RECENT_KEY, JSON.stringify(next))
  } catch {
    // full or unavailable: the list is only a convenience
  }
  return next
}
