export declare const FINGERPRINT_DIRS: readonly string[]
export declare const FINGERPRINT_FILES: readonly string[]
export declare const FINGERPRINT_PACKAGES: readonly string[]
export declare function fingerprintOf(entries: readonly { name: string; text: string }[]): string
export declare function fingerprintEntries(root: string): { name: string; text: string }[]
export declare function engineFingerprint(root: string): string
