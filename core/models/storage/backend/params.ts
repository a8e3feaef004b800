// A virtual disk's back-end parameters (issue 11): the back end's form (raw device or image file),
// where its stages run, interposition (encryption, replication, snapshot, undo log, compression,
// deduplication), the hypervisor buffer cache (write-through / write-back) and RAID aggregation.
// Keys are part of the project-file contract (attachment `params`). The stages that read them are
// in this folder (docs/storage-backend.md); a stage's CPU is in cycles of the host clock, charged
// on the CPU the back end runs on (`backendWhere`).
import type { ParamSpec } from '../../catalog-types'
import { BOOLEAN, CYCLES, DURATION, KiB, MiB, GiB, RATIO, SEC, SIZE, count, factor, oneOf } from '../../param-kit'

const FORM = [
  {
    key: 'backend', label: 'Back-end form', ...oneOf('raw', 'image'), default: 'raw', group: 'Back end',
    doc: '"raw": the virtual disk is the device (or its RAID) block for block. "image": a copy-on-write image file (qcow2-like) on the host\'s file system: file-system CPU per request, and the first write to a cluster allocates it (extra metadata writes).',
    source: '001 "I/O virtualization": a back end is a raw device, an image file or network storage; raw is the plainest form (assumption: the default a benchmark set-up uses)',
    sourceKind: 'assumption'
  },
  {
    key: 'backendWhere', label: 'Back end runs on', ...oneOf('driver-domain', 'hypervisor-thread', 'offload-core'), default: 'driver-domain', group: 'Back end',
    doc: 'Where the back end\'s stages spend their CPU: the driver domain\'s vCPUs (competing with its other work, as Xen\'s blkback), a hypervisor thread on the interrupt CPU, or a logical CPU taken from the host and dedicated to I/O (VMs can no longer run there).',
    source: '001 "I/O virtualization": interposition runs in the driver domain, the hypervisor or on dedicated cores, and offloading to cores leaves fewer for VMs; the driver domain is Xen\'s default (assumption)',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]

const INTERPOSE = [
  {
    key: 'interpose', label: 'Interposition', ...oneOf('none', 'encryption', 'replication', 'snapshot-cow', 'snapshot-row', 'undo-log', 'compression', 'dedup'), default: 'none', group: 'Interposition',
    doc: 'A transformation of every request between the front end and the device: encryption (CPU per byte), replication to `replicas` members, a snapshot by copy-on-write or redirect-on-write, undo logging of overwritten data, compression or deduplication (CPU per byte, fewer bytes below).',
    source: '001 "I/O virtualization": interposition encrypts, replicates, snapshots and logs; none is a study switch (assumption)',
    sourceKind: 'assumption'
  },
  {
    key: 'replicas', label: 'Replicas', ...count(2, 16), default: 2, group: 'Interposition',
    doc: 'Copies replication keeps, each on its own member device (device + devices); a write completes when every copy is written, a read is served by one copy (round robin). Needs at least this many members.',
    source: '001 "I/O virtualization": replication to N devices; 2 (a mirror pair) is the assumption',
    sourceKind: 'assumption', range: { lo: 2, hi: 2, why: 'a configuration of the study, not an uncertain quantity: held at the default' }
  },
  {
    key: 'aesInstructions', label: 'AES instructions', ...BOOLEAN, default: true, group: 'Interposition',
    doc: 'The CPU has AES instructions (Intel AES-NI since Westmere, 2010): encryption costs aesCyclesPerByteNi per byte instead of aesCyclesPerByteSoft.',
    source: 'Gueron, Intel AES-NI white paper (2010): AES-NI from the 2010 Westmere core; true for a current host (assumption: the hardware profile of an older host turns it off)',
    sourceKind: 'assumption'
  },
  {
    key: 'aesCyclesPerByteNi', label: 'AES with AES-NI', ...factor(0.05, 100), default: 1.3, group: 'Interposition',
    doc: 'CPU cycles per byte to encrypt or decrypt with AES instructions (AES-128 in a parallel mode such as XTS or CTR).',
    source: 'Akdemir et al., "Breakthrough AES Performance with Intel AES New Instructions", Intel white paper (2010): ~1.3 cycles/byte on one core of a Core i7-980X, AES-128 in parallel modes',
    sourceKind: 'measured', range: { lo: 0.6, hi: 1.6, why: 'later cores reach 0.6-0.9 cycles/byte (Drucker, Gueron & Krasnov 2018: AES-GCM 0.64); XTS with tweak computation ~1.3-1.6' }
  },
  {
    key: 'aesCyclesPerByteSoft', label: 'AES in software', ...factor(0.05, 200), default: 15, group: 'Interposition',
    doc: 'CPU cycles per byte to encrypt or decrypt without AES instructions (table-based software AES).',
    source: 'assumption: table-based AES-128 software runs at ~10-14 cycles/byte on Core 2 (Bernstein & Schwabe, "New AES software speed records", 2008) and ~23 for AES-GCM before the instructions (Drucker, Gueron & Krasnov 2018); a disk mode (XTS) adds its tweak: 15',
    sourceKind: 'assumption', range: { lo: 10, hi: 23, why: 'Bernstein & Schwabe 2008 (CTR, ~10-14) to Drucker et al. 2018 (GCM before AES-NI, ~23)' }
  },
  {
    key: 'replicaCyclesPerRequest', label: 'Replication CPU per copy', ...CYCLES, default: 2000, group: 'Interposition',
    doc: 'CPU cycles to clone a request for one more copy and account its completion (a bio clone and its end-io).',
    source: 'assumption: a bio clone, submission and completion callback of the block layer, ~1-2 µs of kernel work at 2-3 GHz',
    sourceKind: 'assumption', range: { lo: 1000, hi: 6000, why: 'block-layer clone and end-io: 0.5-2 µs at 2-3 GHz' }
  },
  {
    key: 'snapshotChunkBytes', label: 'Snapshot chunk', ...SIZE, min: 512, max: 1 * MiB, default: 4 * KiB, group: 'Interposition',
    doc: 'Granularity of a snapshot\'s exceptions: the first write to a chunk after the snapshot copies (copy-on-write) or relocates (redirect-on-write) the whole chunk.',
    source: 'assumption: LVM\'s default snapshot chunk size is 4 KiB (lvcreate --chunksize, 4 KiB to 512 KiB)',
    sourceKind: 'assumption', range: { lo: 4 * KiB, hi: 64 * KiB, why: 'LVM allows 4 KiB-512 KiB; 4-64 KiB are the common choices' }
  },
  {
    key: 'snapshotMapCycles', label: 'Snapshot map lookup', ...CYCLES, default: 1000, group: 'Interposition',
    doc: 'CPU cycles to look a request\'s chunks up in the snapshot\'s exception table (and remap a redirected read).',
    source: 'assumption: a hash-table lookup and a bio remap in the device mapper, well under a microsecond',
    sourceKind: 'assumption', range: { lo: 300, hi: 3000, why: 'a hash lookup with one or two cache misses to a few hundred ns of remapping' }
  },
  {
    key: 'snapshotMetadataBytes', label: 'Snapshot metadata write', ...SIZE, min: 512, max: 1 * MiB, default: 4 * KiB, group: 'Interposition',
    doc: 'Bytes of the exception-store write that commits a new exception (the chunk\'s new location) before the guest\'s write completes.',
    source: 'assumption: a persistent dm-snapshot commits its exception table one 4 KiB metadata area at a time',
    sourceKind: 'assumption', range: { lo: 512, hi: 4 * KiB, why: 'one sector to one page' }
  },
  {
    key: 'compressCyclesPerByte', label: 'Compression CPU', ...factor(0.01, 200), default: 6.3, group: 'Interposition',
    doc: 'CPU cycles per byte written to compress it.',
    source: 'assumption: LZ4\'s README benchmark, 780 MB/s per core compressing on a 4.9 GHz Core i7-9700K: 4.9e9 / 780e6 ≈ 6.3 cycles/byte',
    sourceKind: 'assumption', range: { lo: 3, hi: 20, why: 'LZ4 (fast) to zstd level 1-3 (~400 MB/s at 3-4 GHz ≈ 10-20 cycles/byte)' }
  },
  {
    key: 'decompressCyclesPerByte', label: 'Decompression CPU', ...factor(0.01, 200), default: 1.0, group: 'Interposition',
    doc: 'CPU cycles per byte read to decompress it.',
    source: 'assumption: LZ4\'s README benchmark, 4970 MB/s per core decompressing on a 4.9 GHz Core i7-9700K: 4.9e9 / 4970e6 ≈ 1.0 cycle/byte',
    sourceKind: 'assumption', range: { lo: 0.5, hi: 4, why: 'LZ4 (fast) to zstd (~1.5 GB/s)' }
  },
  {
    key: 'compressionRatio', label: 'Compressed size', ...RATIO, min: 0.01, default: 0.5, group: 'Interposition',
    doc: 'Bytes written below per byte written by the guest after compression (0.5 = halves the data).',
    source: 'assumption: mixed file-system data compresses about 2:1 with LZ4-class compressors (e.g. the Silesia corpus: LZ4 2.1)',
    sourceKind: 'assumption', range: { lo: 0.3, hi: 1, why: 'text and logs compress 3:1, media and encrypted data not at all' }
  },
  {
    key: 'dedupHashCyclesPerByte', label: 'Dedup fingerprint CPU', ...factor(0.01, 200), default: 12, group: 'Interposition',
    doc: 'CPU cycles per byte written to fingerprint it (a cryptographic hash of each block).',
    source: 'assumption: SHA-256 in software runs at ~12-16 cycles/byte on x86 cores without SHA instructions (~2 with SHA-NI)',
    sourceKind: 'assumption', range: { lo: 2, hi: 16, why: 'SHA-NI (~2) to software SHA-256 (~16)' }
  },
  {
    key: 'dedupLookupCycles', label: 'Dedup table lookup', ...CYCLES, default: 2000, group: 'Interposition',
    doc: 'CPU cycles per block written to look its fingerprint up in the deduplication table and update the block map.',
    source: 'assumption: an in-memory hash-table probe and a map update with a few cache misses, ~0.5-1 µs',
    sourceKind: 'assumption', range: { lo: 500, hi: 8000, why: 'a cached probe to a table that misses the last-level cache several times' }
  },
  {
    key: 'dedupRatio', label: 'Duplicate blocks', ...RATIO, default: 0.3, group: 'Interposition',
    doc: 'Fraction of written blocks already stored (their write below is replaced by a map update).',
    source: 'assumption: primary-storage file systems show 20-40 % duplicate blocks (Meyer & Bolosky, "A Study of Practical Deduplication", FAST 2011, report 0.3-0.5 with whole-file and block dedup over desktop data)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0.7, why: 'unique data to virtual-desktop images (70 % duplicate)' }
  },
  {
    key: 'undoLogCycles', label: 'Undo log record CPU', ...CYCLES, default: 1500, group: 'Interposition',
    doc: 'CPU cycles per write to build the undo-log record (header, position in the log) before the old data is appended.',
    source: 'assumption: a log-record header and a log-position update, ~0.5 µs of kernel work',
    sourceKind: 'assumption', range: { lo: 500, hi: 5000, why: 'a small record to a record with a checksum' }
  }
] as const satisfies readonly ParamSpec[]

const IMAGE = [
  {
    key: 'fsCyclesPerRequest', label: 'File system CPU per request', ...CYCLES, default: 8000, group: 'Image file',
    doc: 'CPU cycles the host\'s file system spends per request on an image file (extent lookup, direct-I/O set-up, block-layer submission), beyond a raw device\'s.',
    source: 'assumption: an O_DIRECT read or write through ext4/XFS costs a few µs of kernel CPU more than on the raw block device (~3 µs at 2.7 GHz)',
    sourceKind: 'assumption', range: { lo: 3000, hi: 20000, why: '1-7 µs at 3 GHz, from an extent-cache hit to a journalled extent update' }
  },
  {
    key: 'fsCyclesPerByte', label: 'File system CPU per byte', ...factor(0, 50), default: 0.1, group: 'Image file',
    doc: 'CPU cycles per byte of an image-file request (pinning and mapping the pages of the direct I/O).',
    source: 'assumption: get_user_pages and a scatter-list entry per 4 KiB page, ~400 cycles per page: ≈ 0.1 cycle/byte',
    sourceKind: 'assumption', range: { lo: 0.02, hi: 0.5, why: 'huge pages to per-page checksums' }
  },
  {
    key: 'imageClusterBytes', label: 'Image cluster', ...SIZE, min: 512, max: 2 * MiB, default: 64 * KiB, group: 'Image file',
    doc: 'Allocation unit of the copy-on-write image: the first write to a cluster allocates it and updates the image\'s metadata.',
    source: 'assumption: QEMU\'s qcow2 default cluster size is 64 KiB (qemu-img create -o cluster_size, 512 B to 2 MiB)',
    sourceKind: 'assumption', range: { lo: 64 * KiB, hi: 64 * KiB, why: 'a format setting of the study: held at the qcow2 default' }
  },
  {
    key: 'imageMetadataWrites', label: 'Image metadata writes', ...count(0, 8), default: 2, group: 'Image file',
    doc: 'Metadata writes below when a cluster is allocated (the L2 table entry and the refcount block), each of imageMetadataBytes, issued together after the data write; the guest\'s write completes when they do.',
    source: 'assumption: qcow2 without lazy refcounts updates an L2 table and a refcount block per newly allocated cluster',
    sourceKind: 'assumption', range: { lo: 1, hi: 2, why: 'lazy refcounts leave only the L2 update' }
  },
  {
    key: 'imageMetadataBytes', label: 'Image metadata write size', ...SIZE, min: 512, max: 2 * MiB, default: 4 * KiB, group: 'Image file',
    doc: 'Bytes of one metadata write of a cluster allocation.',
    source: 'assumption: the image\'s table updates are written one 4 KiB page at a time',
    sourceKind: 'assumption', range: { lo: 512, hi: 64 * KiB, why: 'one sector to a whole table cluster' }
  },
  {
    key: 'imageMetadataCycles', label: 'Image allocation CPU', ...CYCLES, default: 5000, group: 'Image file',
    doc: 'CPU cycles to allocate a cluster (find free space, update the cached L2 and refcount tables).',
    source: 'assumption: a few µs of image-format code per allocation (cached tables, no I/O)',
    sourceKind: 'assumption', range: { lo: 2000, hi: 20000, why: 'cached tables to a table-cache miss' }
  },
  {
    key: 'imagePreallocated', label: 'Image preallocated', ...RATIO, default: 0, group: 'Image file',
    doc: 'Fraction of the image\'s clusters already allocated when the run starts (0: a fresh image, every first write to a cluster allocates; 1: fully preallocated).',
    source: 'assumption: a fresh copy-on-write image, the case whose cost the image format adds',
    sourceKind: 'assumption', range: { lo: 0, hi: 1, why: 'a fresh image to a fully preallocated one' }
  }
] as const satisfies readonly ParamSpec[]

const CACHE = [
  {
    key: 'cache', label: 'Buffer cache', ...oneOf('none', 'write-through', 'write-back'), default: 'none', group: 'Buffer cache',
    doc: 'A buffer cache in the back end: none (direct I/O); write-through (reads may hit; a write completes when the layer below has it); write-back (a write completes once copied into the cache and is flushed later: it is at risk until then).',
    source: '001 "I/O virtualization": a hypervisor buffer cache must stay write-through to keep the guest\'s durability; none (direct I/O, as blkback on a raw device) is the default (assumption)',
    sourceKind: 'assumption'
  },
  {
    key: 'cacheBytes', label: 'Cache size', ...SIZE, min: 4 * KiB, max: 64 * GiB, default: 256 * MiB, group: 'Buffer cache',
    doc: 'Bytes of the buffer cache (4 KiB pages, least recently used evicted first).',
    source: 'assumption: a few hundred MiB of host memory given to one virtual disk\'s cache',
    sourceKind: 'assumption', range: { lo: 64 * MiB, hi: 4 * GiB, why: 'from a small driver domain to a host page cache of several GiB' }
  },
  {
    key: 'cacheLookupCycles', label: 'Cache lookup CPU', ...CYCLES, default: 600, group: 'Buffer cache',
    doc: 'CPU cycles per cached page looked up or inserted (radix-tree walk, LRU update); the data copy to or from the cache is charged at the host\'s memory-copy bandwidth.',
    source: 'assumption: a page-cache radix-tree lookup and LRU update, ~100-300 ns',
    sourceKind: 'assumption', range: { lo: 200, hi: 2000, why: 'a hot tree to one with cache misses and lock contention' }
  },
  {
    key: 'cacheDirtyRatio', label: 'Dirty limit', ...RATIO, min: 0.01, default: 0.2, group: 'Buffer cache',
    doc: 'Write-back: the most dirty (acknowledged, not yet written) bytes, as a fraction of the cache; a write waits while it would exceed it.',
    source: 'assumption: Linux vm.dirty_ratio defaults to 20 % (Documentation/admin-guide/sysctl/vm.rst), applied here to the cache\'s size',
    sourceKind: 'assumption', range: { lo: 0.05, hi: 0.4, why: 'tuned servers lower it to a few %, desktop distributions raise it' }
  },
  {
    key: 'cacheDirtyBackgroundRatio', label: 'Background flush threshold', ...RATIO, min: 0, default: 0.1, group: 'Buffer cache',
    doc: 'Write-back: the flusher starts writing dirty data below as soon as the dirty bytes exceed this fraction of the cache.',
    source: 'assumption: Linux vm.dirty_background_ratio defaults to 10 % (Documentation/admin-guide/sysctl/vm.rst)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0.2, why: 'immediate flushing to the dirty limit' }
  },
  {
    key: 'cacheDirtyExpire', label: 'Dirty expiry', ...DURATION, max: 600 * SEC, default: 30 * SEC, group: 'Buffer cache',
    doc: 'Write-back: dirty data older than this is flushed at the next writeback wake-up, whatever the dirty amount.',
    source: 'assumption: Linux vm.dirty_expire_centisecs defaults to 3000 (30 s)',
    sourceKind: 'assumption', range: { lo: 1 * SEC, hi: 30 * SEC, why: 'laptop and server tunings' }
  },
  {
    key: 'cacheWritebackInterval', label: 'Writeback wake-up', ...DURATION, min: 1_000_000, max: 600 * SEC, default: 5 * SEC, group: 'Buffer cache',
    doc: 'Write-back: period at which the flusher wakes to write expired dirty data.',
    source: 'assumption: Linux vm.dirty_writeback_centisecs defaults to 500 (5 s)',
    sourceKind: 'assumption', range: { lo: 1 * SEC, hi: 5 * SEC, why: 'laptop and server tunings' }
  },
  {
    key: 'cacheFlushDepth', label: 'Flusher writes in flight', ...count(1, 1024), default: 32, group: 'Buffer cache',
    doc: 'Write-back: dirty writes the flusher keeps outstanding below at once.',
    source: 'assumption: a flusher keeps about one device queue\'s worth (NCQ 32) of writes in flight',
    sourceKind: 'assumption', range: { lo: 8, hi: 128, why: 'a shallow block-layer queue to an NVMe queue\'s worth' }
  }
] as const satisfies readonly ParamSpec[]

const RAID = [
  {
    key: 'raid', label: 'RAID', ...oneOf('none', 'raid0', 'raid1'), default: 'none', group: 'RAID',
    doc: 'Aggregation of the member devices (device + devices) into one virtual disk: raid0 stripes (capacity and throughput add up), raid1 mirrors (writes to all, reads balanced).',
    source: '001 "I/O virtualization": aggregation of several devices into one; none is a study switch (assumption)',
    sourceKind: 'assumption'
  },
  {
    key: 'raidStripeBytes', label: 'RAID-0 stripe', ...SIZE, min: 512, max: 16 * MiB, default: 512 * KiB, group: 'RAID',
    doc: 'Bytes of one stripe unit (chunk) of RAID-0: consecutive chunks go to consecutive members; a request crossing a chunk boundary is split.',
    source: 'assumption: Linux md\'s default chunk size is 512 KiB (mdadm --chunk, since mdadm 3.1)',
    sourceKind: 'assumption', range: { lo: 64 * KiB, hi: 512 * KiB, why: 'older md default (64 KiB) to the current one' }
  },
  {
    key: 'raidCyclesPerRequest', label: 'RAID CPU per request', ...CYCLES, default: 1500, group: 'RAID',
    doc: 'CPU cycles of the RAID layer per request (mapping to members, splitting, completion).',
    source: 'assumption: md\'s mapping, bio split and end-io, ~0.5 µs',
    sourceKind: 'assumption', range: { lo: 500, hi: 5000, why: 'a simple mapping to a split with several clones' }
  }
] as const satisfies readonly ParamSpec[]

export const VDISK_BACKEND_PARAMS = [
  ...FORM, ...INTERPOSE, ...IMAGE, ...CACHE, ...RAID
] as const satisfies readonly ParamSpec[]

/** A key of the back-end parameters (typed reads in the stages). */
export type BackendParamKey = (typeof VDISK_BACKEND_PARAMS)[number]['key']
