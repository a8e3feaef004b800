#!/usr/bin/env node
// The iovlab command: runs the bundled CLI, rebuilding it first when core/ is newer
// than the bundle (a source checkout) so `npx iovlab` never runs stale code.
'use strict'
const { existsSync, readdirSync, statSync } = require('node:fs')
const { join, resolve } = require('node:path')
const { execFileSync } = require('node:child_process')

const root = resolve(__dirname, '..')
const bundle = join(root, 'out', 'cli', 'iovlab.cjs')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    const m = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs
    if (m > newest) newest = m
  }
  return newest
}

function stale() {
  if (!existsSync(bundle)) return true
  const core = join(root, 'core')
  return existsSync(core) && newestMtime(core) > statSync(bundle).mtimeMs
}

if (stale()) {
  const builder = join(root, 'build', 'build-cli.mjs')
  if (!existsSync(builder)) {
    process.stderr.write('iovlab: the CLI bundle is missing and cannot be built here; run `npm run build`.\n')
    process.exit(2)
  }
  try {
    execFileSync(process.execPath, [builder], { stdio: ['ignore', 'ignore', 'inherit'] })
  } catch {
    process.stderr.write('iovlab: building the CLI failed (see above); run `npm run build:cli` for details.\n')
    process.exit(2)
  }
}
require(bundle).cli()
