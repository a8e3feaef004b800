// The file access a service needs, provided by its host: Node's file system (node-files.ts),
// or whatever a browser host keeps projects in.
import type { LoadResult } from '../project/load'
import type { SaveOptions, SaveResult } from '../project/save'
import type { Project } from '../project/schema'

export interface ProjectFiles {
  /** Reads and validates a project file without ever changing it. */
  load(path: string): Promise<LoadResult>
  /** Validates and saves atomically (see core/project/save.ts). */
  save(path: string, project: Project, options: SaveOptions): Promise<SaveResult>
  /** File names in a folder (not paths); empty when the folder does not exist. */
  list(dir: string): Promise<string[]>
  join(dir: string, name: string): string
}
