// The back-end parameters: the contract's keys, each parameter documented and sourced, numeric
// assumptions with a plausible range inside their bounds, enum defaults among their options.
import { describe, expect, it } from 'vitest'
import { VDISK_BACKEND_PARAMS } from '../../../../../core/models/storage/backend/params'
import { VDISK_PARAMS } from '../../../../../core/models/storage/vdisk/params'

describe('VDISK_BACKEND_PARAMS', () => {
  it('has the keys the project-file contract fixes (issue 11), unique, and is part of VDISK_PARAMS', () => {
    const keys = VDISK_BACKEND_PARAMS.map((p) => p.key)
    for (const k of ['backend', 'backendWhere', 'interpose', 'replicas', 'aesInstructions', 'cache', 'cacheBytes', 'raid']) expect(keys).toContain(k)
    expect(new Set(keys).size).toBe(keys.length)
    for (const p of VDISK_BACKEND_PARAMS) expect(VDISK_PARAMS).toContain(p)
  })

  it.each(VDISK_BACKEND_PARAMS.map((p) => [p.key, p] as const))('%s is documented, sourced and bounded', (_k, p) => {
    expect(p.key).toMatch(/^[a-z][A-Za-z0-9]*$/)
    expect(p.doc.length).toBeGreaterThan(20)
    expect(p.source.length).toBeGreaterThan(20)
    if (p.sourceKind === 'assumption' && !/^assumption: /.test(p.source)) expect(p.source).toMatch(/\b00[0-4]\b|Gueron|assumption/)
    if (p.dimension === 'enum') expect((p as { options: readonly string[] }).options).toContain(p.default)
    if (typeof p.default === 'number') {
      const q = p as { min?: number; max?: number; range?: { lo: number; hi: number; why: string } }
      if (q.min !== undefined) expect(p.default).toBeGreaterThanOrEqual(q.min)
      if (q.max !== undefined) expect(p.default).toBeLessThanOrEqual(q.max)
      if (p.sourceKind !== 'measured') expect(q.range).toBeDefined()
      if (q.range !== undefined) {
        expect(q.range.lo).toBeLessThanOrEqual(p.default)
        expect(q.range.hi).toBeGreaterThanOrEqual(p.default)
        expect(q.range.why.length).toBeGreaterThan(5)
      }
    } else expect((p as { range?: unknown }).range).toBeUndefined()
  })
})
