// Starts the real `iovlab serve --port 0` for the e2e tests and stops it again; the URL comes from
// its "Listening on http://127.0.0.1:PORT" line.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

/**
 * @param {string} root the repository root (bin/iovlab.cjs, out/renderer)
 * @returns {Promise<{ url: string, output: () => string, close: () => Promise<void> }>}
 */
export async function startServe(root, { timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, [join(root, 'bin', 'iovlab.cjs'), 'serve', '--port', '0'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' }
  })
  let log = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`iovlab serve did not start within ${timeoutMs / 1000} s:\n${log}`)), timeoutMs)
    const onData = (chunk) => {
      log += chunk
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk) => { log += chunk })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`iovlab serve exited with ${code}:\n${log}`))
    })
  })
  return {
    url,
    output: () => log,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGINT')
      setTimeout(() => child.kill('SIGKILL'), 5000).unref()
    })
  }
}
