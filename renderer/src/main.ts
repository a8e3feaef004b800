// The renderer entry: configures zod before anything else can create a schema, then mounts the Vue app with Pinia.
import './zod-setup'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import '@vue-flow/core/dist/style.css'
import './styles/theme.css'
import './styles/editor.css'
import App from './App.vue'

createApp(App).use(createPinia()).mount('#app')
