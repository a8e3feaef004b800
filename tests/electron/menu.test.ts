// Tests the native menu template: the five menus, commands with their shortcuts shown but left to
// the renderer's keymap, recent files, and the macOS application menu.
import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate, type MenuContext } from '../../electron/menu'

const ctx = (over: Partial<MenuContext> = {}): MenuContext => ({
  send: vi.fn(), openRecent: vi.fn(), recent: [], platform: 'linux', appName: 'IOV Lab', devTools: false, ...over
})
const items = (menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] => menu.submenu as MenuItemConstructorOptions[]
const find = (template: MenuItemConstructorOptions[], top: string, label: string) =>
  items(template.find((m) => m.label === top) as MenuItemConstructorOptions).find((i) => i.label === label)

describe('menuTemplate', () => {
  it('has File, Edit, View, Run and Help', () => {
    expect(menuTemplate(ctx()).map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Run', 'help'])
  })

  it('shows the shortcuts of frequent commands and lets the renderer handle the keys', () => {
    const t = menuTemplate(ctx())
    const expected: [string, string, string][] = [
      ['File', 'New', 'CmdOrCtrl+N'], ['File', 'Open…', 'CmdOrCtrl+O'], ['File', 'Save', 'CmdOrCtrl+S'],
      ['File', 'Save As…', 'CmdOrCtrl+Shift+S'], ['Edit', 'Undo', 'CmdOrCtrl+Z'], ['Edit', 'Redo', 'Ctrl+Y'],
      ['Edit', 'Delete', 'Delete'], ['View', 'Fit View', 'F'], ['View', 'Automatic Layout', 'L'], ['Run', 'Run', 'F5'], ['Run', 'Stop', 'Shift+F5']
    ]
    for (const [top, label, accelerator] of expected) {
      expect(find(t, top, label), `${top} › ${label}`).toMatchObject({ accelerator, registerAccelerator: false })
    }
  })

  it('sends command ids the renderer knows', () => {
    const c = ctx()
    const t = menuTemplate(c)
    find(t, 'File', 'Save As…')?.click?.({} as never, undefined, {} as never)
    find(t, 'View', 'Automatic Layout')?.click?.({} as never, undefined, {} as never)
    expect(c.send).toHaveBeenNthCalledWith(1, 'save-as')
    expect(c.send).toHaveBeenNthCalledWith(2, 'auto-layout')
  })

  it('offers DevTools only when not packaged', () => {
    const roles = (devTools: boolean) => items(menuTemplate(ctx({ devTools })).find((m) => m.label === 'View') as MenuItemConstructorOptions).map((i) => i.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('lists recent files under File › Open Recent', () => {
    const c = ctx({ recent: ['/a.iovlab.json', '/b.iovlab.json'] })
    const recent = items(find(menuTemplate(c), 'File', 'Open Recent') as MenuItemConstructorOptions)
    expect(recent.map((r) => r.label)).toEqual(['/a.iovlab.json', '/b.iovlab.json'])
    recent[1].click?.({} as never, undefined, {} as never)
    expect(c.openRecent).toHaveBeenCalledWith('/b.iovlab.json')
    expect(items(find(menuTemplate(ctx()), 'File', 'Open Recent') as MenuItemConstructorOptions)[0]).toMatchObject({ enabled: false })
  })

  it('uses the copy/cut/paste roles (the page handles the events) and, on macOS, an app menu and Cmd+Shift+Z', () => {
    const edit = items(menuTemplate(ctx()).find((m) => m.label === 'Edit') as MenuItemConstructorOptions).map((i) => i.role).filter(Boolean)
    expect(edit).toEqual(['cut', 'copy', 'paste'])
    const mac = menuTemplate(ctx({ platform: 'darwin' }))
    expect(mac[0].role).toBe('appMenu')
    expect(find(mac, 'Edit', 'Redo')?.accelerator).toBe('Cmd+Shift+Z')
  })
})
