// Checks build/electron-builder.yml offline with electron-builder's own loader and schema (packaging itself needs the network).
import { resolve } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const load = () => getConfig(root, resolve(root, 'build/electron-builder.yml'), null)

describe('build/electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('would be rejected if it had an unknown key (the check has teeth)', async () => {
    const config = { ...(await load()), bogusKey: true } as Parameters<typeof validateConfiguration>[0]
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/bogusKey|unknown property/)
  })

  it('names the app and ships only the built output', async () => {
    const config = await load()
    expect(config.appId).toBe('dev.iovlab.workbench')
    expect(config.productName).toBe('IOV Lab')
    // the loader normalises `files` into file sets: [{ filter: [...] }]
    const patterns = [config.files].flat(2).flatMap((f) => (typeof f === 'string' ? [f] : [f?.filter ?? []].flat()))
    expect(patterns).toEqual(['out/**/*', 'package.json'])
  })

  it('flips the Electron fuses of the security checklist in the packaged binary', async () => {
    const config = await load()
    expect(config.asar).toBe(true) // the ASAR fuses need an app.asar
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('targets AppImage and deb, dmg, and nsis', async () => {
    const config = await load()
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('points every platform at a 512×512 PNG icon that exists', async () => {
    const config = await load()
    for (const platform of [config.linux, config.mac, config.win]) {
      const icon = resolve(root, String(platform?.icon))
      expect(existsSync(icon), icon).toBe(true)
      const png = readFileSync(icon)
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
    }
  })
})
