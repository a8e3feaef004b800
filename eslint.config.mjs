// Lint: TypeScript and Vue rules plus the layer rules of STYLE.md, enforced here
// rather than remembered. Each block says which folder may not import what.
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

const uiLibs = ['electron', 'vue', 'pinia', 'echarts', 'vue-echarts', '@vue-flow/*', 'electron/*']
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }]
})
const pat = (group, message) => ({ group, message })

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.tsbuild/**', 'docs/**', 'test-results/**'] },
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
  // models -> sim only
  {
    files: ['core/models/**/*.ts'],
    rules: restrict([
      pat(['**/techniques/*', '**/workloads/*', '**/experiment/*', '**/api/*', '**/cli/*', '**/project/*', ...uiLibs],
        'core/models may import only core/sim (STYLE.md).')
    ])
  },
  // techniques and workloads -> models, sim
  {
    files: ['core/techniques/**/*.ts', 'core/workloads/**/*.ts'],
    rules: restrict([
      pat(['**/experiment/*', '**/api/*', '**/cli/*', ...uiLibs], 'techniques/workloads may import only models and sim (STYLE.md).')
    ])
  },
  // scenario wires models, techniques and workloads into one run; below experiment.
  {
    files: ['core/scenario/**/*.ts'],
    rules: restrict([pat(['**/experiment/*', '**/api/*', '**/cli/*', ...uiLibs], 'core/scenario is below experiment, api and cli.')])
  },
  // project (schema, migrations, save) -> models catalog (pure data) and sim types
  {
    files: ['core/project/**/*.ts'],
    rules: restrict([
      pat(['**/experiment/*', '**/api/*', '**/cli/*', ...uiLibs], 'core/project is below experiment, api and cli (STYLE.md).')
    ])
  },
  // experiment -> everything in core below it
  {
    files: ['core/experiment/**/*.ts'],
    rules: restrict([pat(['**/api/*', '**/cli/*', ...uiLibs], 'core/experiment is below api and cli (STYLE.md).')])
  },
  // api -> experiment, project
  {
    files: ['core/api/**/*.ts'],
    rules: restrict([pat(['**/cli/*', ...uiLibs], 'core/api knows no host: no CLI, Electron or UI (STYLE.md).')])
  },
  {
    files: ['core/cli/**/*.ts'],
    rules: restrict([pat(uiLibs, 'The CLI is a Node host: no Electron or UI libraries.')])
  },
  // The renderer reaches the core only through core/api and core/project (pure data).
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: restrict([
      pat(['**/core/sim/*', '**/core/sim', '**/core/models/*/**', '**/core/techniques/*', '**/core/workloads/*',
        '**/core/experiment/*', '**/core/cli/*', '@core/sim/*', '@core/experiment/*', '@core/cli/*', 'electron', 'node:*'],
      'The renderer reaches the core only through core/api and core/project (STYLE.md).')
    ])
  },
  // Electron's preload is a thin bridge.
  {
    files: ['electron/preload.ts'],
    rules: restrict([pat(['**/core/sim/*', '**/core/experiment/*', '**/core/models/*', 'node:*'], 'The preload exposes the typed API and nothing else.')])
  }
)
