// The drag-and-drop format between the palette and the canvas: the component kind as a custom MIME type.
export const PALETTE_MIME = 'application/x-iovlab-kind'
