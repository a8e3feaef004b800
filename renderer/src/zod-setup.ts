// Zod's global configuration: no `new Function` probe under our CSP (STACK pitfall 2). Imported first by the entry,
// and bundled into the zod chunk (electron.vite.config.ts), so it runs before any other code can build a schema.
import { z } from 'zod'

z.config({ jitless: true })
