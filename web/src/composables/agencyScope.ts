import { computed, ref } from 'vue'

import { fetchAgencies, type Agency } from '@/api/public'
import { useSession } from '@/api/session'
import { hasRole } from '@/access'

// Which agency's records a workbench page shows. Staff work with their own agency; a supervisor
// (监督人员, 司法局) reads every agency's and picks one. The choice lasts for the page load.
const picked = ref<number>()
const agencies = ref<Agency[]>([])
let loading: Promise<void> | undefined

export function useAgencyScope() {
  const session = useSession()
  const canPick = computed(() => hasRole(session.state.user, 'supervisor'))
  const agencyId = computed<number>({
    get: () => picked.value ?? session.state.user?.agencyId ?? 0,
    set: (id) => {
      picked.value = id
    },
  })

  // The agencies a supervisor can pick from; staff need none.
  function loadAgencies(): Promise<void> {
    if (!canPick.value || agencies.value.length) return Promise.resolve()
    loading ??= fetchAgencies()
      .then((list) => {
        agencies.value = list.items
      })
      .catch(() => {
        agencies.value = []
      })
      .finally(() => {
        loading = undefined
      })
    return loading
  }

  return { agencyId, agencies, canPick, loadAgencies }
}
