// Wires the editor's actions to commands (keys, menus) and to the document's copy/cut/paste events.
import { onBeforeUnmount, onMounted } from 'vue'
import { KINDS } from '../../../../core/models/catalog'
import { registerCommands, type CommandHandler, type CommandId } from '../shell/commands'
import { isEditable } from '../shell/keymap'
import type { EditorActions } from './editor-actions'

const STEP = 16

export function useEditorCommands(actions: EditorActions): void {
  const adders = Object.fromEntries(KINDS.map((k) => [`add-${k}`, () => actions.addAtCentre(k)])) as Partial<Record<CommandId, CommandHandler>>
  registerCommands({
    ...adders,
    delete: actions.deleteSelection,
    'select-all': actions.selectAll,
    'clear-selection': () => actions.selectNodes([]),
    'connect-selection': actions.connectSelection,
    'nudge-left': () => actions.nudge(-STEP, 0),
    'nudge-right': () => actions.nudge(STEP, 0),
    'nudge-up': () => actions.nudge(0, -STEP),
    'nudge-down': () => actions.nudge(0, STEP)
  })

  /** Clipboard keys act on the canvas unless a field has the focus or text outside the canvas is selected. */
  const ours = (): boolean => {
    if (isEditable(document.activeElement)) return false
    const text = window.getSelection()
    return !text || text.isCollapsed || (document.querySelector('.topology')?.contains(text.anchorNode) ?? false)
  }
  const onCopy = (event: ClipboardEvent): void => {
    if (!ours() || !actions.copy()) return
    event.clipboardData?.setData('text/plain', actions.clipboardText())
    event.preventDefault()
  }
  const onCut = (event: ClipboardEvent): void => {
    if (!ours()) return
    onCopy(event)
    if (event.defaultPrevented) actions.deleteSelection()
  }
  const onPaste = (event: ClipboardEvent): void => {
    if (!ours()) return
    event.preventDefault()
    actions.paste(event.clipboardData?.getData('text/plain') ?? undefined)
  }
  onMounted(() => {
    document.addEventListener('copy', onCopy)
    document.addEventListener('cut', onCut)
    document.addEventListener('paste', onPaste)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('copy', onCopy)
    document.removeEventListener('cut', onCut)
    document.removeEventListener('paste', onPaste)
  })
}
