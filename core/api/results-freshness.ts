// Whether stored results still describe a project, for the workbench: "stale" after a change to
// what determines their numbers (a parameter, the topology, the seed, the experiment), "current"
// after cosmetic edits (names, descriptions, positions). Pure: runs in Node and in the renderer.
export { freshness, type Freshness } from '../experiment/results'
