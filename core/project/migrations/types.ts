// The shape of one migration step: named, append-only, from one schema version to the next.

/** A JSON object as read from a file (before the schema has seen it). */
export type JsonObject = Record<string, unknown>

export interface Migration {
  /** Stable, unique name, e.g. "v0-to-v1-node-type-to-kind"; never renamed once released. */
  readonly id: string
  readonly from: number
  readonly to: number
  /**
   * Rewrites a document of version `from` towards `to`. It receives a private deep copy, so it
   * may change it in place; it must keep fields it does not know about. The driver sets the
   * version field after the last step of a version, and turns a throw into a problem.
   */
  readonly up: (doc: JsonObject) => JsonObject
}
