// The renderer entry: configures zod before anything else can create a schema, then mounts the Vue app with Pinia.
import './zod-setup'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'

createApp(App).use(createPinia()).mount('#app')
