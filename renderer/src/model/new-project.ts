// The document a workbench starts from: an empty, valid project.
import { PROJECT_FORMAT, SCHEMA_VERSION, type Project } from '../../../core/project'

export function newProject(name = 'untitled'): Project {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    name,
    description: '',
    seed: 1,
    variables: {},
    topology: { nodes: [], links: [], attachments: [] },
    experiments: []
  } as Project
}
