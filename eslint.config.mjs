// Lint: TypeScript and Vue rules plus the layer rules of STYLE.md, enforced here
// rather than remembered. Each block says which folder may not import what. A file gets one
// no-restricted-imports setting (the last block that matches it wins), so every block lists all of
// its folder's restrictions. tests/lint/ holds files that must fail these rules and the test that
// checks they do (they are ignored by `npm run lint`).
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

const uiLibs = ['electron', 'vue', 'pinia', 'echarts', 'vue-echarts', '@vue-flow/*', 'electron/*']
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }]
})
const pat = (group, message) => ({ group, message })
/** A core folder as an import target, however reached: `../project`, `../../project/schema`, `@core/project/…`. */
const layers = (...names) => names.flatMap((n) => [`**/${n}`, `**/${n}/*`, `**/${n}/**`])

// The renderer reaches the core only through these pure modules: the API's contract (types and zod
// schemas) and its results-CSV writer; the project format (schema, validation, units — what the
// editor and the validation worker need); and the catalog (parameter specs as data, which palette,
// inspector and experiment designer read synchronously). The simulator (sim, the models'
// mechanisms, techniques, workloads, scenario), experiment, cli and the Node side of the API are
// reached through the host's API, never imported. The storage kinds and a virtual disk's parameters
// (issue 11) are catalog data too: the editor's connect rules and the inspector's Virtual disk section.
const RENDERER_CORE = ['api/contract', 'api/results-csv', 'api/results-freshness', 'project', 'project/index', 'models/catalog', 'models/workload-kinds', 'models/catalog-types',
  'models/storage/storage-kinds', 'models/storage/vdisk/params']
const rendererCore = {
  regex: `^(?:(?:\\.\\./)+core|@core)(?:/(?!(?:${RENDERER_CORE.join('|')})$)|$)`,
  message: 'The renderer reaches the core only through core/api/contract, core/api/results-csv, core/api/results-freshness, core/project and core/models/catalog, core/models/workload-kinds and the storage catalog data (storage-kinds, vdisk/params) (pure data; eslint.config.mjs); the simulator runs behind the host API.'
}
const rendererHost = pat(['electron', 'electron/*', 'node:*'], 'The renderer runs in a sandboxed page: no Electron or Node modules (the host API is its way out).')
/** Renderer folders (relative `../x` or `@renderer/x`) as import targets. */
const rendererFolders = (...names) => ({ regex: `^(?:(?:\\.\\./)+|@renderer/)(?:${names.join('|')})(?:/|\\.vue$|$)` })
const uiFrameworks = ['vue', 'pinia', 'echarts', 'vue-echarts', '@vue-flow/*']

// The renderer's folders have a direction: features (and App, layout) → stores → model, host,
// workers. No store imports a feature; model, host and workers import no store and no feature.
// Stores may import each other: Pinia composes setup stores by calling one from another (files asks
// project, history and ui; run hands points to results). That graph must stay acyclic, with the
// project store at its base; tests/lint/layers.test.ts checks it.
const rendererBlocks = [
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: restrict([rendererCore, rendererHost])
  },
  {
    files: ['renderer/src/stores/**/*.ts'],
    rules: restrict([rendererCore, rendererHost,
      { ...rendererFolders('features', 'layout', 'App'), message: 'A store imports no feature (features → stores → model/host): move shared logic to renderer/src/model.' }])
  },
  {
    files: ['renderer/src/model/**/*.ts'],
    rules: restrict([rendererCore, rendererHost,
      { ...rendererFolders('features', 'layout', 'App', 'stores', 'host', 'workers'), message: 'renderer/src/model is plain logic on project data: it imports no feature, store, host or worker.' },
      pat(uiFrameworks, 'renderer/src/model is plain logic: no Vue, Pinia or chart libraries.')])
  },
  {
    files: ['renderer/src/host/**/*.ts'],
    rules: restrict([rendererCore, rendererHost,
      { ...rendererFolders('features', 'layout', 'App', 'stores', 'model', 'workers'), message: 'The host adapts the API and file dialogs: it imports no store, feature or model (stores register what it needs, e.g. setPathAsker).' }])
  },
  {
    files: ['renderer/src/workers/**/*.ts'],
    rules: restrict([rendererCore, rendererHost,
      { ...rendererFolders('features', 'layout', 'App', 'stores', 'host'), message: 'A worker runs off the page: it imports no store, feature or host.' }])
  }
]

export default tseslint.config(
  // tests/lint/fixtures: files that must fail the layer rules; tests/lint/layers.test.ts lints them itself.
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.tsbuild/**', 'docs/**', 'test-results/**', 'tests/lint/fixtures/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } }
  },
  // CommonJS launchers (bin/) are plain Node scripts.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off'
    }
  },
  // core/sim is the kernel: it imports nothing else of the project.
  {
    files: ['core/sim/**/*.ts'],
    rules: restrict([
      pat(['../*', '!../sim', '!../sim/*', '@core/*', ...uiLibs], 'core/sim imports nothing else of the project (STYLE.md).'),
      pat(['node:*'], 'core/sim must run anywhere: no Node built-ins.')
    ])
  },
  // models -> sim only (and each other). The catalog is pure data; the Endpoint contract between
  // techniques and workloads lives in models/net/endpoint.ts, so neither of those imports the other.
  {
    files: ['core/models/**/*.ts'],
    rules: restrict([
      pat([...layers('techniques', 'workloads', 'scenario', 'project', 'experiment', 'api', 'cli'), ...uiLibs],
        'core/models may import only core/sim (STYLE.md).')
    ])
  },
  // techniques -> models, sim
  {
    files: ['core/techniques/**/*.ts'],
    rules: restrict([
      pat([...layers('workloads', 'scenario', 'project', 'experiment', 'api', 'cli'), ...uiLibs],
        'core/techniques may import only models and sim (STYLE.md).')
    ])
  },
  // workloads -> models, sim (an endpoint is models/net/endpoint.ts's contract, not a technique's)
  {
    files: ['core/workloads/**/*.ts'],
    rules: restrict([
      pat([...layers('techniques', 'scenario', 'project', 'experiment', 'api', 'cli'), ...uiLibs],
        'core/workloads may import only models and sim (STYLE.md).')
    ])
  },
  // scenario wires models, techniques and workloads into one run; below experiment.
  {
    files: ['core/scenario/**/*.ts'],
    rules: restrict([pat([...layers('experiment', 'api', 'cli'), ...uiLibs], 'core/scenario is below experiment, api and cli.')])
  },
  // project (schema, migrations, save) -> models catalog (pure data) and sim types
  {
    files: ['core/project/**/*.ts'],
    rules: restrict([
      pat([...layers('scenario', 'experiment', 'api', 'cli'), ...uiLibs], 'core/project is below scenario, experiment, api and cli (STYLE.md).')
    ])
  },
  // experiment -> everything in core below it
  {
    files: ['core/experiment/**/*.ts'],
    rules: restrict([pat([...layers('api', 'cli'), ...uiLibs], 'core/experiment is below api and cli (STYLE.md).')])
  },
  // api -> experiment, project
  {
    files: ['core/api/**/*.ts'],
    rules: restrict([pat([...layers('cli'), ...uiLibs], 'core/api knows no host: no CLI, Electron or UI (STYLE.md).')])
  },
  {
    files: ['core/cli/**/*.ts'],
    rules: restrict([pat(uiLibs, 'The CLI is a Node host: no Electron or UI libraries.')])
  },
  ...rendererBlocks,
  // Electron's preload is a thin bridge.
  {
    files: ['electron/preload.ts'],
    rules: restrict([pat(['**/core/sim/*', '**/core/experiment/*', '**/core/models/*', 'node:*'], 'The preload exposes the typed API and nothing else.')])
  }
)
