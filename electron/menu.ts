// The native menus (File, Edit, View, Run, Help) as a template: each item sends a command id of the
// renderer's command table; accelerators are shown, and the renderer's own keymap handles the keys.
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuContext {
  /** Sends a command id to the renderer. */
  send(command: string): void
  recent: readonly string[]
  /** Opens a recent file (main asks the renderer to open it by path). */
  openRecent(path: string): void
  platform: NodeJS.Platform
  appName: string
  /** DevTools in the View menu: only when not packaged (development). */
  devTools: boolean
}

/** A menu item running a renderer command; the renderer's keymap owns the key itself. */
function command(ctx: MenuContext, label: string, id: string, accelerator?: string): MenuItemConstructorOptions {
  return { label, click: () => ctx.send(id), ...(accelerator ? { accelerator, registerAccelerator: false } : {}) }
}

function fileMenu(ctx: MenuContext): MenuItemConstructorOptions {
  const recent: MenuItemConstructorOptions[] = ctx.recent.length === 0
    ? [{ label: 'No recent files', enabled: false }]
    : ctx.recent.map((path) => ({ label: path, click: () => ctx.openRecent(path) }))
  return {
    label: 'File',
    submenu: [
      command(ctx, 'New', 'new', 'CmdOrCtrl+N'),
      command(ctx, 'Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recent },
      command(ctx, 'Open Example…', 'open-example'),
      { type: 'separator' },
      command(ctx, 'Save', 'save', 'CmdOrCtrl+S'),
      command(ctx, 'Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      ctx.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }
    ]
  }
}

function editMenu(ctx: MenuContext): MenuItemConstructorOptions {
  return {
    label: 'Edit',
    submenu: [
      command(ctx, 'Undo', 'undo', 'CmdOrCtrl+Z'),
      command(ctx, 'Redo', 'redo', ctx.platform === 'darwin' ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      // the page's copy/cut/paste events: text in fields, components on the canvas
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      command(ctx, 'Delete', 'delete', 'Delete'),
      command(ctx, 'Select All', 'select-all', 'CmdOrCtrl+A')
    ]
  }
}

function viewMenu(ctx: MenuContext): MenuItemConstructorOptions {
  return {
    label: 'View',
    submenu: [
      command(ctx, 'Zoom In', 'zoom-in', '+'),
      command(ctx, 'Zoom Out', 'zoom-out', '-'),
      command(ctx, 'Fit View', 'fit-view', 'F'),
      command(ctx, 'Automatic Layout', 'auto-layout', 'L'),
      command(ctx, 'Snap to Grid', 'toggle-snap', 'G'),
      { type: 'separator' },
      command(ctx, 'Dark Theme', 'toggle-theme', 'CmdOrCtrl+Shift+L'),
      { role: 'togglefullscreen' },
      ...(ctx.devTools ? [{ role: 'toggleDevTools' } as const] : [])
    ]
  }
}

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    fileMenu(ctx),
    editMenu(ctx),
    viewMenu(ctx),
    { label: 'Run', submenu: [command(ctx, 'Run', 'run', 'F5'), command(ctx, 'Stop', 'stop', 'Shift+F5')] },
    { role: 'help', submenu: [command(ctx, `About ${ctx.appName}`, 'about')] }
  ]
  return ctx.platform === 'darwin' ? [{ role: 'appMenu' }, ...template] : template
}
