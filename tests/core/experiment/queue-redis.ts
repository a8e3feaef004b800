// Test support for the queue tests: a private redis-server on a free loopback port, without
// persistence, in a temporary folder, stopped after the tests. Without redis-server installed the
// queue tests skip with a plain message — except under CI, where they fail instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

export const REDIS_SERVER = 'redis-server'

/** Whether redis-server can be started here. */
export function haveRedis(): boolean {
  return spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).status === 0
}

/** The skip message, or throws under CI (the queue tests must run there). */
export function redisMissing(): string | undefined {
  if (haveRedis()) return undefined
  if (process.env.CI) throw new Error('redis-server is not installed, and CI must run the queue tests (.ci/run installs Debian\'s redis-server)')
  return 'redis-server is not installed (apt-get install redis-server): the queue tests are skipped'
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface TestRedis {
  readonly url: string
  readonly port: number
  readonly client: Redis
  stop(): Promise<void>
}

/** Starts a redis-server and waits until it answers. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'iovlab-redis-'))
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => undefined)
    let up = false
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      try {
        await client.connect()
        await client.ping()
        up = true
        break
      } catch {
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    if (up) {
      // Never left behind, even when a hook times out before stop() is called.
      const orphan = (): void => { child.kill('SIGKILL') }
      process.once('exit', orphan)
      const stop = async (): Promise<void> => {
        client.disconnect()
        process.off('exit', orphan)
        child.kill('SIGKILL')
        await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(undefined)))
        rmSync(dir, { recursive: true, force: true })
      }
      // A client with reconnection for the tests' own reads.
      client.disconnect()
      const live = new Redis({ host: '127.0.0.1', port })
      live.on('error', () => undefined)
      return { url: `redis://127.0.0.1:${port}`, port, client: live, stop: async () => { live.disconnect(); await stop() } }
    }
    child.kill('SIGKILL')
    client.disconnect()
    if (attempt >= 3) throw new Error(`redis-server did not start on 127.0.0.1:${port}`)
  }
}
