// Storage rules of a project (issue 11): pass-through and SR-IOV refuse interposition and the
// buffer cache, RAID and replication need their members, a crash falls within its run.
import { describe, expect, it } from 'vitest'
import { checkStorage } from '../../../core/project/check-storage'
import { formatPath } from '../../../core/project/index'
import { salvageView } from '../../../core/project/view'
import { baseDoc, expectProblem, problemsOf, type Doc } from './helpers'

/** The problems of the base document with one virtual disk `vd` (and variables) added. */
function problems(disk: Doc, extra: (doc: Doc) => void = () => {}): string[] {
  const doc = baseDoc()
  doc.topology.attachments.push({ id: 'vd', vm: 'clients', device: 'ssd0', technique: 'paravirtual', ...disk })
  extra(doc)
  return checkStorage(salvageView(doc)).map((p) => `${p.code} ${formatPath(p.path)}: ${p.message}`)
}

describe('checkStorage', () => {
  it('accepts a paravirtual disk with interposition, cache and a RAID over two members', () => {
    expect(problems({ params: { interpose: 'encryption', cache: 'write-back', raid: 'raid1' }, devices: ['ssd1'] })).toEqual([])
  })

  it('refuses interposition and a cache on pass-through and SR-IOV, one line each with the JSON path', () => {
    const out = problems({ technique: 'passthrough', params: { interpose: 'encryption', cache: 'write-through' } })
    expect(out).toHaveLength(2)
    expect(out[0]).toMatch(/^technique-not-allowed \$\.topology\.attachments\[\d+\]\.params\.interpose: .*hypervisor is not on the data path.*cannot interpose encryption/)
    expect(out[1]).toMatch(/^technique-not-allowed \$\.topology\.attachments\[\d+\]\.params\.cache: /)
    expect(problems({ technique: 'sriov', params: { cache: 'write-back' } })[0]).toMatch(/SR-IOV/)
    expect(problems({ technique: 'sriov' })).toEqual([])
  })

  it('resolves variables (a sweep point with a direct technique and interposition is refused)', () => {
    const out = problems({ technique: { var: 't' }, params: { interpose: { var: 'i' } } }, (d) => { d.variables = { ...d.variables, t: 'passthrough', i: 'snapshot-cow' } })
    expect(out[0]).toMatch(/params\.interpose: .*snapshot-cow/)
  })

  it('RAID needs two members; replication needs one member per copy and excludes RAID; extra members need a use', () => {
    expect(problems({ params: { raid: 'raid0' } })[0]).toMatch(/params\.raid: .*RAID-0 needs at least 2 member devices/)
    expect(problems({ params: { interpose: 'replication' } })[0]).toMatch(/\.devices: .*keeps 2 copies.*has 1/)
    expect(problems({ params: { interpose: 'replication', replicas: 2 }, devices: ['a', 'b'] })[0]).toMatch(/params\.replicas: .*keeps 2 copies.*has 3/)
    expect(problems({ params: { interpose: 'replication' }, devices: ['a'] })).toEqual([])
    expect(problems({ params: { interpose: 'replication', raid: 'raid1' }, devices: ['a'] })[0]).toMatch(/params\.raid: .*replication and RAID/)
    // members without RAID or replication are allowed (the disk lives on the first; a sweep may turn replication on)
    expect(problems({ devices: ['a'] })).toEqual([])
  })

  it('a crash must fall within warm-up + duration', () => {
    const at = (crashAt: string): string[] => problems({}, (d) => { d.experiments = [{ id: 'e', name: 'e', duration: '1s', warmup: '100ms', crashAt }] })
    expect(at('1.05s')).toEqual([])
    expect(at('1.2s')[0]).toMatch(/^out-of-range \$\.experiments\[0\]\.crashAt: .*after the run ends/)
  })
})

describe('the experiment field crashAt', () => {
  it('is a duration, validated with its JSON path, and checked against the run\'s end when the project is parsed', () => {
    const withCrash = (crashAt: unknown): Doc => {
      const doc = baseDoc()
      doc.experiments = [{ id: 'e', name: 'e', duration: '1s', crashAt }]
      return doc
    }
    expect(problemsOf(withCrash('500ms'))).toEqual([])
    expectProblem(problemsOf(withCrash('soon')), 'bad-quantity', '$.experiments[0].crashAt')
    expectProblem(problemsOf(withCrash('2s')), 'out-of-range', '$.experiments[0].crashAt', /after the run ends/)
  })
})
