import { getJson, sendJson } from './client'
import type { Role } from './session'

// Accounts, role assignments, the sign-in and permission record, and API tokens of an agency.

export interface User {
  id: number
  username: string
  displayName: string
  agencyId: number
  roles: Role[]
  disabled: boolean
  lockedUntil: string | null
  createdAt: string
}

export interface NewUser {
  username: string
  displayName: string
  password: string
  roles: string[]
}

export interface AuthEvent {
  id: number
  at: string
  kind: string
  username: string
  remote: string
  detail: string
}

export interface ApiToken {
  id: number
  name: string
  scopes: string[]
  prefix: string
  createdBy: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
}

// The secret itself is in the answer to the create request only; it is never retrievable again.
export interface CreatedToken extends ApiToken {
  token: string
}

export interface NewToken {
  name: string
  scopes: string[]
  expiresInDays?: number
}

// Choices for the role checkboxes (names as src/domain/people.cc gives them). The names shown
// next to a user come from the server.
export const roleOptions: Role[] = [
  { code: 'officer', name: '执法人员' },
  { code: 'unit_head', name: '承办机构负责人' },
  { code: 'legal_reviewer', name: '法制审核人员' },
  { code: 'leader', name: '机关负责人' },
  { code: 'publisher', name: '公示管理员' },
  { code: 'admin', name: '系统管理员' },
  { code: 'supervisor', name: '监督人员' },
]

// What an API token may do (names as src/domain/access.cc gives them). Tokens never manage users.
export const scopeOptions = [
  { code: 'agency.read', name: '查看本机关内部信息' },
  { code: 'people.manage', name: '管理执法人员' },
  { code: 'audit.read', name: '查看登录与权限记录' },
]

export function scopeName(code: string): string {
  return scopeOptions.find((s) => s.code === code)?.name ?? code
}

const eventKinds: Record<string, string> = {
  sign_in: '登录',
  sign_in_failed: '登录失败',
  sign_in_locked: '锁定期间尝试登录',
  locked: '账户锁定',
  sign_out: '退出登录',
  password_changed: '修改密码',
  account_created: '创建账户',
  account_disabled: '停用账户',
  account_enabled: '启用账户',
  roles_changed: '权限变更',
  token_created: '创建接口令牌',
  token_revoked: '吊销接口令牌',
}

export function eventKindName(kind: string): string {
  return eventKinds[kind] ?? kind
}

export function fetchUsers(agencyId: number): Promise<{ items: User[] }> {
  return getJson(`/api/v1/agencies/${agencyId}/users`)
}

export function createUser(agencyId: number, user: NewUser): Promise<User> {
  return sendJson('POST', `/api/v1/agencies/${agencyId}/users`, user)
}

export function setUserRoles(id: number, roles: string[]): Promise<User> {
  return sendJson('PUT', `/api/v1/users/${id}/roles`, { roles })
}

export function setUserDisabled(id: number, disabled: boolean): Promise<User> {
  return sendJson('PATCH', `/api/v1/users/${id}`, { disabled })
}

export function fetchAuthEvents(agencyId: number, limit = 100): Promise<{ items: AuthEvent[] }> {
  return getJson(`/api/v1/agencies/${agencyId}/auth-events?limit=${limit}`)
}

export function fetchTokens(agencyId: number): Promise<{ items: ApiToken[] }> {
  return getJson(`/api/v1/agencies/${agencyId}/tokens`)
}

export function createToken(agencyId: number, token: NewToken): Promise<CreatedToken> {
  return sendJson('POST', `/api/v1/agencies/${agencyId}/tokens`, token)
}

export function revokeToken(id: number): Promise<void> {
  return sendJson('DELETE', `/api/v1/tokens/${id}`)
}
