// Memory overcommit and DMA (issue 12; core/models/host/io-page-fault.ts, docs/overcommit.md): a
// VM's dmaMemory mode must fit its devices and its host. Pinned memory cannot be overcommitted (a
// resident fraction below 1 with "pinned" is refused); "io-page-faults" and "viommu" need the
// host's IOMMU (ATS/PRI page requests, the physical IOMMU under the emulated one) — no
// acknowledgement lifts that, there is nothing to study without it — and apply only to devices
// that DMA into the guest's memory directly through it: pass-through and SR-IOV.
import { resolveVar } from './param-values'
import { problem, type Problem } from './problems'
import type { TopologyIndex } from './topology-index'

/** Techniques whose device DMAs straight into the guest's memory through the host's IOMMU. */
const DIRECT_DMA = new Set(['passthrough', 'sriov'])

/** Why another technique's guest memory is not the device's to fault on. */
const WHY: Readonly<Record<string, string>> = {
  vpio: 'VPIO\'s device DMAs guest memory that its device model validates, not through the IOMMU\'s page requests, so it stays pinned',
  'scalable-io': 'a DC\'s DMA goes through its Host Gateway, which has its own I/O page fault model (the gateway\'s ioPageFaultRate and pinMode)'
}

export function checkDmaMemory(idx: TopologyIndex): Problem[] {
  const out: Problem[] = []
  for (const { index, item: vm } of idx.view.nodes) {
    if (vm.kind !== 'vm') continue
    const mode = idx.param(vm, 'dmaMemory')
    const resident = idx.param(vm, 'residentFraction')
    const at = (key: string): (string | number)[] => ['topology', 'nodes', index, 'params', key]
    if (mode === 'pinned') {
      if (typeof resident === 'number' && resident < 1) {
        out.push(problem('invalid-value', at('residentFraction'), `VM "${vm.id}": its memory is pinned for DMA (dmaMemory "pinned"), so the host cannot overcommit it: a resident fraction of ${resident} does not fit; set "residentFraction" to 1, or "dmaMemory" to "io-page-faults" or "viommu"`))
      }
      continue
    }
    if (typeof mode !== 'string') continue
    if (resident === 0) {
      out.push(problem('invalid-value', at('residentFraction'), `VM "${vm.id}": a resident fraction of 0 leaves none of its memory in host memory, so it could not run; set "residentFraction" above 0 (0.5: an overcommit ratio of 2)`))
    }
    const host = vm.host === undefined ? undefined : idx.view.nodeById.get(vm.host)
    if (host?.kind === 'host' && idx.param(host, 'iommuEnabled') === false) {
      out.push(problem('invalid-value', at('dmaMemory'), `VM "${vm.id}": dmaMemory "${mode}" needs the IOMMU of host "${host.id}" (${mode === 'viommu' ? 'the emulated IOMMU programs it' : 'its ATS translations and PRI page requests'}); set the host's "iommuEnabled" to true`))
    }
    const atts = idx.attachmentsOf.get(vm.id) ?? []
    const techniques = atts.map((a) => ({ id: a.item.id, technique: resolveVar(a.item.technique, idx.view.variables) }))
    for (const t of techniques) {
      if (typeof t.technique !== 'string' || DIRECT_DMA.has(t.technique)) continue
      if (t.technique in WHY) {
        out.push(problem('invalid-value', at('dmaMemory'), `VM "${vm.id}": dmaMemory "${mode}" applies to pass-through and SR-IOV devices, but attachment "${t.id}" uses "${t.technique}": ${WHY[t.technique]}; set "dmaMemory" to "pinned"`))
      }
    }
    if (!techniques.some((t) => typeof t.technique === 'string' && DIRECT_DMA.has(t.technique))) {
      out.push(problem('invalid-value', at('dmaMemory'), `VM "${vm.id}": dmaMemory "${mode}" applies to a pass-through or SR-IOV device, and the VM has none (${techniques.length === 0 ? 'no attachment' : techniques.map((t) => `"${t.id}": ${String(t.technique)}`).join(', ')}); set "dmaMemory" to "pinned"`))
    }
  }
  return out
}
