// Tests the keyboard shortcuts: Ctrl (⌘ on a Mac) combinations, single keys only outside text
// fields, file commands everywhere, and the command table they run.
import { describe, expect, it, vi } from 'vitest'
import { hasCommand, registerCommands, runCommand } from '../../renderer/src/features/shell/commands'
import { isEditable, KEYMAP, keyText, matchShortcut } from '../../renderer/src/features/shell/keymap'

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) =>
  ({ key: k, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt })
const linux = { mac: false, editing: false }

describe('keymap', () => {
  it('maps the frequent edits', () => {
    expect(matchShortcut(key('z', { ctrl: true }), linux)).toBe('undo')
    expect(matchShortcut(key('Z', { ctrl: true, shift: true }), linux)).toBe('redo')
    expect(matchShortcut(key('y', { ctrl: true }), linux)).toBe('redo')
    expect(matchShortcut(key('s', { ctrl: true }), linux)).toBe('save')
    expect(matchShortcut(key('S', { ctrl: true, shift: true }), linux)).toBe('save-as')
    expect(matchShortcut(key('Delete'), linux)).toBe('delete')
    expect(matchShortcut(key('Backspace'), linux)).toBe('delete')
    expect(matchShortcut(key('+', { shift: true }), linux)).toBe('zoom-in')
    expect(matchShortcut(key('1'), linux)).toBe('add-host')
    expect(matchShortcut(key('c'), linux)).toBe('connect-selection')
    expect(matchShortcut(key('ArrowLeft'), linux)).toBe('nudge-left')
  })

  it('uses ⌘ on a Mac and Ctrl elsewhere', () => {
    expect(matchShortcut(key('z', { meta: true }), { mac: true, editing: false })).toBe('undo')
    expect(matchShortcut(key('z', { ctrl: true }), { mac: true, editing: false })).toBeNull()
    expect(keyText(key('z', { meta: true }), false)).toBe('Z')
  })

  it('leaves keys to a text field that has the focus, except the file commands', () => {
    const editing = { mac: false, editing: true }
    expect(matchShortcut(key('Backspace'), editing)).toBeNull()
    expect(matchShortcut(key('z', { ctrl: true }), editing)).toBeNull()
    expect(matchShortcut(key('1'), editing)).toBeNull()
    expect(matchShortcut(key('s', { ctrl: true }), editing)).toBe('save')
    expect(matchShortcut(key('o', { ctrl: true }), editing)).toBe('open')
  })

  it('has no key bound twice', () => {
    const keys = KEYMAP.map((s) => s.keys)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('knows which elements take text', () => {
    const input = document.createElement('input')
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' })
    expect([isEditable(input), isEditable(checkbox), isEditable(document.createElement('select')), isEditable(document.createElement('button')), isEditable(null)])
      .toEqual([true, false, true, false, false])
  })
})

describe('commands', () => {
  it('runs what is registered, until it is unregistered', () => {
    const fn = vi.fn()
    const stop = registerCommands({ 'fit-view': fn })
    expect(runCommand('fit-view')).toBe(true)
    stop()
    expect([hasCommand('fit-view'), runCommand('fit-view')]).toEqual([false, false])
    expect(fn).toHaveBeenCalledOnce()
  })
})
