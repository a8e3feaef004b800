// Objects one run shares between the parts that build it (a host's IOMMU, a driver
// domain's back end per device, an SR-IOV NIC's vector lines): a typed registry instead
// of a string-keyed map, so an object is always read back as the type it was made as.
// A key is a value carrying its type; `id` names the instance (a host, a device, …).

export interface SharedKey<T> {
  readonly name: string
  /** Phantom: the type of the objects stored under this key (never set). */
  readonly type?: T
}

export function sharedKey<T>(name: string): SharedKey<T> {
  return Object.freeze({ name })
}

export class SharedObjects {
  private readonly byKey = new Map<SharedKey<unknown>, Map<string, unknown>>()

  /** The object of `key` for `id`, made by `make` on first use. */
  get<T>(key: SharedKey<T>, id: string, make: () => T): T {
    let m = this.byKey.get(key)
    if (m === undefined) this.byKey.set(key, (m = new Map()))
    if (!m.has(id)) m.set(id, make())
    return m.get(id) as T
  }

  /** The object of `key` for `id` if one was made. */
  find<T>(key: SharedKey<T>, id: string): T | undefined {
    return this.byKey.get(key)?.get(id) as T | undefined
  }
}
