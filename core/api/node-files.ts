// ProjectFiles on Node's file system, through core/project's load and atomic save.
import { promises as fsp } from 'node:fs'
import { join } from 'node:path'
import { loadProject, saveProject } from '../project/node'
import type { ProjectFiles } from './files'

export const nodeFiles: ProjectFiles = {
  load: loadProject,
  save: saveProject,
  async list(dir) {
    try {
      return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name)
    } catch {
      return []
    }
  },
  join
}
