// The engine version stamped into every results document: same project + seed +
// engine version → byte-identical results. Bump it whenever model behaviour changes.

export const ENGINE_VERSION = '0.1.0'
