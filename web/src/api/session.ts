import { readonly, reactive } from 'vue'

import { ApiError, getJson, sendJson, setCsrfToken } from './client'

// Staff sign-in. The session token is an HttpOnly SameSite=Strict cookie set by the server; the
// page only keeps who is signed in and the CSRF token that state-changing requests must echo.

export interface Role {
  code: string
  name: string
}

export interface SessionUser {
  id: number
  username: string
  displayName: string
  agencyId: number
  roles: Role[]
}

interface SessionBody {
  user: SessionUser
  csrfToken: string
  expiresAt?: string
}

const sessionPath = '/api/v1/session'

const state = reactive<{ user: SessionUser | null; loaded: boolean }>({ user: null, loaded: false })

let loading: Promise<SessionUser | null> | undefined

function accept(body: SessionBody): SessionUser {
  state.user = body.user
  state.loaded = true
  setCsrfToken(body.csrfToken)
  return body.user
}

function clear(): void {
  state.user = null
  state.loaded = true
  setCsrfToken(undefined)
}

// Who is signed in, asked of the server once per page load (later calls reuse the answer until
// sign-in or sign-out changes it). Not signed in, expired, or the server cannot be reached:
// signed out.
function load(): Promise<SessionUser | null> {
  if (state.loaded) return Promise.resolve(state.user)
  loading ??= getJson<SessionBody>(sessionPath)
    .then(accept)
    .catch(() => {
      clear()
      return null
    })
    .finally(() => {
      loading = undefined
    })
  return loading
}

async function signIn(username: string, password: string): Promise<SessionUser> {
  return accept(await sendJson<SessionBody>('POST', sessionPath, { username, password }))
}

// Ends the session on the server. If the server cannot be reached the session stays (its cookie
// would still be valid) and the error is thrown for the page to show; 401 means it already ended.
async function signOut(): Promise<void> {
  try {
    await sendJson('DELETE', sessionPath)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
  }
  clear()
}

// On success the server ends every session of the user, so the page is signed out too.
async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  await sendJson('POST', `${sessionPath}/password`, { oldPassword, newPassword })
  clear()
}

// Forget the session without asking the server, e.g. after a request answered 401.
function forget(): void {
  clear()
}

export function useSession() {
  return { state: readonly(state), load, signIn, signOut, changePassword, forget }
}
