// Parameter keys are typed per kind: the readers accept only a kind's keys, so a
// misspelled key does not compile (checked by `vue-tsc --build`), and every typed key is a
// catalog key at run time.
import { describe, expect, it } from 'vitest'
import { defaultParams } from '../../../core/models/catalog'
import { num, type KindParams } from '../../../core/models/param-read'
import type { HostParamKey } from '../../../core/models/host/params'
import type { NpNicParamKey } from '../../../core/models/np-nic/params'

describe('typed parameter keys', () => {
  it('read a kind\'s own keys; a misspelled key is a compile error', () => {
    const host: KindParams<HostParamKey> = defaultParams('host')
    const np: KindParams<NpNicParamKey> = defaultParams('np-nic')
    expect(num(host, 'clock')).toBe(2.8e9)
    expect(num(np, 'meClock')).toBe(600e6)
    // @ts-expect-error — not a host parameter
    expect(() => num(host, 'clok')).toThrow(/parameter "clok"/)
    // @ts-expect-error — an NP-NIC parameter read from a host's record
    expect(() => num(host, 'meClock')).toThrow(/parameter "meClock"/)
  })
})
