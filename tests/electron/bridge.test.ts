// Tests the preload bridge and the shared channel table: one exposed object with the typed API,
// file choosing and menu commands; every API request forwarded on one validated channel.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { REQUEST_NAMES } from '../../core/api/contract'
import { API_CHANNEL, API_REQUESTS, CHOOSE_SAVE_CHANNEL, COMMAND_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels'
import { recentPathOf } from '../../electron/ipc'
import { MAX_RECENT, RecentFiles } from '../../electron/recent-files'

type Listener = (event: unknown, ...args: unknown[]) => void

const fake = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {}
  const listeners: Record<string, Listener[]> = {}
  const ipcRenderer = {
    invoke: vi.fn(async (...args: unknown[]) => args),
    on: (channel: string, fn: Listener) => { (listeners[channel] ??= []).push(fn) },
    removeListener: (channel: string, fn: Listener) => { listeners[channel] = (listeners[channel] ?? []).filter((f) => f !== fn) }
  }
  const electron = { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value } }, ipcRenderer }
  return { exposed, listeners, ipcRenderer, electron }
})
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }))

interface Bridge {
  api: Record<string, (params?: unknown) => Promise<unknown>> & { subscribe(fn: (e: unknown) => void): () => void }
  files: { chooseSave(name: string): Promise<unknown> }
  onCommand(fn: (command: string, arg?: string) => void): () => void
}

beforeAll(async () => {
  await import('../../electron/preload')
})

describe('electron/preload.ts', () => {
  it('exposes window.workbench and nothing else', () => {
    expect(Object.keys(fake.exposed)).toEqual(['workbench'])
    const bridge = fake.exposed.workbench as Bridge
    expect(Object.keys(bridge).sort()).toEqual(['api', 'files', 'onCommand'])
    expect(Object.keys(bridge.api).sort()).toEqual([...REQUEST_NAMES, 'subscribe'].sort())
  })

  it('forwards each request on the API channel with its name and parameters', async () => {
    const bridge = fake.exposed.workbench as Bridge
    await bridge.api.openProject({ path: '/p.json' })
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(API_CHANNEL, 'openProject', { path: '/p.json' })
    await bridge.files.chooseSave('a.iovlab.json')
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(CHOOSE_SAVE_CHANNEL, 'a.iovlab.json')
  })

  it('delivers events and menu commands until unsubscribed', () => {
    const bridge = fake.exposed.workbench as Bridge
    const events: unknown[] = []
    const commands: unknown[][] = []
    const stopEvents = bridge.api.subscribe((e) => events.push(e))
    const stopCommands = bridge.onCommand((c, arg) => commands.push([c, arg]))
    fake.listeners[EVENT_CHANNEL].forEach((l) => l({}, { type: 'run-done' }))
    fake.listeners[COMMAND_CHANNEL].forEach((l) => l({}, 'open-recent', '/x.json'))
    stopEvents()
    stopCommands()
    expect(fake.listeners[EVENT_CHANNEL]).toHaveLength(0)
    expect(events).toEqual([{ type: 'run-done' }])
    expect(commands).toEqual([['open-recent', '/x.json']])
  })
})

describe('electron/ipc-channels.ts', () => {
  it('lists exactly the requests of the core/api contract', () => {
    expect([...API_REQUESTS].sort()).toEqual([...REQUEST_NAMES].sort())
  })
})

describe('recentPathOf', () => {
  it('is the path of a successful open or save, nothing else', () => {
    expect(recentPathOf('openProject', { path: '/a' }, { ok: true, value: {} })).toBe('/a')
    expect(recentPathOf('saveProject', { path: '/b' }, { ok: true, value: {} })).toBe('/b')
    expect(recentPathOf('openProject', { path: '/a' }, { ok: false, errors: [] })).toBeUndefined()
    expect(recentPathOf('openExample', { id: 'x' }, { ok: true, value: {} })).toBeUndefined()
  })
})

describe('RecentFiles', () => {
  it('keeps the newest first, without duplicates, at most ten, across restarts', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iovlab-recent-')), 'sub', 'recent.json')
    const recent = new RecentFiles(file)
    for (let i = 0; i < 12; i++) recent.add(`/p${i}.json`)
    expect(recent.add('/p11.json')).toBe(false)
    recent.add('/p5.json')
    expect(recent.get()[0]).toBe('/p5.json')
    expect(recent.get()).toHaveLength(MAX_RECENT)
    expect(new Set(recent.get()).size).toBe(MAX_RECENT)
    expect(new RecentFiles(file).get()).toEqual(recent.get())
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(recent.get())
  })

  it('starts empty from a missing or corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-recent-'))
    expect(new RecentFiles(join(dir, 'none.json')).get()).toEqual([])
    writeFileSync(join(dir, 'bad.json'), '{not json')
    expect(new RecentFiles(join(dir, 'bad.json')).get()).toEqual([])
  })
})
