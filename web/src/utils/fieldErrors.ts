// Server validation errors name the field at fault with a path ("week.monday[1]",
// "targets.P2.resolution", "holidays[3]"). Forms keep the last error and show it next to the control
// whose path it names, plus a line above the form (code and message, via errorText).

import { computed, nextTick, ref } from 'vue'
import { ApiError, errorText } from '../api'

export function useFieldErrors() {
  const error = ref<ApiError | null>(null)
  const field = computed(() => error.value?.field ?? null)
  const text = computed(() => (error.value ? errorText(error.value) : ''))

  /** The error text when the server's field is `path` or lies inside it, else ''. */
  function at(path: string): string {
    const f = field.value
    if (!f) return ''
    if (f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`)) return text.value
    return ''
  }

  /** Keeps an API error for display; other errors are rethrown. */
  function capture(err: unknown): void {
    if (err instanceof ApiError) error.value = err
    else throw err
  }

  function clear(): void {
    error.value = null
  }

  /** Scrolls the first control marked wrong (else the line above the form) inside `root` into view. */
  async function reveal(root: Element | null | undefined): Promise<void> {
    await nextTick()
    const target =
      root?.querySelector('.is-error, [data-test="field-error"]') ??
      root?.querySelector('[data-test="form-error"]')
    target?.scrollIntoView({ block: 'center' })
  }

  return { error, field, text, at, capture, clear, reveal }
}
