// Workbench UI state that is not part of the project: notices (toasts), the colour theme, snapping
// to the grid, and the one modal path prompt the browser host uses in place of native file dialogs.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { setPathAsker } from '../host'
import type { FileChoice } from '../host/types'

export type NoticeKind = 'info' | 'success' | 'warning' | 'error'
export interface Notice { id: number; kind: NoticeKind; message: string }
export type Theme = 'light' | 'dark'

export interface PathPrompt {
  mode: 'open' | 'save'
  title: string
  suggested: string
  resolve: (answer: PathAnswer) => void
}
/** A question the workbench asks in its own dialog (never window.confirm, which blocks and cannot list). */
export interface Confirmation {
  title: string
  message: string
  /** Lines listed under the message (what goes, what breaks). */
  details?: readonly string[]
  confirmLabel: string
  cancelLabel?: string
  danger?: boolean
  resolve: (yes: boolean) => void
}

/** A path on the server, an uploaded file's text, or nothing (cancelled). */
export type PathAnswer = FileChoice

const THEME_KEY = 'iovlab:theme'
const NOTICE_MS = 5000
const MARK_MS = 2500

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY)
    if (saved === 'light' || saved === 'dark') return saved
  } catch {
    // storage may be unavailable (privacy mode): fall through to the system preference
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export const useUiStore = defineStore('ui', () => {
  const notices = ref<Notice[]>([])
  const theme = ref<Theme>(initialTheme())
  const snapToGrid = ref(true)
  const prompt = shallowRef<PathPrompt | null>(null)
  const confirmation = shallowRef<Confirmation | null>(null)
  /** The element a clicked problem points to: the canvas brings it into view and marks it for a moment. */
  const marked = shallowRef<{ id: string; seq: number } | null>(null)
  let markSeq = 0
  let markTimer: ReturnType<typeof setTimeout> | undefined
  let nextNotice = 1

  function notify(message: string, kind: NoticeKind = 'info'): void {
    const id = nextNotice++
    notices.value = [...notices.value.slice(-3), { id, kind, message }]
    setTimeout(() => dismiss(id), kind === 'error' ? NOTICE_MS * 2 : NOTICE_MS)
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id)
  }

  function applyTheme(): void {
    document.documentElement.dataset.theme = theme.value
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
    try {
      localStorage.setItem(THEME_KEY, theme.value)
    } catch {
      // not remembered; still applied
    }
    applyTheme()
  }

  /** Asks for a path (or an upload) in the workbench's own dialog; resolves null when cancelled. */
  function askPath(mode: PathPrompt['mode'], title: string, suggested = ''): Promise<PathAnswer> {
    prompt.value?.resolve(null)
    return new Promise((resolve) => {
      prompt.value = { mode, title, suggested, resolve: (answer) => { prompt.value = null; resolve(answer) } }
    })
  }

  /** Asks a yes/no question in the workbench's own dialog; a newer question cancels an open one. */
  function confirm(question: Omit<Confirmation, 'resolve'>): Promise<boolean> {
    confirmation.value?.resolve(false)
    return new Promise((resolve) => {
      confirmation.value = { ...question, resolve: (yes) => { confirmation.value = null; resolve(yes) } }
    })
  }

  function mark(id: string): void {
    clearTimeout(markTimer)
    marked.value = { id, seq: ++markSeq }
    markTimer = setTimeout(() => { marked.value = null }, MARK_MS)
  }

  // the browser host asks for paths with this store's prompt (the host itself imports no store)
  setPathAsker(askPath)

  return { notices, theme, snapToGrid, prompt, confirmation, marked, notify, dismiss, applyTheme, toggleTheme, askPath, confirm, mark }
})
