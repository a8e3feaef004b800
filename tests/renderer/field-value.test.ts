// Tests how inspector fields read and write catalog parameters: canonical values in the nicest unit,
// defaults as placeholders, sources in tooltips, and typed text checked by the core's own rules.
import { describe, expect, it } from 'vitest'
import { CATALOG, paramSpec } from '../../core/models/catalog'
import { displayValue, fieldTitle, groupSpecs, parseInput, placeholderOf, sameValue } from '../../renderer/src/features/inspector/field-value'

const spec = (kind: keyof typeof CATALOG, key: string) => {
  const s = paramSpec(kind, key)
  if (!s) throw new Error(`no ${kind}.${key}`)
  return s
}
const clock = spec('host', 'clock')
const timeslice = spec('host', 'schedulerTimeslice')
const cpus = spec('host', 'logicalCpus')
const mode = spec('dc', 'mode')
const boost = spec('host', 'boostOnWake')
const hooked = spec('vm', 'vpioHookedFraction')

describe('inspector field values', () => {
  it('accepts units and stores the canonical value in its nicest unit', () => {
    expect(parseInput(timeslice, '10 ms')).toEqual({ value: '10ms' })
    expect(parseInput(timeslice, '10000us')).toEqual({ value: '10ms' })
    expect(parseInput(clock, '2800MHz')).toEqual({ value: '2.8GHz' })
    expect(parseInput(spec('nic', 'lineRate'), '1000Mbps')).toEqual({ value: '1Gbps' })
    expect(parseInput(cpus, '8')).toEqual({ value: 8 })
    expect(parseInput(hooked, '13.8%')).toEqual({ value: '13.8%' })
    expect(parseInput(boost, 'no')).toEqual({ value: false })
    expect(parseInput(mode, 'interrupt')).toEqual({ value: 'interrupt' })
  })

  it('leaves an empty field to the default, and reads "$name" as a variable', () => {
    expect(parseInput(clock, '  ')).toEqual({ value: undefined })
    expect(parseInput(cpus, '$guests')).toEqual({ value: { var: 'guests' } })
    expect(parseInput(cpus, '$9x').message).toMatch(/not a variable name/)
  })

  it('keeps text that does not check, with the message the validation will give', () => {
    expect(parseInput(timeslice, '10 parsecs')).toMatchObject({ value: '10 parsecs', message: expect.stringMatching(/not a duration/) })
    expect(parseInput(cpus, '0')).toMatchObject({ value: 0, message: expect.stringMatching(/at least 1/) })
    expect(parseInput(timeslice, '1ns').message).toMatch(/at least 100us/)
    expect(parseInput(mode, 'sometimes').message).toMatch(/one of "polling", "interrupt"/)
  })

  it('shows the file\'s value canonically, the default as a placeholder', () => {
    expect(displayValue(clock, 2.8e9)).toBe('2.8GHz')
    expect(displayValue(clock, '2800 MHz')).toBe('2.8GHz')
    expect(displayValue(timeslice, 30_000_000)).toBe('30ms')
    expect(displayValue(clock, 'garbage')).toBe('garbage')
    expect(displayValue(clock, undefined)).toBe('')
    expect(displayValue(cpus, { var: 'n' })).toBe('$n')
    expect(displayValue(boost, true)).toBe('yes')
    expect(placeholderOf(clock)).toBe('2.8GHz')
    expect(placeholderOf(timeslice)).toBe('30ms')
    expect(placeholderOf(boost)).toBe('yes')
  })

  it('puts what a parameter is, its default, bounds and source in the tooltip', () => {
    const title = fieldTitle(timeslice)
    expect(title).toContain(timeslice.doc)
    expect(title).toContain('Default: 30ms')
    expect(title).toContain('min 100us')
    expect(title).toContain(`Source: ${timeslice.source}`)
  })

  it('groups parameters as the catalog does, in catalog order', () => {
    const groups = groupSpecs(CATALOG.host.params)
    expect(groups.map((g) => g.group)).toEqual([...new Set(CATALOG.host.params.map((p) => p.group ?? 'Parameters'))])
    expect(groups[0].specs[0]).toBe(CATALOG.host.params[0])
    expect(groups.flatMap((g) => g.specs)).toHaveLength(CATALOG.host.params.length)
    expect(sameValue({ var: 'a' }, { var: 'a' })).toBe(true)
    expect(sameValue(undefined, '')).toBe(false)
  })
})
