// Tests the desktop app's allow-list of files (electron/file-access.ts): only files chosen in a dialog
// or recent files may be read or written through the API; every other path is refused with one line.
import { describe, expect, it } from 'vitest'
import { FileAccess } from '../../electron/file-access'

describe('FileAccess', () => {
  it('allows what a dialog returned and the recent files, nothing else', () => {
    let recent = ['/home/me/old.iovlab.json']
    const access = new FileAccess(() => recent, 'linux')
    access.allow('/home/me/chosen.iovlab.json')
    expect(access.mayAccess('/home/me/chosen.iovlab.json')).toBe(true)
    expect(access.mayAccess('/home/me/old.iovlab.json')).toBe(true)
    expect(access.mayAccess('/home/me/other.iovlab.json')).toBe(false)
    expect(access.mayAccess('/home/me/.ssh/id_ed25519')).toBe(false)
    recent = []
    expect(access.mayAccess('/home/me/old.iovlab.json')).toBe(false) // the list is read at each check
  })

  it('compares resolved paths, so ../ does not reach around the list, and refuses NUL bytes and empty paths', () => {
    const access = new FileAccess(() => [], 'linux')
    access.allow('/home/me/lab/a.iovlab.json')
    expect(access.mayAccess('/home/me/lab/../lab/a.iovlab.json')).toBe(true)
    expect(access.mayAccess('/home/me/lab/a.iovlab.json/../../../../etc/passwd')).toBe(false)
    expect(access.mayAccess('/home/me/lab/a.iovlab.json\0')).toBe(false)
    expect(access.mayAccess('')).toBe(false)
    expect(access.mayAccess('/home/me/LAB/a.iovlab.json')).toBe(false) // Linux: case matters
  })

  it('folds case where the file system does (Windows, macOS)', () => {
    const access = new FileAccess(() => [], 'darwin')
    access.allow('/Users/me/Lab.iovlab.json')
    expect(access.mayAccess('/users/me/lab.iovlab.json')).toBe(true)
  })

  it('refuses openProject and saveProject of other paths with one line naming $.path; other requests pass', () => {
    const access = new FileAccess(() => ['/r.iovlab.json'], 'linux')
    expect(access.refusal('openProject', { path: '/etc/shadow' })).toEqual({
      code: 'path-not-chosen', path: '$.path', message: expect.stringMatching(/^"\/etc\/shadow" was not chosen in an open or save dialog nor is it a recent file/)
    })
    expect(access.refusal('saveProject', { path: '/home/me/.bashrc', project: {} })?.code).toBe('path-not-chosen')
    expect(access.refusal('openProject', { path: '/r.iovlab.json' })).toBeNull()
    expect(access.refusal('openExample', { id: 'x' })).toBeNull()
    expect(access.refusal('openProject', { path: 42 })).toBeNull() // the contract's schema answers that
    const long = access.refusal('openProject', { path: `/${'a'.repeat(5000)}\nforged: line` })!
    expect(long.message).not.toContain('\n')
    expect(long.message.length).toBeLessThan(500)
  })
})
