// What a loaded file looked like on disk (size, modification time, SHA-256), so a later save
// can tell whether someone else changed it in the meantime.
import { createHash } from 'node:crypto'

export interface FileInfo {
  readonly mtimeMs: number
  readonly size: number
  /** Hex SHA-256 of the file's bytes. */
  readonly sha256: string
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
