// Asks the browser to confirm closing or reloading the tab while a form holds unsaved changes.
// (Leaving within the app is a route guard of the form itself.)

import { onBeforeUnmount, onMounted, type Ref } from 'vue'

export function useUnloadGuard(dirty: Ref<boolean>): void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (dirty.value) event.preventDefault()
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}
