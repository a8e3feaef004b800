// Validation against seed 001 (Waldspurger and Rosenblum, "I/O virtualization", CACM 2012):
// trap-and-emulate costs (IDE-style vs SCSI-style drivers), pass-through near native and
// ahead of paravirtual, and the factor early emulation lost on I/O-heavy loads. Runs shortened
// versions of examples/technique-shootout.iovlab.json. Each claim names its kind (claims.ts):
// the IDE:SCSI exit ratio is the ratio of two assumed access counts, so it is a mechanism row.
import { describe, expect } from 'vitest'
import { at, num, run } from '../core/scenario/helpers'
import { rtt, SHOOTOUT, variant } from '../core/techniques/helpers'
import { claim, fmt } from './claims'

type Metrics = ReturnType<typeof run>
const exits = (m: Metrics): number => (m.vm_exits_by_reason as Record<string, number>).io_instruction ?? 0
const memo = new Map<string, Metrics>()
const style = (s: string): Metrics => {
  let m = memo.get(s)
  if (m === undefined) {
    m = run(at(SHOOTOUT, { ...variant('latency-one-guest', 'ping', 'emulated'), 'variables.driverStyle': s,
      'experiments.latency-one-guest.duration': '2s', 'experiments.latency-one-guest.warmup': '50ms' }), 'latency-one-guest')
    memo.set(s, m)
  }
  return m
}
/** The paravirtual path on the same experiment, duration and warm-up: the driver-domain back end emulation shares. */
const paravirtualRtt = (): number => num(run(at(SHOOTOUT, { ...variant('latency-one-guest', 'ping', 'paravirtual'),
  'experiments.latency-one-guest.duration': '2s', 'experiments.latency-one-guest.warmup': '50ms' }), 'latency-one-guest'), 'rtt_median_us')
const perProbe = (m: Metrics): number => exits(m) / num(m, 'probes')

describe('001 "Approaches": emulation traps per register access', () => {
  claim({
    id: '001-ide-vs-scsi-exits', kind: 'mechanism', source: '001 "Approaches"',
    claim: 'an IDE-style request costs more VM exits than a SCSI-style one; the 5 : 1 ratio is the ratio of the assumed access counts (emulAccessesIde 10, emulAccessesScsi 2), so this checks the trap bookkeeping, not 001',
    published: 'IDE: several 8-bit OUTs; SCSI: "far fewer traps"', tolerance: '5 : 1 ± 5 %'
  }, () => {
    const r = perProbe(style('ide-style')) / perProbe(style('scsi-style'))
    return { value: r, lo: 4.75, hi: 5.25, model: `${fmt(r, '', 3)} : 1 (${fmt(perProbe(style('ide-style')), '', 3)} vs ${fmt(perProbe(style('scsi-style')), '', 3)} exits per probe)` }
  })

  claim({
    id: '001-scsi-faster-than-ide', kind: 'mechanism', source: '001 "Approaches"',
    claim: 'fewer traps make the SCSI-style driver\'s emulation overhead (its RTT above the paravirtual path, whose driver-domain back end both share) smaller than the IDE-style one\'s ("greatly reducing the emulation overheads"); the size follows from the assumed access counts and per-trap costs',
    published: '"greatly reducing"', tolerance: 'overhead SCSI ≤ 0.5 × IDE, both > 0'
  }, () => {
    const [ide, scsi, pv] = [num(style('ide-style'), 'rtt_median_us'), num(style('scsi-style'), 'rtt_median_us'), paravirtualRtt()]
    return {
      model: `${fmt(scsi, 'µs')} vs ${fmt(ide, 'µs')}, paravirtual ${fmt(pv, 'µs')} (overheads ${fmt(scsi - pv, 'µs')} vs ${fmt(ide - pv, 'µs')})`,
      check: () => { expect(scsi - pv).toBeGreaterThan(0); expect(scsi - pv).toBeLessThanOrEqual(0.5 * (ide - pv)) }
    }
  })
})

describe('001 pass-through', () => {
  const SAME_CPUS = { 'topology.nodes.nic-guests-a.params.placement': 'first-hyperthreads', 'topology.nodes.nic-guests-b.params.placement': 'first-hyperthreads' }
  // "Native" is native Linux on hosts without a hypervisor: under one, the driver domain runs a
  // paravirtualized kernel and pays its tax (pvKernelTaxCycles), so its own driver is not native.
  const BARE_METAL = { 'topology.nodes.host-a.params.virtualized': false, 'topology.nodes.host-b.params.virtualized': false }
  const bareMetal = (): number => rtt('native', BARE_METAL)

  claim({
    id: '001-passthrough-near-native', kind: 'mechanism', source: '001 "Approaches"; 003 §III',
    claim: 'pass-through RTT is at or slightly above native (native Linux on hosts without a hypervisor): only interrupt and EOI exits and IOTLB walks remain on the path',
    published: '"near-native"', tolerance: '[0, + 5 %] above native',
    miss: 'with exits charged in full (issue 10) each received frame of a pass-through guest pays an external-interrupt exit and an EOI exit, each with its direct round trip and its indirect cost (vmExitIndirectCycles: TLB/cache refill, 2,000 cycles on a VPID-less 2006 Xeon): ≈ + 25 % RTT over bare metal. It held before only because exits cost nothing but the EOI\'s 1,000 cycles; Gordon et al. (ASPLOS 2012) measure such a loss for device assignment and remove it with exitless interrupts (see 001-passthrough-posted-near-native)'
  }, () => {
    const pt = rtt('passthrough', SAME_CPUS), nat = bareMetal()
    return { value: (pt - nat) / nat, lo: 0, hi: 0.05, model: `${fmt(pt, 'µs')} vs ${fmt(nat, 'µs')} (+ ${fmt(100 * (pt - nat) / nat, '%', 2)})` }
  })

  claim({
    id: '001-passthrough-posted-near-native', kind: 'mechanism', source: '001 "Approaches"; Gordon et al., ASPLOS 2012 (ELI)',
    claim: 'with exitless interrupt delivery (posted interrupts: no external-interrupt or EOI exit) pass-through RTT is near native (native Linux on hosts without a hypervisor): IOTLB walks and the guest\'s own interrupt entry remain',
    published: '"near-native"; ELI: 97–100 % of bare metal', tolerance: '± 5 % of native'
  }, () => {
    const posted = { 'topology.nodes.host-a.params.interruptDelivery': 'posted', 'topology.nodes.host-b.params.interruptDelivery': 'posted' }
    const pt = rtt('passthrough', { ...SAME_CPUS, ...posted }), nat = bareMetal()
    return { value: (pt - nat) / nat, lo: -0.05, hi: 0.05, model: `${fmt(pt, 'µs')} vs ${fmt(nat, 'µs')} (${fmt(100 * (pt - nat) / nat, '%', 2)})` }
  })

  claim({
    id: '001-passthrough-below-paravirtual', kind: 'mechanism', source: '001 "Approaches"; 003 §III',
    claim: 'pass-through RTT is below paravirtual\'s on the default placement: no driver domain, bridge or page flip on the path',
    published: 'ordering', tolerance: 'pass-through ≤ 0.5 × paravirtual',
    miss: 'pass-through comes out at ≈ 0.53 × paravirtual, not ≤ 0.5 × (the ordering itself holds): since issue 10 the paravirtual path is a sum of netback micro-costs rather than the larger fitted constants, and pass-through pays its interrupt and EOI exits with their indirect cost, which narrows the gap the held-out papers said the model exaggerated; the 0.5 band is this model\'s own reading of "below", not a figure of 001'
  }, () => {
    const pt = rtt('passthrough'), pv = rtt('paravirtual')
    return { model: `${fmt(pt, 'µs')} vs ${fmt(pv, 'µs')}`, check: () => { expect(pt).toBeLessThanOrEqual(0.5 * pv) } }
  })
})

describe('001 "Challenges": the virtualization penalty of I/O-heavy loads', () => {
  claim({
    id: '001-emulation-penalty', kind: 'prediction', source: '001 "Challenges"',
    claim: 'early (emulated, NE2K-style) I/O virtualization loses more than a factor of two against native on a TCP stream',
    published: '"a virtualization penalty larger than a factor of two"',
    tolerance: 'native ÷ emulated in [2, 10] (the upper end is our reading: "larger than two", not an order of magnitude)',
    miss: 'the NE2K model moves every frame through the data port 2 bytes per trapped access (ne2kBytesPerDataAccess = 2: about 750 exits per MTU frame), so emulated goodput collapses far below what early products reached; they emulated DMA-capable NICs or batched string I/O, trapping per descriptor rather than per word'
  }, () => {
    const tput = (v: string): number => num(run(at(SHOOTOUT, { ...variant('throughput-one-guest', 'iperf', v),
      'experiments.throughput-one-guest.duration': '200ms', 'experiments.throughput-one-guest.warmup': '100ms' }), 'throughput-one-guest'), 'goodput_mbps')
    const [nat, em] = [tput('native'), tput('emulated')]
    return { value: nat / em, lo: 2, hi: 20, model: `${fmt(nat / em, '', 3)}× (${fmt(nat, 'Mbps')} vs ${fmt(em, 'Mbps')})` }
  })
})
