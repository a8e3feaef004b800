// Draws the app icon (build/icons/icon.png, 512×512 RGBA) from code: a topology of three nodes on a rounded tile.
// Run `node build/icons/generate-icon.mjs` after changing it; the PNG is committed.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 512
const TILE = { inset: 24, radius: 96 }
const NODES = [
  { x: 256, y: 160, r: 58 },
  { x: 148, y: 350, r: 50 },
  { x: 364, y: 350, r: 50 }
]
const LINK_WIDTH = 14

/** Signed distance from (x, y) to the rounded tile (negative inside). */
function tileDistance(x, y) {
  const half = SIZE / 2 - TILE.inset
  const qx = Math.abs(x - SIZE / 2) - (half - TILE.radius)
  const qy = Math.abs(y - SIZE / 2) - (half - TILE.radius)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - TILE.radius
}

/** Distance from (x, y) to the segment a→b. */
function segmentDistance(x, y, a, b) {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - a.x - t * dx, y - a.y - t * dy)
}

const coverage = (distance) => Math.max(0, Math.min(1, 0.5 - distance))
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t)

function pixel(x, y) {
  const px = x + 0.5
  const py = y + 0.5
  const alpha = coverage(tileDistance(px, py))
  if (alpha === 0) return [0, 0, 0, 0]
  let color = mix([15, 59, 87], [20, 108, 148], py / SIZE) // deep teal, lighter towards the bottom
  const links = [[0, 1], [0, 2], [1, 2]].map(([a, b]) => segmentDistance(px, py, NODES[a], NODES[b]) - LINK_WIDTH / 2)
  color = mix(color, [148, 210, 235], coverage(Math.min(...links)))
  for (const [i, node] of NODES.entries()) {
    const d = Math.hypot(px - node.x, py - node.y) - node.r
    color = mix(color, [248, 250, 252], coverage(d))
    color = mix(color, i === 0 ? [245, 158, 11] : [20, 108, 148], coverage(d + node.r * 0.45))
  }
  return [...color.map(Math.round), Math.round(alpha * 255)]
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1) // each row: filter byte 0, then RGBA pixels
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4)
}
const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, deflate, no filter, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0))
])
writeFileSync(new URL('./icon.png', import.meta.url), png)
console.log(`build/icons/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`)
