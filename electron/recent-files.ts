// The desktop app's own list of recent project files (newest first, at most ten), kept as JSON in
// the user-data folder; the operating system's list is fed through app.addRecentDocument as well.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export const MAX_RECENT = 10

export class RecentFiles {
  private list: string[]

  constructor(private readonly file: string) {
    this.list = RecentFiles.read(file)
  }

  private static read(file: string): string[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : []
    } catch {
      return []
    }
  }

  get(): string[] {
    return [...this.list]
  }

  /** Puts `path` first; returns whether the list changed. */
  add(path: string): boolean {
    if (this.list[0] === path) return false
    this.list = [path, ...this.list.filter((p) => p !== path)].slice(0, MAX_RECENT)
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.list, null, 2))
      renameSync(`${this.file}.tmp`, this.file)
    } catch {
      // the list is a convenience: a read-only profile keeps it in memory
    }
    return true
  }
}
