// A Redis queue's URL, read or refused in one line: pure, so the workbench checks what is typed
// with the same rules as the CLI and the hosts.

/** A parsed queue URL: redis://[user:password@]host:port[/db], or rediss:// for TLS. */
export interface QueueUrl {
  /** The URL as shown in messages: without the password. */
  readonly display: string
  readonly host: string
  readonly port: number
  readonly db: number
  readonly tls: boolean
  readonly username?: string
  readonly password?: string
}

export type QueueUrlResult = { ok: true; url: QueueUrl } | { ok: false; message: string }

/** Reads a queue URL; a bad one gets one line saying what is wrong. */
export function parseQueueUrl(text: string): QueueUrlResult {
  const bad = (why: string): QueueUrlResult => ({ ok: false, message: `"${text.slice(0, 200)}" is not a queue URL: ${why} (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379)` })
  let u: URL
  try {
    u = new URL(text.trim())
  } catch {
    return bad('it does not parse as a URL')
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return bad(`the scheme is "${u.protocol.replace(/:$/, '')}", not redis or rediss`)
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') return bad('it names no host')
  const port = u.port === '' ? 6379 : Number(u.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return bad(`the port "${u.port}" is not 1–65535`)
  const path = u.pathname.replace(/^\//, '')
  if (path !== '' && !/^\d{1,2}$/.test(path)) return bad(`the path "/${path}" is not a database number`)
  if (u.search !== '' || u.hash !== '') return bad('it has a query or fragment, which a queue URL does not take')
  const db = path === '' ? 0 : Number(path)
  const username = u.username === '' ? undefined : decodeURIComponent(u.username)
  const password = u.password === '' ? undefined : decodeURIComponent(u.password)
  const shownHost = host.includes(':') ? `[${host}]` : host
  const display = `${u.protocol}//${username ? `${username}@` : ''}${shownHost}:${port}${db === 0 ? '' : `/${db}`}`
  return { ok: true, url: { display, host, port, db, tls: u.protocol === 'rediss:', ...(username ? { username } : {}), ...(password ? { password } : {}) } }
}
