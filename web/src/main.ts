import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { setUnauthorizedHandler } from './api'
import { useSession } from './composables/session'

// A 401 on any call means the session is gone: forget it and go to the login page.
setUnauthorizedHandler(() => {
  useSession().clear()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: current.fullPath } })
  }
})

createApp(App).use(i18n).use(router).mount('#app')
