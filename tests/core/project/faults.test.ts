// An experiment's fault schedule (`faults`, issue 12): one problem per thing wrong at its JSON
// path — a target that does not exist or is of the wrong kind, times outside warm-up + duration,
// `until` before `at`, a loss rate missing or where it does not belong, a link-up without a
// link-down to end, overlapping faults of one kind on one target, unknown kinds and fields.
import { describe, expect, test } from 'vitest'
import { baseDoc, codes, expectProblem, problemsOf, type Doc } from './helpers'

// The fixture: links a-sw, b-sw (Ethernet), NP-NICs np-a, np-b, VMs; 1 s warm-up + 10 s.
const withFaults = (faults: unknown[]): Doc => {
  const d = baseDoc()
  d.experiments[0].faults = faults
  return d
}

describe('faults', () => {
  test('a valid schedule parses', () => {
    expect(problemsOf(withFaults([
      { at: '2s', kind: 'link-down', target: 'a-sw', until: '3s' },
      { at: '4s', kind: 'link-down', target: 'a-sw' },
      { at: '5s', kind: 'link-up', target: 'a-sw' },
      { at: 0, kind: 'packet-loss', target: 'b-sw', lossRate: 0.01 }
    ]))).toEqual([])
  })

  test('targets exist and are of the kind the fault needs', () => {
    const p = problemsOf(withFaults([
      { at: '2s', kind: 'link-down', target: 'nope' },
      { at: '2s', kind: 'link-down', target: 'np-a' },
      { at: '2s', kind: 'device-fail', target: 'np-a' },
      { at: '2s', kind: 'dc-fail', target: 'a-sw' }
    ]))
    expect(codes(p)).toEqual([
      'dangling-reference $.experiments[0].faults[0].target', 'dangling-reference $.experiments[0].faults[1].target',
      'invalid-value $.experiments[0].faults[2].target', 'dangling-reference $.experiments[0].faults[3].target'
    ])
    expect(p[1].message).toMatch(/"np-a" is a node; link-down needs an Ethernet link/)
    expect(p[2].message).toMatch(/"np-a" is a np-nic; device-fail needs a NIC or a storage device \(disk, ssd, nvme, storage-array\) \(failures of other devices/)
    expect(p[3].message).toMatch(/"a-sw" is a link; dc-fail needs a DC/)
  })

  test('times inside the run, until after at', () => {
    const p = problemsOf(withFaults([
      { at: '12s', kind: 'link-down', target: 'a-sw' },
      { at: '2s', kind: 'link-down', target: 'b-sw', until: '1s' },
      { at: '2s', kind: 'packet-loss', target: 'a-sw', lossRate: 0.1, until: '20s' }
    ]))
    expect(codes(p)).toEqual(['out-of-range $.experiments[0].faults[0].at', 'out-of-range $.experiments[0].faults[1].until', 'out-of-range $.experiments[0].faults[2].until'])
    expect(p[0].message).toMatch(/before warm-up \+ duration \(11000000000 ns\)/)
  })

  test('loss rates: required for packet loss, refused elsewhere, within 0..1', () => {
    const p = problemsOf(withFaults([
      { at: '2s', kind: 'packet-loss', target: 'a-sw' },
      { at: '2s', kind: 'link-down', target: 'b-sw', lossRate: 0.1 },
      { at: '2s', kind: 'packet-loss', target: 'b-sw', lossRate: 2 }
    ]))
    expect(codes(p)).toContain('missing-field $.experiments[0].faults[0].lossRate')
    expect(codes(p)).toContain('invalid-value $.experiments[0].faults[1].lossRate')
    expect(codes(p).some((c) => c.endsWith('$.experiments[0].faults[2].lossRate'))).toBe(true)
  })

  test('consistent pairs: a link-up ends an open link-down; no two overlapping faults of a kind on a target', () => {
    const p = problemsOf(withFaults([
      { at: '2s', kind: 'link-up', target: 'a-sw' },
      { at: '3s', kind: 'link-down', target: 'b-sw', until: '5s' },
      { at: '4s', kind: 'link-down', target: 'b-sw' },
      { at: '6s', kind: 'link-up', target: 'b-sw', until: '7s' }
    ]))
    expect(codes(p)).toEqual(['invalid-value $.experiments[0].faults[0].kind', 'invalid-value $.experiments[0].faults[2]', 'invalid-value $.experiments[0].faults[3].until'])
    expect(p[0].message).toMatch(/there is no link-down of "a-sw" without "until" before it to end/)
    expect(p[1].message).toMatch(/overlaps fault 2/)
  })

  test('unknown kinds and fields are refused by the schema, at their paths', () => {
    const p = problemsOf(withFaults([{ at: '2s', kind: 'meteor', target: 'a-sw' }, { at: '2s', kind: 'link-down', target: 'a-sw', color: 'red' }]))
    expectProblem(p, 'invalid-value', '$.experiments[0].faults[0].kind', /link-down/)
    expect(codes(p).some((c) => c.includes('$.experiments[0].faults[1]'))).toBe(true)
  })
})
