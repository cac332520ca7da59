import { ref, shallowRef, watch, type Ref } from 'vue'

import { errorMessage } from '@/api/client'
import { useAgencyScope } from './agencyScope'

// A list that belongs to the agency the page shows (see ./agencyScope): fetched when the page opens
// and again whenever a supervisor picks another agency. A failed fetch empties the list and keeps
// the server's message in `error`.
export function useAgencyList<R extends { items: unknown[] }>(fetch: (agencyId: number) => Promise<R>) {
  const { agencyId } = useAgencyScope()
  const items = ref([]) as Ref<R['items']>
  // The whole last answer, for pages whose list comes with more (undefined after a failure).
  const response = shallowRef<R>()
  const loading = ref(false)
  const error = ref<string>()

  async function reload() {
    if (!agencyId.value) return
    loading.value = true
    error.value = undefined
    try {
      const answer = await fetch(agencyId.value)
      items.value = answer.items
      response.value = answer
    } catch (e) {
      items.value = []
      response.value = undefined
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  watch(agencyId, reload, { immediate: true })

  return { agencyId, items, response, loading, error, reload }
}
