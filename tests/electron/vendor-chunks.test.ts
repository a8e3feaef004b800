// Tests the renderer's chunk split in electron.vite.config.ts: vue, echarts and vue-flow stay apart from app code.
import { describe, expect, it } from 'vitest'
import { vendorChunk } from '../../electron.vite.config'

describe('vendorChunk', () => {
  it('groups Vue with Pinia', () => {
    expect(vendorChunk('/p/node_modules/vue/dist/vue.runtime.esm-bundler.js')).toBe('vue')
    expect(vendorChunk('/p/node_modules/@vue/runtime-core/dist/runtime-core.esm-bundler.js')).toBe('vue')
    expect(vendorChunk('/p/node_modules/pinia/dist/pinia.mjs')).toBe('vue')
  })

  it('groups ECharts with zrender and vue-echarts', () => {
    expect(vendorChunk('/p/node_modules/echarts/lib/echarts.js')).toBe('echarts')
    expect(vendorChunk('/p/node_modules/zrender/lib/zrender.js')).toBe('echarts')
    expect(vendorChunk('/p/node_modules/vue-echarts/dist/index.js')).toBe('echarts')
  })

  it('groups Vue Flow with its d3 parts, not with Vue', () => {
    expect(vendorChunk('/p/node_modules/@vue-flow/core/dist/vue-flow-core.mjs')).toBe('vue-flow')
    expect(vendorChunk('/p/node_modules/d3-zoom/src/zoom.js')).toBe('vue-flow')
  })

  it('keeps elkjs (automatic layout) in a chunk of its own, loaded on first use', () => {
    expect(vendorChunk('/p/node_modules/elkjs/lib/elk.bundled.js')).toBe('elk')
  })

  it('uses the innermost node_modules and Windows separators alike', () => {
    expect(vendorChunk('C:\\p\\node_modules\\x\\node_modules\\zod\\index.js')).toBe('zod')
    expect(vendorChunk('/p/node_modules/some-lib/index.js')).toBe('vendor')
  })

  it('puts zod-setup in the zod chunk, so zod is configured before any schema exists', () => {
    expect(vendorChunk('/p/node_modules/zod/v4/classic/schemas.js')).toBe('zod')
    expect(vendorChunk('/p/renderer/src/zod-setup.ts')).toBe('zod')
    expect(vendorChunk('C:\\p\\renderer\\src\\zod-setup.ts')).toBe('zod')
  })

  it('leaves app code to the default split', () => {
    expect(vendorChunk('/p/renderer/src/App.vue')).toBeNull()
    expect(vendorChunk('/p/core/api/index.ts')).toBeNull()
  })
})
