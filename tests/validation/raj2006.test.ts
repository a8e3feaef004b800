// Validation against seed 004 (Raj et al., self-virtualizing NP-NIC on Xen), running
// shortened versions of examples/raj2006-np-nic.iovlab.json through runScenario. Every claim
// names its kind (see claims.ts): the 475 Mbps and the host costs with one VIF are facts
// parameters were fitted to (calibration); the one-guest driver-domain ratios are predictions
// since the split driver's costs are micro-costs (pv-params.ts); identities of the model are
// mechanism; what 004 reports and nothing was fitted to is prediction, with a two-sided tolerance.
import { describe, expect } from 'vitest'
import type { Project } from '../../core/project/index'
import { at, loadExample, num, run, stage, variant } from '../core/scenario/helpers'
import { claim, fmt } from './claims'

const BASE = loadExample('raj2006-np-nic.iovlab.json')
type Variant = Parameters<typeof variant>[2]
type Metrics = ReturnType<typeof run>

/** Runs are deterministic: each distinct run is made once per file. */
const memo = new Map<string, Metrics>()
function once(key: string, make: () => Metrics): Metrics {
  let m = memo.get(key)
  if (m === undefined) memo.set(key, (m = make()))
  return m
}

function rtt(v: Variant, guests: number): number {
  return num(once(`rtt ${v} ${guests}`, () => run(at(BASE, { ...variant('latency-vs-guests', 'ping', v), 'variables.guests': guests,
    'experiments.latency-vs-guests.duration': '5s', 'experiments.latency-vs-guests.warmup': '200ms' }), 'latency-vs-guests')), 'rtt_median_us')
}

function goodput(v: Variant, guests: number): number {
  return num(once(`tput ${v} ${guests}`, () => run(at(BASE, { ...variant('throughput-vs-guests', 'iperf', v), 'variables.guests': guests,
    'experiments.throughput-vs-guests.duration': '1s', 'experiments.throughput-vs-guests.warmup': '300ms' }), 'throughput-vs-guests')), 'goodput_mbps')
}

function vifs(n: number): Metrics {
  return once(`vifs ${n}`, () => {
    const p: Project = at(BASE, { 'variables.guests': n, 'experiments.irq-cost-vs-vifs.duration': '5s', 'experiments.irq-cost-vs-vifs.warmup': '200ms' })
    return run(p, 'irq-cost-vs-vifs')
  })
}

/** Interrupt virtualization with n VIFs, every VIF carrying a TCP stream at once (004 §4.3.1 under concurrent flows). */
function concurrent(n: number): { perIrq: number; signalsPerIrq: number; perSignal: number } {
  const m = once(`concurrent ${n}`, () => run(at(BASE, { 'variables.guests': n, 'experiments.irq-cost-concurrent.duration': '500ms',
    'experiments.irq-cost-concurrent.warmup': '100ms' }), 'irq-cost-concurrent'))
  const perIrq = num(m, 'irq_virt_us'), signalsPerIrq = num(m, 'signals') / num(m, 'irqs_physical')
  return { perIrq, signalsPerIrq, perSignal: perIrq / signalsPerIrq }
}

/** Host message send/receive with n VIFs, 1500-byte messages (the throughput experiment). */
function hostCosts(n: number): { send: number; recv: number } {
  const m = once(`host ${n}`, () => run(at(BASE, { 'variables.guests': n, 'experiments.throughput-vs-guests.duration': '300ms',
    'experiments.throughput-vs-guests.warmup': '100ms' }), 'throughput-vs-guests'))
  return { send: stage(m, 'host_msg_send'), recv: stage(m, 'host_msg_recv') }
}

const ratioDdSv = (g: number): number => goodput('driver-domain-up', g) / goodput('self-virtualized', g)

describe('004 calibration facts', () => {
  claim({
    id: '004-rtt-ratio-one-guest', kind: 'prediction', source: '004 §4.2.1',
    claim: 'self-virtualized RTT is about half the driver domain\'s (UP) for one guest; nothing is solved from it: the driver-domain path is the sum of netback\'s micro-costs (core/models/host/pv-params.ts)',
    published: '"close to a 50% latency reduction"', tolerance: '[0.4, 0.6]'
  }, () => {
    const r = rtt('self-virtualized', 1) / rtt('driver-domain-up', 1)
    return { value: r, lo: 0.4, hi: 0.6, model: `${fmt(r, '', 2)} (${fmt(rtt('self-virtualized', 1), 'µs')} vs ${fmt(rtt('driver-domain-up', 1), 'µs')})` }
  })

  claim({
    id: '004-goodput-ratio-one-guest', kind: 'prediction', source: '004 §4.2.2',
    claim: 'driver-domain goodput is about half of self-virtualized for one guest (nothing is solved from it any more)',
    published: '≈ 50 %', tolerance: '[0.4, 0.6]',
    miss: 'the driver domain comes out at ≈ 0.73 of self-virtualized: netback\'s per-packet micro-costs (ring, skb, grant map/unmap with a TLB flush per batch, a page flip per received frame, the paravirtualized-kernel tax) are assumptions of ≈ 0.5–3 µs each at 2.8 GHz, and the uniprocessor driver domain keeps up better than 004\'s did; 004 §4.2.2 (after Menon 2005) blames L2-cache misses and Xen\'s remapping and page-transfer work, which the model charges only as the header\'s cold lines, pageFlipCycles (an assumption, no TLB shootdown to other CPUs) and the per-batch flush'
  }, () => ({ value: ratioDdSv(1), lo: 0.4, hi: 0.6, model: fmt(ratioDdSv(1), '', 2) }))

  claim({
    id: '004-one-vif-goodput', kind: 'calibration', source: '004 §1',
    claim: 'one self-virtualized VIF reaches ≈ 475 Mbps TCP; npPciWriteBandwidth = 500 Mbps was chosen so that 500 × 1448/1518 = 476.9 Mbps',
    published: '≈ 475 Mbps', tolerance: '± 60 Mbps'
  }, () => {
    const g = goodput('self-virtualized', 1)
    return { value: g, lo: 415, hi: 535, model: fmt(g, 'Mbps', 4) }
  })

  claim({
    id: '004-irq-virt-one-vif', kind: 'calibration', source: '004 §4.3.1',
    claim: 'interrupt virtualization costs ≈ 1.99 µs with one VIF; irqVirtDispatchCycles is the remainder of this decomposition',
    published: '≈ 1.99 µs', tolerance: '± 5 %'
  }, () => {
    const v = num(vifs(1), 'irq_virt_us')
    return { value: v, lo: 1.99 * 0.95, hi: 1.99 * 1.05, model: fmt(v, 'µs') }
  })

  claim({
    id: '004-host-msg-costs-one-vif', kind: 'calibration', source: '004 §4.3.1',
    claim: 'host message send and receive with one VIF and 1500-byte messages; vifSend/RecvFixedCycles are their remainders after the assumed PCI write and copy rates (the stage also holds waiting behind other work on the vCPU)',
    published: '≈ 14.47 µs send, ≈ 9.42 µs receive', tolerance: '− 10 % … + 25 % each'
  }, () => {
    const { send, recv } = hostCosts(1)
    return {
      model: `send ${fmt(send, 'µs')}, receive ${fmt(recv, 'µs')}`,
      check: () => {
        expect(send).toBeGreaterThanOrEqual(14.47 * 0.9)
        expect(send).toBeLessThanOrEqual(14.47 * 1.25)
        expect(recv).toBeGreaterThanOrEqual(9.42 * 0.9)
        expect(recv).toBeLessThanOrEqual(9.42 * 1.25)
      }
    }
  })
})

describe('004 predictions', () => {
  claim({
    id: '004-one-vif-rtt', kind: 'prediction', source: '004 §1',
    claim: 'one self-virtualized VIF has ≈ 0.08 ms round-trip latency (no parameter was fitted to it)',
    published: '≈ 0.08 ms', tolerance: '± 20 µs'
  }, () => {
    const v = rtt('self-virtualized', 1)
    return { value: v, lo: 60, hi: 100, model: fmt(v, 'µs') }
  })

  for (const g of [4, 16]) {
    claim({
      id: `004-goodput-ratio-${g}-guests`, kind: 'prediction', source: '004 §4.2.2',
      claim: `driver-domain goodput stays about half of self-virtualized at ${g} guests ("even for large numbers of guest domains")`,
      published: '≈ 50 %', tolerance: '[0.4, 0.6]',
      miss: 'as with one guest (004-goodput-ratio-one-guest): the driver domain comes out at ≈ 0.77 of self-virtualized, since netback\'s per-packet micro-costs are assumptions of ≈ 0.5–3 µs each that sum to less than 004\'s driver domain paid; these ratios held before only through netbackTx/RxCycles solved from the one-guest ratio'
    }, () => ({ value: ratioDdSv(g), lo: 0.4, hi: 0.6, model: fmt(ratioDdSv(g), '', 2) }))
  }

  claim({
    id: '004-smp-latency', kind: 'prediction', source: '004 §4.2.1',
    claim: 'with an SMP driver domain, latency is slightly higher than with a uniprocessor one (1 and 8 guests): the SMP dom0 shares cores with guests',
    published: '"slightly more"', tolerance: 'SMP ÷ UP in (1, 1.25] ("slightly": our reading)'
  }, () => {
    const r = [1, 8].map((g) => rtt('driver-domain-smp', g) / rtt('driver-domain-up', g))
    return {
      model: `SMP ÷ UP ${r.map((x) => fmt(x, '', 3)).join(' / ')} (1 / 8 guests)`,
      check: () => { for (const x of r) { expect(x).toBeGreaterThan(1); expect(x).toBeLessThanOrEqual(1.25) } }
    }
  })

  claim({
    id: '004-smp-goodput', kind: 'prediction', source: '004 §4.2.2',
    claim: 'an SMP driver domain gives slightly higher throughput than a uniprocessor one (1 and 4 guests): copying and backend work overlap',
    published: '"slightly better"', tolerance: 'SMP ÷ UP in (1, 1.25] ("slightly": our reading)'
  }, () => {
    const r = [1, 4].map((g) => goodput('driver-domain-smp', g) / goodput('driver-domain-up', g))
    return {
      model: `SMP ÷ UP ${r.map((x) => fmt(x, '', 3)).join(' / ')} (1 / 4 guests)`,
      check: () => { for (const x of r) { expect(x).toBeGreaterThan(1); expect(x).toBeLessThanOrEqual(1.25) } }
    }
  })

  claim({
    id: '004-host-msg-costs-vifs', kind: 'prediction', source: '004 §4.3.1',
    claim: 'host message send and receive costs show little variation from 1 to 8 and 32 VIFs',
    published: '"little variation"', tolerance: '± 10 % of the 1-VIF value'
  }, () => {
    const c = [1, 8, 32].map(hostCosts)
    return {
      model: `send ${c.map((x) => fmt(x.send, '', 3)).join(' / ')} µs, receive ${c.map((x) => fmt(x.recv, '', 3)).join(' / ')} µs (1 / 8 / 32 VIFs)`,
      check: () => {
        for (const x of c.slice(1)) {
          expect(Math.abs(x.send - c[0].send) / c[0].send).toBeLessThanOrEqual(0.1)
          expect(Math.abs(x.recv - c[0].recv) / c[0].recv).toBeLessThanOrEqual(0.1)
        }
      }
    }
  })

  claim({
    id: '004-ingress-flat', kind: 'prediction', source: '004 §4.3.1',
    claim: 'the micro-engine ingress cost does not change with the number of VIFs (hashing), 1 → 8 → 32 VIFs',
    published: '"does not show any significant change"', tolerance: '± 5 % of the 1-VIF value'
  }, () => {
    const ing = [1, 8, 32].map((n) => num(vifs(n), 'me_ingress_us'))
    const dev = Math.max(...ing.map((x) => Math.abs(x - ing[0]) / ing[0]))
    return { value: dev, lo: 0, hi: 0.05, model: `${ing.map((x) => fmt(x, '', 3)).join(' / ')} µs (largest change ${fmt(dev * 100, '%', 2)})` }
  })
})

describe('004 mechanisms', () => {
  claim({
    id: '004-one-vif-vs-dom0', kind: 'mechanism', source: '004 §4.2.1, §4.2.2',
    claim: 'one self-virtualized VIF performs like dom0 using the NP-NIC itself: the same driver class and the same NP → host write bottleneck, so this is an identity of the model, not evidence',
    published: '"similar"', tolerance: '15 % in RTT and goodput'
  }, () => {
    const [sv, d0, gsv, gd0] = [rtt('self-virtualized', 1), rtt('dom0', 1), goodput('self-virtualized', 1), goodput('dom0', 1)]
    return {
      model: `RTT ${fmt(sv, 'µs')} vs ${fmt(d0, 'µs')}; ${fmt(gsv, 'Mbps', 4)} vs ${fmt(gd0, 'Mbps', 4)}`,
      check: () => {
        expect(Math.abs(sv - d0) / d0).toBeLessThanOrEqual(0.15)
        expect(Math.abs(gsv - gd0) / gd0).toBeLessThanOrEqual(0.15)
      }
    }
  })

  claim({
    id: '004-latency-grows-with-guests', kind: 'mechanism', source: '004 §4.2.1',
    claim: 'latency never falls as guests are added (1 … 32) and is higher at 32 than at 1, for self-virtualized, UP and SMP driver domains: CPU contention in the credit scheduler',
    published: '"increases in all cases"', tolerance: 'each step ≥ − 0.5 µs (noise); 32 > 1'
  }, () => {
    const G = [1, 2, 4, 8, 16, 32]
    const vs = ['self-virtualized', 'driver-domain-up', 'driver-domain-smp'] as const
    const r = vs.map((v) => G.map((g) => rtt(v, g)))
    return {
      model: vs.map((v, i) => `${v} ${fmt(r[i][0], '', 3)} → ${fmt(r[i][5], '', 3)} µs`).join('; '),
      check: () => {
        for (const row of r) {
          for (let i = 1; i < row.length; i++) expect(row[i], `guests ${G[i]}: ${row.join(', ')}`).toBeGreaterThanOrEqual(row[i - 1] - 0.5)
          expect(row[5]).toBeGreaterThan(row[0])
        }
      }
    }
  }, 300_000)

  claim({
    id: '004-dd-below-one-vif', kind: 'mechanism', source: '004 §4.2.2',
    claim: 'driver-domain goodput at 1, 4 and 16 guests stays below one self-virtualized VIF: in tunnel mode both go through the same NP-NIC path, plus the driver domain\'s work',
    published: '"always lower"', tolerance: 'strictly below'
  }, () => {
    const one = goodput('self-virtualized', 1)
    const dd = [1, 4, 16].map((g) => goodput('driver-domain-up', g))
    return { model: `${dd.map((x) => fmt(x, '', 3)).join(' / ')} Mbps vs ${fmt(one, 'Mbps', 4)}`, check: () => { for (const x of dd) expect(x).toBeLessThan(one) } }
  })

  claim({
    id: '004-egress-grows-with-vifs', kind: 'mechanism', source: '004 §4.3.1',
    claim: 'the micro-engine egress cost grows with VIFs (1 → 8 → 32): more contexts poll the SDRAM send queues and queue for the channel',
    published: '"increases"', tolerance: 'strictly increasing'
  }, () => {
    const eg = [1, 8, 32].map((n) => num(vifs(n), 'me_egress_us'))
    return { model: `${eg.map((x) => fmt(x, '', 3)).join(' → ')} µs`, check: () => { expect(eg[1]).toBeGreaterThan(eg[0]); expect(eg[2]).toBeGreaterThan(eg[1]) } }
  })

  claim({
    id: '004-redundant-signals', kind: 'mechanism', source: '004 §3, §5.1',
    claim: 'with 8 identifier bits there are no redundant signals for ≤ 8 VIFs and some for 16 and 32 (shared bits), and interrupt virtualization costs more at 32 VIFs than at 1',
    published: 'redundant signalling past 8 VIFs', tolerance: 'exact zero / positive'
  }, () => {
    const red = [1, 4, 8, 16, 32].map((n) => num(vifs(n), 'signals_redundant'))
    const irq = [1, 32].map((n) => num(vifs(n), 'irq_virt_us'))
    return {
      model: `redundant ${red.map((x) => fmt(x, '', 3)).join(' / ')} (1 / 4 / 8 / 16 / 32 VIFs); irq virt ${fmt(irq[0], '', 3)} → ${fmt(irq[1], 'µs', 3)}`,
      check: () => {
        for (const x of red.slice(0, 3)) expect(x).toBe(0)
        for (const x of red.slice(3)) expect(x).toBeGreaterThan(0)
        expect(irq[1]).toBeGreaterThan(irq[0])
      }
    }
  })

  claim({
    id: '004-irq-virt-grows-concurrent', kind: 'mechanism', source: '004 §4.3.1',
    claim: 'under concurrent TCP streams on every VIF, interrupt virtualization per master interrupt grows from 1 to 8 to 32 VIFs: each signal touches the signalled domain\'s structures (pulled from its core), and past 8 VIFs an interrupt signals every domain on a shared bit',
    published: '"The cost of interrupt virtualization increases since multiple domains might need to be signaled, even redundantly in the case when # vifs > 8" (figures withheld)',
    tolerance: 'strictly increasing (the paper gives the direction only)'
  }, () => {
    const c = [1, 8, 32].map(concurrent)
    return {
      model: `${c.map((x) => fmt(x.perIrq, '', 3)).join(' → ')} µs per master interrupt (×${fmt(c[1].perIrq / c[0].perIrq, '', 3)} / ×${fmt(c[2].perIrq / c[0].perIrq, '', 3)}); ${c.map((x) => fmt(x.signalsPerIrq, '', 3)).join(' / ')} signals per interrupt; ${c.map((x) => fmt(x.perSignal, '', 3)).join(' / ')} µs per signalled domain (1 / 8 / 32 VIFs)`,
      check: () => { expect(c[1].perIrq).toBeGreaterThan(c[0].perIrq); expect(c[2].perIrq).toBeGreaterThan(c[1].perIrq) }
    }
  }, 300_000)

  claim({
    id: '004-irq-virt-multiple-domains-8-vifs', kind: 'mechanism', source: '004 §4.3.1',
    claim: 'with 8 VIFs (one bit each) under concurrent streams, some master interrupts signal more than one domain without redundancy, and with 32 VIFs more domains per interrupt than with 8',
    published: '"multiple domains might need to be signaled", said of 8 and 32 VIFs',
    tolerance: 'signals per interrupt > 1 at 8 VIFs, 32 > 8',
    // Holds, but barely at 8 VIFs (bits meet in a few interrupts only): the NP-NIC lands messages in host memory one at a time (its PCI writes to the host are serial: ≈ 24 µs for a 1500-byte segment at 500 Mbps, over 1 µs for an ACK), a bit is set only when a VIF\'s receive queue turns non-empty, and the hypervisor reads the identifier register ≈ 2.4 µs after the first bit (delivery latency, entry, PCI read): two receive bits almost never meet in one read at ≤ 8 VIFs. Several NP → host write paths (DMA engines, 004 §4.3.2), or the interrupt CPU busy with other work when the interrupt arrives, would let bits meet more often.
  }, () => {
    const c = [8, 32].map(concurrent)
    return {
      model: `${c.map((x) => x.signalsPerIrq.toFixed(5)).join(' / ')} signals per master interrupt (8 / 32 VIFs)`,
      check: () => { expect(c[0].signalsPerIrq).toBeGreaterThan(1); expect(c[1].signalsPerIrq).toBeGreaterThan(c[0].signalsPerIrq) }
    }
  }, 300_000)

  claim({
    id: '004-id-bits-last-spot', kind: 'mechanism', source: '004 §5.1 Fig 7',
    claim: 'with 8 guests, the last guest on a shared identifier waits longer the fewer bits there are (1 bit > 2 > 4 ≥ 8)',
    published: 'ordering', tolerance: 'strict, last step ≥'
  }, () => {
    const r = [1, 2, 4, 8].map((b) => num(once(`bits ${b}`, () => run(at(BASE, { 'variables.guests': 8, 'variables.bits': b,
      'experiments.id-bits.duration': '5s', 'experiments.id-bits.warmup': '200ms' }), 'id-bits')), 'rtt_median_us'))
    return {
      model: `${r.map((x) => fmt(x, '', 3)).join(' / ')} µs (1 / 2 / 4 / 8 bits)`,
      check: () => { expect(r[0]).toBeGreaterThan(r[1]); expect(r[1]).toBeGreaterThan(r[2]); expect(r[2]).toBeGreaterThanOrEqual(r[3]) }
    }
  })
})
