// App-wide state of the shell: which engine the host runs, and whether asking for it worked.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getHost } from '../host'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

export const useAppStore = defineStore('app', () => {
  const engineVersion = ref<string | null>(null)
  const status = ref<LoadStatus>('idle')
  const error = ref<string | null>(null)

  async function loadEngineVersion(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      const r = await getHost().api.engineVersion({})
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
      engineVersion.value = r.value
      status.value = 'ready'
    } catch (cause) {
      status.value = 'error'
      error.value = `Could not reach the engine: ${cause instanceof Error ? cause.message : String(cause)}`
    }
  }

  return { engineVersion, status, error, loadEngineVersion }
})
