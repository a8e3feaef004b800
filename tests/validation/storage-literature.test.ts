// Predictions of published storage-virtualization results (issue 11), each run on
// examples/literature/<paper>-storage.iovlab.json — a set-up with what the source states (device
// class, host generation through a hardware profile, front end, back end, workload) and every
// other cost at its catalog default; where the source does not state something the file says so
// and labels its choice an assumption. Nothing here was fitted to these results: every claim is a
// prediction with a two-sided tolerance whose reason is stated (the source's own range where it
// gives one, otherwise what the set-up leaves open). Ratios are used throughout, since no source's
// hardware is the catalog's. docs/storage-validation.md describes each source and what was read.
import { describe, expect } from 'vitest'
import { num } from '../core/scenario/helpers'
import { claim, fmt } from './claims'
import { point, type Metrics } from './literature-point'


const iops = (m: Metrics): number => num(m, 'iops')
const cpuIo = (m: Metrics): number => num(m, 'cpu_per_io_us')
const lat = (m: Metrics): number => num(m, 'io_latency_median_us')

describe('Zhadchenko, qemu-devel 2022 (vhost-blk RFC: QEMU virtio-blk against the host on one SSD)', () => {
  const F = 'zhadchenko2022-vhost-blk-storage'
  const src = 'Zhadchenko, "[RFC patch 0/1] block: vhost-blk backend", qemu-devel, July 2022, cover letter\'s SSD table (fio 4 KiB, libaio, iodepth 128, cache=none, xfs)'
  const at128 = (variant: string, pattern: 'randread' | 'randwrite'): Metrics => point(F, 'fio', variant, { 'experiments.fio.workloads.fio.params.pattern': pattern })
  const ratio = (pattern: 'randread' | 'randwrite'): number => iops(at128('virtio', pattern)) / iops(at128('host', pattern))
  claim({
    id: 'lit-zhadchenko2022-virtio-randread', kind: 'prediction', source: src,
    claim: 'a KVM guest reading 4 KiB at random at queue depth 128 through QEMU\'s virtio-blk (back end in a host thread, on an image file) reaches about 0.60 of the host\'s IOPS on the same SSD',
    miss: 'the catalog\'s SATA SSD, not the back end, is the limit for both (≈ 1.0): its one controller core at 20 µs per command caps it at 50 K IOPS, about half the RFC\'s host (95.8 K), so the host and the guest hit the same ceiling and the cost of QEMU\'s single back-end thread per request (the image file\'s file-system work, io_submit, the event loop) never becomes the bottleneck; the RFC names no SSD, and the device is not tuned to its host figure',
    published: 'host 95.8k IOPS, QEMU virtio 57.5k (0.600)',
    tolerance: '[0.45, 0.75] (± 25 %): one run per cell, no spread given; the guest is limited by the host thread\'s CPU per request and the RFC names neither the CPU nor the SSD, so the tolerance covers the assumed host generation and SSD class, not the paper\'s precision (3 significant figures)'
  }, () => {
    const r = ratio('randread')
    return { value: r, lo: 0.45, hi: 0.75, model: `${fmt(r, '', 3)} (${fmt(iops(at128('virtio', 'randread')), 'IOPS')} vs host ${fmt(iops(at128('host', 'randread')), 'IOPS')})` }
  }, 180_000)

  claim({
    id: 'lit-zhadchenko2022-virtio-randwrite', kind: 'prediction', source: src,
    claim: 'with 4 KiB random writes at queue depth 128 the same guest comes close to the host (0.93): the SSD\'s write rate, not the back end, is the limit',
    miss: 'the guest\'s writes queue in the back end (≈ 0.36; pv_blk_backend ≈ 7 ms at queue depth 128): the image back end\'s copy-on-write format allocates on a first write to a cluster (the data write, then the L2-table and refcount writes the guest\'s write waits for: about three device writes per guest write, so ≈ 1/3 of the host\'s rate on a device-bound SSD), and over a fresh 1 GiB working set in a 100 ms run almost every write is a first write; the RFC\'s image on xfs was most likely fully allocated, so its writes paid no allocation',
    published: 'host 85.3k IOPS, QEMU virtio 79.4k (0.931)',
    tolerance: '[0.79, 1.07] (± 15 %): narrower than for reads because both sides are near the device\'s limit, so the unstated CPU matters less; one run per cell'
  }, () => {
    const r = ratio('randwrite')
    return { value: r, lo: 0.79, hi: 1.07, model: `${fmt(r, '', 3)} (${fmt(iops(at128('virtio', 'randwrite')), 'IOPS')} vs host ${fmt(iops(at128('host', 'randwrite')), 'IOPS')})` }
  }, 180_000)
})

describe('VMware, vSphere 4 PVSCSI study (2009; VMware performance blog, February 2010)', () => {
  const F = 'vmware2010-pvscsi-storage'
  const src = 'VMware, "PVSCSI Storage Performance" (vSphere 4), as summarised on the VMware performance blog, February 2010 ("PVSCSI reduces the CPIO by 10%-30%" over Fibre Channel, "by up to 25%" over software iSCSI); the study\'s own set-up was not read'
  const cpio = (exp: string): number => cpuIo(point(F, exp, 'pvscsi')) / cpuIo(point(F, exp, 'lsilogic'))
  claim({
    id: 'lit-vmware2010-pvscsi-cpio-fc', kind: 'prediction', source: src,
    claim: 'over a Fibre Channel LUN, the paravirtual SCSI adapter costs 10–30 % less host CPU per I/O than the emulated LSI Logic adapter (4 KiB random reads, queue depth 32)',
    miss: 'the model saves more than the study (≈ 0.57): each of the emulated LSI Logic adapter\'s trapped register accesses pays a full VM exit and the device model at the catalog\'s per-access costs, while vSphere 4\'s LSI Logic emulation was a mature in-kernel device model whose per-I/O trap cost the catalog does not have',
    published: 'CPIO − 10 % to − 30 % (ratio 0.70–0.90)',
    tolerance: '[0.65, 0.95]: the published range spans the study\'s configurations; widened by 0.05 on each side because this file runs one configuration the study may not have (workload, block size and server assumed)'
  }, () => {
    const r = cpio('cpio-fc')
    return { value: r, lo: 0.65, hi: 0.95, model: `${fmt(r, '', 3)} (${fmt(cpuIo(point(F, 'cpio-fc', 'pvscsi')), 'µs')} vs ${fmt(cpuIo(point(F, 'cpio-fc', 'lsilogic')), 'µs')} per I/O)` }
  }, 180_000)

  claim({
    id: 'lit-vmware2010-pvscsi-cpio-iscsi', kind: 'prediction', source: src,
    claim: 'over software iSCSI (the initiator\'s protocol work on the host\'s CPU), the paravirtual adapter still lowers CPU per I/O, by up to 25 %: a smaller share, since the initiator\'s cost is the same for both adapters',
    published: 'CPIO − up to 25 % (ratio ≥ 0.75)',
    tolerance: '[0.70, 0.98]: "up to 25 %" bounds the reduction (lower end widened by 0.05 for the assumed configuration); the upper end requires a reduction (2 % margin for run-to-run noise)'
  }, () => {
    const r = cpio('cpio-iscsi')
    return { value: r, lo: 0.7, hi: 0.98, model: `${fmt(r, '', 3)} (${fmt(cpuIo(point(F, 'cpio-iscsi', 'pvscsi')), 'µs')} vs ${fmt(cpuIo(point(F, 'cpio-iscsi', 'lsilogic')), 'µs')} per I/O)` }
  }, 180_000)
})

describe('Peng et al., USENIX ATC 2018 (MDev-NVMe: virtio against native on Optane)', () => {
  const F = 'peng2018-mdev-nvme-storage'
  claim({
    id: 'lit-peng2018-virtio-latency', kind: 'prediction',
    source: 'Peng et al., USENIX ATC 2018, abstract (MDev-NVMe at "70% native average latency and 31% Virtio average latency", so virtio ≈ 0.70 / 0.31 = 2.26 × native); the device latency from Intel\'s P4800X specification as quoted in Hajnoczi, KVM Forum 2020, slide 3',
    claim: 'a virtio-blk guest\'s 4 KiB read latency on an Optane SSD is about 2.3 × native Linux\'s: on a 10 µs device the guest\'s kick exit, the back-end thread, the host\'s block layer and the virtual interrupt are as long as the device itself',
    published: '≈ 2.26 × (derived)',
    tolerance: '[1.6, 2.9] (≈ ± 30 %): the ratio is derived from two rounded percentages that the abstract does not tie to one run or one of its two SSDs; the CPU and the benchmark\'s queue depth are assumed (queue depth 1); the model reports the median, the paper the mean'
  }, () => {
    const [v, n] = [lat(point(F, 'latency', 'virtio')), lat(point(F, 'latency', 'native'))]
    return { value: v / n, lo: 1.6, hi: 2.9, model: `${fmt(v / n, '×', 3)} (${fmt(v, 'µs')} vs native ${fmt(n, 'µs')})` }
  }, 180_000)
})

describe('Ahmad, Gulati and Mashtizadeh, USENIX ATC 2011 (vIC)', () => {
  const F = 'ahmad2011-vic-storage'
  claim({
    id: 'lit-ahmad2011-vic-gain', kind: 'prediction',
    source: 'Ahmad, Gulati and Mashtizadeh, USENIX ATC 2011, abstract ("performance improvements in micro benchmarks of up to 18%"); the micro-benchmark set-up was not read',
    claim: 'coalescing the virtual completion interrupts of an emulated SCSI controller under a high-IOPS load (8 KiB random reads, 32 in flight, one vCPU) raises IOPS by at most about 18 % and lowers the host\'s CPU per I/O',
    miss: 'coalescing gains nothing in the model (≈ 1.0, CPU per I/O 16.1 vs 15.9 µs): the emulated SCSI guest at 32 in flight is not CPU-bound on its vCPU (36.6 K IOPS either way), so fewer virtual interrupts cannot raise IOPS, and the interrupt delivery vIC saves is small beside the trapped register accesses each request pays',
    published: 'up to + 18 % (micro-benchmarks)',
    tolerance: 'IOPS vIC / off in [1.0, 1.25]: no loss, and at most the published maximum plus 7 points for the assumed configuration; CPU per I/O strictly lower (the gain\'s mechanism)'
  }, () => {
    const [on, off] = [point(F, 'micro', 'vic'), point(F, 'micro', 'off')]
    const r = iops(on) / iops(off)
    return {
      model: `${fmt(r, '×', 3)} IOPS (${fmt(iops(on), 'IOPS')} vs ${fmt(iops(off), 'IOPS')}); CPU/I/O ${fmt(cpuIo(on), 'µs')} vs ${fmt(cpuIo(off), 'µs')}`,
      check: () => { expect(r).toBeGreaterThanOrEqual(1); expect(r).toBeLessThanOrEqual(1.25); expect(cpuIo(on)).toBeLessThan(cpuIo(off)) }
    }
  }, 180_000)
})
