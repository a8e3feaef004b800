// Run and Stop from anywhere: the shell's `run`/`stop` commands (F5, Shift+F5, Electron's Run menu)
// call the run store, and Ctrl/⌘+Enter runs and Escape stops a run in progress.
import { onBeforeUnmount, onMounted } from 'vue'
import { registerCommands } from '../shell/commands'
import { isEditable } from '../shell/keymap'
import { useRunStore } from '../../stores/run'

/** Commits a field being typed in (its change event) before a run reads the project. */
function commitFocusedField(): void {
  const el = document.activeElement
  if (el instanceof HTMLElement && isEditable(el)) el.blur()
}

export function useRunShortcuts(): void {
  const run = useRunStore()
  const start = (): void => {
    commitFocusedField()
    void run.start()
  }
  registerCommands({ run: start, stop: () => run.stop() })

  const onKey = (e: KeyboardEvent): void => {
    if (e.isComposing) return
    const mod = e.ctrlKey || e.metaKey
    if (!e.defaultPrevented && mod && e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault()
      start()
    } else if (!e.defaultPrevented && e.key === 'F5') {
      // the shell's keymap runs these too when it is mounted; a run is only started or stopped once
      e.preventDefault()
      if (e.shiftKey) void run.stop()
      else start()
    } else if (e.key === 'Escape' && run.canStop && !isEditable(document.activeElement) && !document.querySelector('[aria-modal="true"]')) {
      e.preventDefault()
      void run.stop()
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
