import './polyfills'
import 'element-plus/dist/index.css'
import './styles.css'
import { createApp } from 'vue'
import App from './App.vue'
import { createConsoleI18n } from './i18n'
import { createConsoleRouter } from './router'

createApp(App).use(createConsoleI18n()).use(createConsoleRouter()).mount('#app')
