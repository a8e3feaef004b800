// Predictions of papers beyond the seeds (issue 10): published results of other I/O
// virtualization papers, each run on examples/literature/<paper>.iovlab.json — a set-up with
// only what the paper states (clock, CPUs, link rate, technique, workload: mostly through the
// hardware profile of the paper's machine, docs/profiles.md) and every other cost at its
// catalog default. Nothing here was fitted to these papers: every claim is a prediction with a
// two-sided tolerance, and where the model disagrees the claim is a documented miss naming the
// likely mechanism (never tuned away). Ratios (VM vs native, technique vs technique) are used
// where the paper's hardware differs from the catalog's. Each point is the example's own sweep
// point (its zipped variant axis), shortened only where the example says so.
import { describe, expect } from 'vitest'
import { num } from '../core/scenario/helpers'
import { claim, fmt } from './claims'
import { point, type Metrics } from './literature-point'


const goodput = (m: Metrics): number => num(m, 'goodput_mbps')

/** Busy CPUs of one host (sum of its logical CPUs' utilisation). */
function hostCpus(m: Metrics, host: string): number {
  const u = m.cpu_util as Record<string, number>
  const keys = Object.keys(u).filter((k) => k.startsWith(`${host}/cpu`))
  if (keys.length === 0) throw new Error(`no CPU accounts for ${host}`)
  return keys.reduce((s, k) => s + u[k], 0)
}

/** Host CPU per Mb/s of goodput: the CPU cost of the transfer, valid whether or not the CPU is saturated. */
const cpuPerMbps = (m: Metrics, host: string): number => hostCpus(m, host) / goodput(m)

describe('Sugerman et al., USENIX ATC 2001 (VMware Workstation, emulated NIC)', () => {
  const F = 'sugerman2001-hosted-emulation'
  claim({
    id: 'lit-sugerman2001-cpu-limited', kind: 'prediction',
    source: 'Sugerman et al., USENIX ATC 2001, abstract, §3.1 set-up and the CPU-utilization section\'s Table 3 (VMware Workstation 2.0 VM: 0 % idle while sending, i.e. CPU-bound; Figure 6: "CPU bound well before saturating the network link")',
    claim: 'on a 733 MHz PC with 100 Mb/s Ethernet, the VM with an emulated NIC is CPU-limited below native, which reaches the wire',
    published: '"CPU-limited … on a 733 MHz Pentium III system on a 100 Mb/s Ethernet"; native matches the wire',
    tolerance: 'VM/native goodput in [0.3, 0.95]: the abstract gives no figure; below native but not collapsed; native itself ≥ 90 Mb/s'
  }, () => {
    const vm = goodput(point(F, 'nettest', 'emulated')), nat = goodput(point(F, 'nettest', 'native'))
    return {
      model: `${fmt(vm / nat, '', 2)} (${fmt(vm, 'Mb/s')} vs native ${fmt(nat, 'Mb/s')})`,
      check: () => { expect(nat).toBeGreaterThanOrEqual(90); expect(vm / nat).toBeGreaterThanOrEqual(0.3); expect(vm / nat).toBeLessThanOrEqual(0.95) }
    }
  }, 120_000)

  claim({
    id: 'lit-sugerman2001-cpu-per-bit', kind: 'prediction',
    source: 'Sugerman et al., USENIX ATC 2001, the CPU-utilization section\'s Table 3 (idle while sending at 100 Mb/s: native PC-733 86 %, the optimized VM 21.7 %, so 78.3 / 14 ≈ 5.6 ×), as quoted in Menon et al., USENIX ATC 2006, §1 ("5 to 6 times higher")',
    claim: 'the CPU the VM\'s host spends per bit sent through the emulated NIC is 5–6 × native Linux\'s',
    published: '"5 to 6 times higher" CPU utilization to saturate 100 Mb/s',
    tolerance: '[3.5, 8] × (± ≈ 40 %): a Lance NIC in a hosted VMM vs the model\'s port-programmed DMA device, Pentium III caches',
    miss: 'the model exaggerates the gap (≈ 20 ×): every trapped register access pays a VM exit, the device model and, with the model in a user-level process (VMApp), a domain switch, at catalog cycle counts scaled to a Pentium III (the exit itself is the paper\'s own 0.78 µs trap, but the device model and the domain switch are 2006-Xeon figures) charged at 733 MHz, so the emulated send costs far more than the native one; the catalog\'s per-access costs are not VMware Workstation 2.0\'s'
  }, () => {
    const r = cpuPerMbps(point(F, 'nettest', 'emulated'), 'host-a') / cpuPerMbps(point(F, 'nettest', 'native'), 'host-a')
    return { value: r, lo: 3.5, hi: 8, model: `${fmt(r, '×', 3)}` }
  }, 120_000)
})

describe('Barham et al., SOSP 2003 (Xen 1.0, ttcp)', () => {
  const F = 'barham2003-xen-ttcp'
  const ratio = (v: string): number => goodput(point(F, 'ttcp', v)) / goodput(point(F, 'ttcp', 'native'))
  const src = 'Barham et al., SOSP 2003, §4.3 Table 3 (figure recalled, not re-checked against the text)'
  claim({
    id: 'lit-barham2003-pv-tx', kind: 'prediction', source: src,
    claim: 'XenoLinux sends bulk TCP (1500-byte MTU) over gigabit as fast as native Linux',
    published: 'TX 897 Mb/s, native 897 Mb/s (ratio 1.0)',
    tolerance: '[0.9, 1.05]: both are wire-bound in the paper',
    miss: 'the driver-domain path is CPU-bound below the wire (≈ 0.86): every segment and ACK pays netback\'s micro-costs (grant map/unmap, skb, ring work, the batch\'s hypercalls and TLB flush), the software bridge and the paravirtualized-kernel tax at 2006-Xeon cycle counts; Xen 1.0 had no driver domain, bridge or grant tables (the hypervisor itself demultiplexed into guests\' I/O rings)'
  }, () => { const r = ratio('paravirtual-tx'); return { value: r, lo: 0.9, hi: 1.05, model: fmt(r, '', 2) } }, 120_000)

  claim({
    id: 'lit-barham2003-pv-rx', kind: 'prediction', source: src,
    claim: 'XenoLinux receives bulk TCP over gigabit as fast as native Linux',
    published: 'RX 897 Mb/s, native 897 Mb/s (ratio 1.0)',
    tolerance: '[0.9, 1.05]: both are wire-bound in the paper',
    miss: 'as for transmit, the driver-domain path is CPU-bound at ≈ 0.8 of the wire: each received segment adds a page flip (pageFlipCycles) to netback\'s micro-costs, the bridge and the paravirtualized-kernel tax; Xen 1.0 received without a driver domain or bridge'
  }, () => { const r = ratio('paravirtual-rx'); return { value: r, lo: 0.9, hi: 1.05, model: fmt(r, '', 2) } }, 120_000)

  claim({
    id: 'lit-barham2003-emulated-tx', kind: 'prediction', source: src,
    claim: 'VMware Workstation\'s emulated NIC sends at about a third of native',
    published: 'TX 291 Mb/s vs 897 (0.32)',
    tolerance: '[0.21, 0.44] (± 35 %): a hosted VMM (VMware Workstation 3.2) vs the model\'s in-hypervisor device model'
  }, () => { const r = ratio('emulated-tx'); return { value: r, lo: 0.21, hi: 0.44, model: fmt(r, '', 2) } }, 120_000)

  claim({
    id: 'lit-barham2003-emulated-rx', kind: 'prediction', source: src,
    claim: 'VMware Workstation\'s emulated NIC receives at about two thirds of native',
    published: 'RX 615 Mb/s vs 897 (0.69)',
    tolerance: '[0.45, 0.93] (± 35 %): a hosted VMM vs the model\'s in-hypervisor device model',
    miss: 'the model\'s emulated receive is too expensive (≈ 0.34): each received frame pays the trapped register accesses of the guest driver (each with its exit and, since issue 10, the exit\'s indirect cost) and the whole driver-domain path; a hosted VMM of 2003 batched the receive side better than the model\'s per-access traps'
  }, () => { const r = ratio('emulated-rx'); return { value: r, lo: 0.45, hi: 0.93, model: fmt(r, '', 2) } }, 120_000)
})

describe('Menon et al., VEE 2005 (Xenoprof: network receive in Xen)', () => {
  const F = 'menon2005-xen-receive'
  const src = 'Menon et al., VEE 2005, abstract and §5 (figures recalled, not re-checked against the text)'
  const rel = (v: string): number => cpuPerMbps(point(F, 'receive', v), 'host-b') / cpuPerMbps(point(F, 'receive', 'native'), 'host-b')
  claim({
    id: 'lit-menon2005-guest-rx-cpu', kind: 'prediction', source: src,
    claim: 'receiving in a guest through the driver domain costs about 5 × native Linux\'s CPU per byte',
    published: '≈ 5 ×',
    tolerance: '[3.5, 7] (± 30–40 %): the paper\'s host is not restated; the ratio is CPU per received Mb/s over the whole host',
  }, () => { const r = rel('guest'); return { value: r, lo: 3.5, hi: 7, model: fmt(r, '×', 3) } }, 120_000)

  claim({
    id: 'lit-menon2005-dom0-rx-cpu', kind: 'prediction', source: src,
    claim: 'receiving in the driver domain itself costs 2–3 × native Linux\'s CPU per byte',
    published: '2–3 ×',
    tolerance: '[1.7, 3.5]: the paper\'s range widened by ≈ 15 %',
    miss: 'the driver domain comes out at ≈ 1.3 × native: the paravirtualized-kernel tax (pvKernelTaxCycles, ≈ 1 µs per packet, an assumption) and the hypervisor\'s interrupt path are all it pays; the tax has no per-byte part, where Menon 2005 found several times more L2 misses (on the data) as well as data-TLB misses'
  }, () => { const r = rel('driver-domain'); return { value: r, lo: 1.7, hi: 3.5, model: fmt(r, '×', 3) } }, 120_000)
})

describe('Menon, Cox and Zwaenepoel, USENIX ATC 2006 (original Xen network virtualization)', () => {
  const F = 'menon2006-xen-optimizing'
  const src = 'Menon et al., USENIX ATC 2006, abstract (the original Xen\'s share of native derived from the optimized results and their gains)'
  const ratio = (v: string): number => goodput(point(F, 'throughput', v)) / goodput(point(F, 'throughput', 'native'))
  claim({
    id: 'lit-menon2006-guest-tx', kind: 'prediction', source: src,
    claim: 'a guest\'s CPU-bound transmit reaches ≈ 0.20 of native (optimized: 4.4 × better and within 12 % of native: 0.88 / 4.4)',
    published: '≈ 0.20 of native',
    tolerance: '[0.13, 0.27] (± 35 %): derived figure; several gigabit NICs in the paper vs one 10 Gb/s NIC here; TSO on native only in the paper',
    miss: 'the guest transmits at ≈ 0.42 of native: native Linux in the paper used TSO and checksum offload while the guest\'s virtual interface had neither; the example sets no offload (the 2006 NIC\'s defaults), and native here is bound by its receiving host\'s CPU, which TSO on the sender would not relieve (tsoEnabled on both NICs leaves the ratio at 0.42), so native\'s throughput is too low and the ratio too high; it held before only while netback carried the costs solved from seed 004'
  }, () => { const r = ratio('guest-tx'); return { value: r, lo: 0.13, hi: 0.27, model: fmt(r, '', 2) } }, 120_000)

  claim({
    id: 'lit-menon2006-guest-rx', kind: 'prediction', source: src,
    claim: 'a guest\'s CPU-bound receive reaches ≈ 0.33 of native (optimized: 18 % better and 61 % below native: 0.39 / 1.18)',
    published: '≈ 0.33 of native',
    tolerance: '[0.21, 0.45] (± 35 %): derived figure; several gigabit NICs in the paper vs one 10 Gb/s NIC here'
  }, () => { const r = ratio('guest-rx'); return { value: r, lo: 0.21, hi: 0.45, model: fmt(r, '', 2) } }, 120_000)

  claim({
    id: 'lit-menon2006-dom0-rx', kind: 'prediction', source: src,
    claim: 'the driver domain\'s own CPU-bound receive reaches ≈ 0.69 of native (optimized: 35 % better and within 7 % of native: 0.93 / 1.35)',
    published: '≈ 0.69 of native',
    tolerance: '[0.55, 0.83] (± 20 %): derived figure'
  }, () => { const r = ratio('driver-domain-rx'); return { value: r, lo: 0.55, hi: 0.83, model: fmt(r, '', 2) } }, 120_000)
})

describe('Gordon et al., ASPLOS 2012 (ELI: device assignment vs bare metal)', () => {
  const F = 'gordon2012-eli'
  const src = 'Gordon et al., ASPLOS 2012, abstract (ELI improves throughput 1.3–1.6 × to 97–100 % of bare metal)'
  /** ELI on host B: the paper's own switch, not a fitted value. */
  const ELI = { 'topology.nodes.host-b.params.interruptDelivery': 'eli' }
  const da = (): Metrics => point(F, 'netperf', 'device-assignment')
  const eli = (): Metrics => point(F, 'netperf', 'device-assignment', ELI)
  const bare = (): Metrics => point(F, 'netperf', 'bare-metal')
  claim({
    id: 'lit-gordon2012-device-assignment', kind: 'prediction', source: src,
    claim: 'a device-assigned guest\'s netperf TCP stream over 10 GbE reaches ≈ 0.61–0.77 of bare metal (0.97 / 1.6 to 1.00 / 1.3)',
    published: '≈ 0.61–0.77 of bare metal',
    tolerance: '[0.55, 0.85]: the derived range widened by ≈ 10 %',
    miss: 'the device-assigned guest comes out at ≈ 0.94 of bare metal: bare metal and the guest now run one NAPI loop (poll of up to 64 frames, GRO within a poll, the 82599 profile has GRO on), so both reach ≈ the wire and the guest pays only its exits (≈ 600 + 500 cycles each at the Nehalem profile\'s costs, an external-interrupt and an EOI exit per interrupt) whose cost GRO absorbs in larger merges (both receivers are CPU-bound). It held before (0.57) only because bare metal\'s old driver drained its ring without ever re-arming (no interrupts, unbounded coalescing in the ring) while the guest\'s poll merged nothing. The paper\'s loss needs a costlier exit path or a per-interrupt cost the model lacks (its NIC, its guest\'s interrupt rate under the driver\'s moderation, not stated in the abstract)'
  }, () => {
    const r = goodput(da()) / goodput(bare())
    return { value: r, lo: 0.55, hi: 0.85, model: fmt(r, '', 3) }
  }, 120_000)

  claim({
    id: 'lit-gordon2012-eli-near-bare-metal', kind: 'prediction', source: src,
    claim: 'with ELI (exitless interrupts: assigned-device interrupts straight to the guest, EOI without exit) the device-assigned guest reaches 97–100 % of bare metal',
    published: '97–100 % of bare metal',
    tolerance: '[0.87, 1.10]: the published range widened by ≈ 10 %'
  }, () => {
    const r = goodput(eli()) / goodput(bare())
    return { value: r, lo: 0.87, hi: 1.1, model: fmt(r, '', 3) }
  }, 120_000)

  claim({
    id: 'lit-gordon2012-eli-gain', kind: 'prediction', source: src,
    claim: 'ELI improves the device-assigned guest\'s throughput by 1.3–1.6 ×',
    published: '1.3–1.6 ×',
    tolerance: '[1.18, 1.76]: the published range widened by ≈ 10 %',
    miss: 'ELI raises the model\'s throughput only ≈ 1.06 ×: with the shared NAPI loop the device-assigned guest already reaches ≈ 0.94 of bare metal (see lit-gordon2012-device-assignment), so removing its exits has little left to give back'
  }, () => {
    const r = goodput(eli()) / goodput(da())
    return { value: r, lo: 1.18, hi: 1.76, model: `${fmt(r, '×', 3)} (${fmt(goodput(da()), 'Mb/s')} → ${fmt(goodput(eli()), 'Mb/s')})` }
  }, 120_000)
})

describe('Dong et al., HPCA 2010 / JPDC 2012 (SR-IOV on 10 GbE)', () => {
  const F = 'dong2010-sriov'
  const src = 'Dong et al., HPCA 2010, abstract (also JPDC 2012)'
  const agg = (t: string, n: number): Metrics => point(F, 'aggregate', t, { 'variables.guests': n })
  claim({
    id: 'lit-dong2010-sriov-line-rate', kind: 'prediction', source: src,
    claim: 'SR-IOV guests together reach 10 GbE line rate (7 guests here)',
    published: '9.48 Gb/s',
    tolerance: '± 10 % (8.5–10.4 Gb/s): line rate is line rate'
  }, () => {
    const g = goodput(agg('sriov', 7))
    return { value: g / 1000, lo: 9.48 * 0.9, hi: 9.48 * 1.1, model: fmt(g / 1000, 'Gb/s') }
  }, 180_000)

  claim({
    id: 'lit-dong2010-sriov-beats-pv', kind: 'prediction', source: src,
    claim: 'SR-IOV has better aggregate throughput than the paravirtual driver (7 guests)',
    published: '"better throughput … than paravirtualization"',
    tolerance: 'paravirtual / SR-IOV in [0.05, 0.95]: strictly below, and not a different order of magnitude'
  }, () => {
    const r = goodput(agg('paravirtual', 7)) / goodput(agg('sriov', 7))
    return { value: r, lo: 0.05, hi: 0.95, model: fmt(r, '', 2) }
  }, 180_000)

  claim({
    id: 'lit-dong2010-sriov-cpu-per-vm', kind: 'prediction', source: src,
    claim: 'each added SR-IOV VM costs ≈ 1.76 % more CPU at a fixed aggregate throughput (here 4 → 7 guests, both at the model\'s plateau)',
    published: '1.76 % CPU per VM',
    tolerance: '[0.9, 3.5] % of the receiving host\'s CPUs per VM: the paper\'s CPU count differs',
    miss: 'each guest\'s timer ticks (guestTimerHz 250, each an external-interrupt and an EOI exit with their indirect costs, the tick handler and, idle, a HLT exit) are modelled but cost at most ≈ 0.1 % of a CPU per VM (within the plateau\'s run-to-run noise, which can make the figure slightly negative); at the model\'s plateau the receiving guests are CPU-bound and take about one interrupt per frame whatever their number, so the interrupt rate does not grow with VMs. A fixed per-VF interrupt throttle would make it grow (irqThrottleRate 4,000 / 8,000 / 20,000 per s gives 0.6 / 1.3 / 1.0 % per VM), but the VF drivers\' dynamic moderation is not modelled and the rate is not stated, so it is left off'
  }, () => {
    const [m4, m7] = [agg('sriov', 4), agg('sriov', 7)]
    const cpus = Object.keys(m4.cpu_util as Record<string, number>).filter((k) => k.startsWith('host-b/cpu')).length
    const perVm = ((hostCpus(m7, 'host-b') / goodput(m7) - hostCpus(m4, 'host-b') / goodput(m4)) * goodput(m4) / cpus / 3) * 100
    return { value: perVm, lo: 0.9, hi: 3.5, model: `${fmt(perVm, '%', 2)} per VM (${fmt(goodput(m4), 'Mb/s')} → ${fmt(goodput(m7), 'Mb/s')})` }
  }, 180_000)
})
