/** Every component node's size on the canvas (editor.css, .component-node), known before it is measured. */
export const NODE_SIZE = { width: 168, height: 48 }
