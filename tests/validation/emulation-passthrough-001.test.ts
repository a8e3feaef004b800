// Validation against seed 001 (Waldspurger and Rosenblum, "I/O virtualization", CACM
// 2012): trap-and-emulate costs (IDE-style vs SCSI-style drivers), pass-through near
// native and ahead of paravirtual, and the factor early emulation lost on I/O-heavy loads.
// Runs shortened versions of examples/technique-shootout.iovlab.json; titles name the
// claim and the tolerance.
import { describe, expect, it } from 'vitest'
import { at, num, run } from '../core/scenario/helpers'
import { rtt, SHOOTOUT, variant } from '../core/techniques/helpers'

const exits = (m: ReturnType<typeof run>): number => (m.vm_exits_by_reason as Record<string, number>).io_instruction ?? 0

describe('001 "Approaches": emulation traps per register access', () => {
  const style = (s: string): ReturnType<typeof run> => run(at(SHOOTOUT, { ...variant('latency-one-guest', 'ping', 'emulated'), 'variables.driverStyle': s,
    'experiments.latency-one-guest.duration': '2s', 'experiments.latency-one-guest.warmup': '50ms' }), 'latency-one-guest')

  it('001: an IDE-style request costs more VM exits than a SCSI-style one (per request = their access counts 10 : 2, within 5 %)', () => {
    const ide = style('ide-style'), scsi = style('scsi-style')
    const perProbe = (m: ReturnType<typeof run>): number => exits(m) / num(m, 'probes')
    expect(perProbe(ide)).toBeGreaterThan(perProbe(scsi))
    expect(Math.abs(perProbe(ide) / perProbe(scsi) - 5) / 5).toBeLessThanOrEqual(0.05)
    expect(num(ide, 'rtt_median_us')).toBeGreaterThan(num(scsi, 'rtt_median_us'))
  })

  it('001: "greatly reducing the emulation overheads" — the SCSI-style driver\'s emulated RTT is ≥ 25 % below the IDE-style one', () => {
    expect(num(style('scsi-style'), 'rtt_median_us')).toBeLessThanOrEqual(0.75 * num(style('ide-style'), 'rtt_median_us'))
  })
})

describe('001 pass-through', () => {
  const SAME_CPUS = { 'topology.nodes.nic-guests-a.params.placement': 'first-hyperthreads', 'topology.nodes.nic-guests-b.params.placement': 'first-hyperthreads' }

  it('001 "eliminate … overheads": pass-through RTT is within 5 % of native (the driver domain\'s own driver, same CPUs)', () => {
    const pt = rtt('passthrough', SAME_CPUS), nat = rtt('native')
    expect(pt).toBeGreaterThanOrEqual(nat) // EOI exits and IOTLB walks remain
    expect((pt - nat) / nat).toBeLessThanOrEqual(0.05)
  })

  it('001: pass-through RTT is below paravirtual\'s (by ≥ 50 %) on the default placement', () => {
    expect(rtt('passthrough')).toBeLessThanOrEqual(0.5 * rtt('paravirtual'))
  })
})

describe('001 "Challenges": the virtualization penalty of I/O-heavy loads', () => {
  it('001: early (emulated) I/O virtualization loses more than 2× against native on a TCP stream', () => {
    const tput = (v: string): number => num(run(at(SHOOTOUT, { ...variant('throughput-one-guest', 'iperf', v),
      'experiments.throughput-one-guest.duration': '200ms', 'experiments.throughput-one-guest.warmup': '100ms' }), 'throughput-one-guest'), 'goodput_mbps')
    expect(tput('native')).toBeGreaterThan(2 * tput('emulated'))
  })
})
