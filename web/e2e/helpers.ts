import { expect, request, type APIRequestContext, type Page } from '@playwright/test'

// Demo accounts exist on a server started with `--demo-if-empty true` (as scripts/e2e.sh does).
export const demoPassword = 'Demo-2026-sx'

// Signs in through the sign-in page and waits for the workbench. With `path`, starts from that
// workbench page, which sends a signed-out visitor to /login and back after signing in.
export async function signIn(page: Page, username = 'demo.admin', password = demoPassword, path = '/work') {
  await page.goto(path)
  await expect(page).toHaveURL(/\/login\?redirect=/)
  const form = page.getByRole('form', { name: '工作台登录' })
  await form.getByLabel('用户名').fill(username)
  await form.getByLabel('密码').fill(password)
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('workbench-shell')).toBeVisible()
}

// A suffix that no other run (or test in this run) uses, for names, usernames and certificate
// numbers: upper-case letters and digits.
export function unique(): string {
  return (Date.now().toString(36) + Math.random().toString(36).slice(2, 6)).toUpperCase()
}

// 执法证号 for a test: 4–32 upper-case letters, digits or hyphens (IsCertificateNumber).
export function certNumber(): string {
  return `E2E-${unique()}`
}

export interface TestOfficer {
  name: string
  certNumber: string
  issuedOn?: string
  expiresOn?: string
  status?: '有效' | '暂扣' | '注销'
}

// Registers an officer in the signed-in user's agency through the API (as the page would),
// for tests about something else than the new-officer form. Returns the created record.
export async function createOfficerViaApi(page: Page, officer: TestOfficer): Promise<{ id: number }> {
  const session = await page.request.get('/api/v1/session')
  expect(session.ok()).toBeTruthy()
  const { user, csrfToken } = (await session.json()) as { user: { agencyId: number }; csrfToken: string }
  const response = await page.request.post(`/api/v1/agencies/${user.agencyId}/officers`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: {
      name: officer.name,
      title: '科员',
      certNumber: officer.certNumber,
      issuer: '郑州市人民政府',
      issuedOn: officer.issuedOn ?? '2025-01-01',
      expiresOn: officer.expiresOn ?? '2029-12-31',
      status: officer.status ?? '有效',
      category: '住房公积金行政执法',
      area: '郑州市',
    },
  })
  expect(response.status(), await response.text()).toBe(201)
  return (await response.json()) as { id: number }
}

// Creates an account in the signed-in admin's agency through the API. Returns its username.
export async function createUserViaApi(page: Page, roles: string[] = ['officer']): Promise<string> {
  const session = await page.request.get('/api/v1/session')
  expect(session.ok()).toBeTruthy()
  const { user, csrfToken } = (await session.json()) as { user: { agencyId: number }; csrfToken: string }
  const username = `e2e.${unique().toLowerCase()}`
  const response = await page.request.post(`/api/v1/agencies/${user.agencyId}/users`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { username, displayName: '测试用户', password: 'E2e-Sanxiang-2026', roles },
  })
  expect(response.status(), await response.text()).toBe(201)
  return username
}

// Signs out whoever is signed in (by dropping the session cookie) and signs in as `username`,
// starting from the workbench page `path`.
export async function switchUser(page: Page, username: string, path = '/work') {
  await page.context().clearCookies()
  await signIn(page, username, demoPassword, path)
}

// The signed-in session's CSRF token, for requests a test sends through the API.
export async function csrfToken(page: Page): Promise<string> {
  const session = await page.request.get('/api/v1/session')
  expect(session.ok()).toBeTruthy()
  return ((await session.json()) as { csrfToken: string }).csrfToken
}

// 统一社会信用代码 (GB 32100-2015) with its check character, unique to this run.
export function creditCode(): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let body = '91410100'
  while (body.length < 17) body += chars[Math.floor(Math.random() * chars.length)]
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0)
  return body + chars[(31 - (sum % 31)) % 31]
}

// Another person's session through the API (their own cookie jar and CSRF token), for the steps
// other people take while the page is one user's.
export interface Session {
  api: APIRequestContext
  csrf: string
}

export async function apiSignIn(baseURL: string, username: string): Promise<Session> {
  const api = await request.newContext({ baseURL })
  const response = await api.post('/api/v1/session', { data: { username, password: demoPassword } })
  expect(response.status(), await response.text()).toBe(200)
  const { csrfToken: csrf } = (await response.json()) as { csrfToken: string }
  return { api, csrf }
}
