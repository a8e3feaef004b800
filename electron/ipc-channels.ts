// The IPC channels between preload and main, and the request names the preload forwards — one place
// so neither side drifts. The names equal core/api's REQUEST_NAMES (a unit test checks); the preload
// keeps its own copy so that it stays tiny and free of zod.

/** Requests of the typed API: invoke(API_CHANNEL, name, params) → ApiResponse. */
export const API_CHANNEL = 'iovlab:api'
/** Run events, main → renderer: send(EVENT_CHANNEL, ApiEvent). */
export const EVENT_CHANNEL = 'iovlab:event'
/** Native menu commands, main → renderer: send(COMMAND_CHANNEL, commandId). */
export const COMMAND_CHANNEL = 'iovlab:command'
/** The native open dialog: invoke → { path } | null. */
export const CHOOSE_OPEN_CHANNEL = 'iovlab:choose-open'
/** The native save dialog: invoke(suggestedName) → path | null. */
export const CHOOSE_SAVE_CHANNEL = 'iovlab:choose-save'
/** Recent files, newest first: invoke → string[]. */
export const RECENT_CHANNEL = 'iovlab:recent'

export const API_REQUESTS = [
  'openProject', 'parseProject', 'validateProject', 'saveProject', 'listExamples', 'openExample',
  'catalog', 'startRun', 'startSensitivity', 'stopRun', 'engineVersion', 'queueStatus'
] as const

export type ApiRequestName = (typeof API_REQUESTS)[number]
