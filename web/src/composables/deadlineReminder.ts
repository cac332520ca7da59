import { computed, ref } from 'vue'

import { hasRole } from '@/access'
import { fetchDeadlines } from '@/api/deadlines'
import { useSession } from '@/api/session'

// The reminder in the workbench header: the signed-in user's overdue and due-soon deadlines (a
// supervisor's: every agency's). Pages that change a deadline call refresh().
const overdue = ref(0)
const dueSoon = ref(0)
const loaded = ref(false)
let running: Promise<void> | undefined

export function useDeadlineReminder() {
  const session = useSession()
  // A supervisor has no deadlines of their own; they watch the agencies'.
  const acrossAgencies = computed(() => hasRole(session.state.user, 'supervisor'))

  function refresh(): Promise<void> {
    if (!session.state.user) return Promise.resolve()
    running ??= fetchDeadlines(acrossAgencies.value ? {} : { mine: true })
      .then((list) => {
        overdue.value = list.counts.overdue
        dueSoon.value = list.counts.due_soon
        loaded.value = true
      })
      .catch(() => {
        // No reminder rather than a wrong one; the deadline page shows the error.
        loaded.value = false
      })
      .finally(() => {
        running = undefined
      })
    return running
  }

  return { overdue, dueSoon, loaded, acrossAgencies, refresh }
}
