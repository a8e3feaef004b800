// Listens for key presses on the window and runs the command the keymap names.
import { onBeforeUnmount, onMounted } from 'vue'
import { runCommand } from './commands'
import { isEditable, matchShortcut } from './keymap'

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

export function useShortcuts(): void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return
    const command = matchShortcut(event, { mac: isMac(), editing: isEditable(document.activeElement) })
    if (command && runCommand(command)) event.preventDefault()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
