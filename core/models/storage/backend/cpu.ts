// Where a virtual disk's back-end stages spend their CPU (`backendWhere`, issue 11): the driver
// domain's vCPU (competing with its other work, as Xen's blkback), a hypervisor thread on the
// host's interrupt CPU, or an offload core — a logical CPU taken from the host for I/O alone,
// which no VM may use any more (seed 001: offloading to cores leaves fewer for VMs).
import type { Handler } from '../../../sim'
import type { Domain } from '../../host/domain'
import type { HostModel } from '../../host/host-model'

/** The CPU a back end's stages run on: `run(ns, done, arg)` queues full-speed ns of work. */
export interface BackendCpu {
  readonly where: 'driver-domain' | 'hypervisor-thread' | 'offload-core'
  run(ns: number, done: Handler, arg: number): void
  /** Full-speed ns of `cycles` at the host's clock. */
  cyc(cycles: number): number
  /** ns a CPU spends copying `bytes`. */
  copyNs(bytes: number): number
}

class DomainCpu implements BackendCpu {
  constructor(readonly where: 'driver-domain' | 'offload-core', private readonly host: HostModel, private readonly domain: Domain, private readonly vcpu: number) {}
  run(ns: number, done: Handler, arg: number): void {
    if (ns > 0) this.domain.run(this.vcpu, ns, done, arg)
    else done(arg)
  }
  cyc(cycles: number): number { return this.host.cyc(cycles) }
  copyNs(bytes: number): number { return this.host.copyNs(bytes) }
}

class HypervisorCpu implements BackendCpu {
  readonly where = 'hypervisor-thread'
  constructor(private readonly host: HostModel) {}
  run(ns: number, done: Handler, arg: number): void {
    if (ns > 0) this.host.hvRun(ns, done, arg)
    else done(arg)
  }
  cyc(cycles: number): number { return this.host.cyc(cycles) }
  copyNs(bytes: number): number { return this.host.copyNs(bytes) }
}

/** One offload core per host (every virtual disk whose back end is offloaded shares it). */
const offloadDomains = new WeakMap<HostModel, Domain>()

/** The host's offload-core domain, made on first use: one logical CPU reserved (HostModel.reserveCpu). */
export function offloadDomain(host: HostModel): Domain {
  let d = offloadDomains.get(host)
  if (d === undefined) {
    d = host.reserveCpu(`${host.id}/io-offload`)
    offloadDomains.set(host, d)
  }
  return d
}

/** The CPU of a back end running at `where` on `host` (driver domain: its vCPU `vcpu`). */
export function backendCpu(where: string, host: HostModel, driverDomain: Domain, vcpu = 0): BackendCpu {
  switch (where) {
    case 'driver-domain': return new DomainCpu('driver-domain', host, driverDomain, vcpu)
    case 'hypervisor-thread': return new HypervisorCpu(host)
    case 'offload-core': return new DomainCpu('offload-core', host, offloadDomain(host), 0)
    default: throw new Error(`backendWhere "${where}" is not one of driver-domain, hypervisor-thread, offload-core`)
  }
}
