import { computed, ref, watch } from 'vue'

import { getJson } from '@/api/client'
import { useSession } from '@/api/session'

// The signed-in user's own organisation: whether it supervises the others (司法局, kind
// "supervisor") or enforces (执法主体). Asked once per signed-in user.
const kinds = ref<Record<number, string>>({})
const pending = new Set<number>()

async function load(agencyId: number) {
  if (!agencyId || agencyId in kinds.value || pending.has(agencyId)) return
  pending.add(agencyId)
  try {
    const a = await getJson<{ kind?: string }>(`/api/v1/public/agencies/${agencyId}`)
    kinds.value = { ...kinds.value, [agencyId]: a.kind ?? 'enforcement' }
  } catch {
    // Unknown: the page offers nothing that needs it; the server decides anyway.
  } finally {
    pending.delete(agencyId)
  }
}

export function useOwnAgency() {
  const session = useSession()
  const agencyId = computed(() => session.state.user?.agencyId ?? 0)
  watch(agencyId, (id) => void load(id), { immediate: true })
  const supervising = computed(() => kinds.value[agencyId.value] === 'supervisor')
  return { agencyId, supervising }
}
