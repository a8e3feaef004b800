// Errors the kernel raises when a model misuses it; they carry a code a host can show.

export type SimErrorCode =
  | 'negative-delay'
  | 'non-integer-time'
  | 'time-overflow'
  | 'bad-handler'
  | 'bad-argument'
  | 'invalid-state'

export class SimError extends Error {
  readonly code: SimErrorCode
  constructor(code: SimErrorCode, message: string) {
    super(message)
    this.name = 'SimError'
    this.code = code
  }
}
