// Loading a scorecard with what its page needs besides the card: the end of the appeal window (from
// the card when the server sends it, else from its cycle), and a clock that moves so the appeal
// button closes when the window does.

import { onBeforeUnmount, onMounted, ref } from 'vue'
import { ApiError, errorText, serverNow } from '../../api'
import { reviewsApi, type Scorecard } from './api'

export function useScorecard() {
  const card = ref<Scorecard | null>(null)
  const appealUntil = ref<string | null>(null)
  const loading = ref(false)
  const failure = ref('')
  /** Set when the server answered 404: no scorecard (for that month). */
  const missing = ref(false)

  async function load(fetch: () => Promise<Scorecard>): Promise<void> {
    failure.value = ''
    missing.value = false
    loading.value = true
    try {
      const answer = await fetch()
      card.value = answer
      if (answer.appeal_until !== undefined) {
        appealUntil.value = answer.appeal_until
      } else if (answer.state !== 'draft') {
        appealUntil.value = await reviewsApi
          .cycle(answer.cycle_id, { silent: true })
          .then((c) => c.appeal_until)
          .catch(() => null)
      } else {
        appealUntil.value = null
      }
    } catch (err) {
      card.value = null
      appealUntil.value = null
      if (err instanceof ApiError && err.status === 404) missing.value = true
      else failure.value = errorText(err)
    } finally {
      loading.value = false
    }
  }

  return { card, appealUntil, loading, failure, missing, load }
}

/** The server's time, ticking every 30 seconds. */
export function useNow() {
  const now = ref(serverNow())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = serverNow()), 30_000)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
