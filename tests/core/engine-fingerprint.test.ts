// The engine fingerprint: computed from the model sources (the same module the builds use), baked
// into this test run as into the CLI and Electron builds, and sensitive to every model source.
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { engineFingerprint, fingerprintEntries, fingerprintOf } from '../../build/engine-fingerprint.mjs'
import { ENGINE_FINGERPRINT, shortFingerprint } from '../../core/version'

const ROOT = resolve(import.meta.dirname, '../..')

describe('engine fingerprint', () => {
  test('is the hash of the sources under test, baked in', () => {
    expect(ENGINE_FINGERPRINT).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(ENGINE_FINGERPRINT).toBe(engineFingerprint(ROOT))
    expect(shortFingerprint(ENGINE_FINGERPRINT)).toBe(ENGINE_FINGERPRINT.slice(7, 19))
  })

  test('covers the kernel, models, techniques, workloads, scenario, runner and project defaults', () => {
    const names = fingerprintEntries(ROOT).map((e) => e.name)
    for (const n of ['core/sim/simulator.ts', 'core/models/catalog.ts', 'core/techniques/passthrough.ts', 'core/workloads/ping.ts',
      'core/scenario/metrics.ts', 'core/experiment/aggregate.ts', 'core/project/schema.ts', 'package:pure-rand']) expect(names).toContain(n)
    expect(names.some((n) => n.startsWith('core/cli/') || n.startsWith('renderer/'))).toBe(false)
  })

  test('changes with any source text, not with line endings or order', () => {
    const entries = fingerprintEntries(ROOT)
    const fp = fingerprintOf(entries)
    expect(fp).toBe(ENGINE_FINGERPRINT)
    expect(fingerprintOf([...entries].reverse())).toBe(fp)
    expect(fingerprintOf(entries.map((e) => ({ ...e, text: e.text.replace(/\n/g, '\r\n') })))).toBe(fp)
    const i = entries.findIndex((e) => e.name === 'core/models/catalog.ts')
    const edited = entries.map((e, j) => (j === i ? { ...e, text: `${e.text} ` } : e))
    expect(fingerprintOf(edited)).not.toBe(fp)
  })
})
