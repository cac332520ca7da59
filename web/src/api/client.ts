// Thin fetch wrapper for the sanxiang JSON API. Errors from the server are RFC 9457
// problem+json documents whose `title` and `detail` are written for a person, in Chinese.

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  // Input errors (422) name the offending request field.
  field?: string
  // A refused CSV import lists what is wrong, row by row.
  errors?: RowError[]
}

export interface RowError {
  row: number // line in the file; the header is line 1
  field: string // column name, e.g. 执法证号; empty when about the whole row
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | undefined
  // The answer's headers, when there was one (e.g. Retry-After of a 429).
  readonly headers: Headers | undefined

  constructor(message: string, status: number, problem?: Problem, headers?: Headers) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
    this.headers = headers
  }
}

// Whole minutes to wait before trying again, from a 429's Retry-After (seconds or an HTTP date);
// undefined when the answer gave none.
export function retryAfterMinutes(e: unknown, now: number = Date.now()): number | undefined {
  if (!(e instanceof ApiError)) return undefined
  const value = e.headers?.get('Retry-After')?.trim()
  if (!value) return undefined
  let seconds: number
  if (/^\d+$/.test(value)) {
    seconds = Number(value)
  } else {
    const at = Date.parse(value)
    if (Number.isNaN(at)) return undefined
    seconds = (at - now) / 1000
  }
  return Math.max(1, Math.ceil(seconds / 60))
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('json')) return undefined
  try {
    const body: unknown = await response.json()
    return isProblem(body) ? body : undefined
  } catch {
    return undefined
  }
}

// CSRF token of the signed-in session (see ./session.ts). Every request that changes state
// sends it in X-CSRF-Token; the session itself rides in an HttpOnly cookie the page never sees.
let csrfToken: string | undefined

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

// For requests sent without fetch (an upload's chunks go through XMLHttpRequest for progress).
export function currentCsrfToken(): string | undefined {
  return csrfToken
}

function changesState(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())
}

// Sends a request; non-2xx answers throw ApiError carrying the server's problem document.
async function send(path: string, init: RequestInit, accept: string): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase()
  const headers = new Headers(init.headers)
  if (!headers.has('Accept')) headers.set('Accept', accept)
  if (csrfToken && changesState(method) && !headers.has('X-CSRF-Token')) {
    headers.set('X-CSRF-Token', csrfToken)
  }
  let response: Response
  try {
    response = await fetch(path, { ...init, method, headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError('无法连接服务器，请检查网络后重试。', 0)
  }
  if (!response.ok) {
    const problem = await readProblem(response)
    const message =
      problem?.detail || problem?.title || `服务器返回错误（HTTP ${response.status}），请稍后重试。`
    throw new ApiError(message, response.status, problem, response.headers)
  }
  return response
}

// Sends a request and returns the parsed JSON body, or undefined for 204 No Content.
async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init, 'application/json')
  if (response.status === 204) return undefined as T
  try {
    return (await response.json()) as T
  } catch {
    throw new ApiError('服务器返回的数据无法解析，请稍后重试。', response.status)
  }
}

// GET a non-JSON resource (e.g. an image), with the response headers.
export async function getBlob(path: string, accept = '*/*'): Promise<{ blob: Blob; headers: Headers }> {
  const response = await send(path, { method: 'GET' }, accept)
  try {
    return { blob: await response.blob(), headers: response.headers }
  } catch {
    throw new ApiError('服务器返回的数据无法读取，请稍后重试。', response.status)
  }
}

// GET a text/plain resource (e.g. the ledger's signed checkpoint), exactly as sent.
export async function getText(path: string): Promise<string> {
  const response = await send(path, { method: 'GET' }, 'text/plain')
  try {
    return await response.text()
  } catch {
    throw new ApiError('服务器返回的数据无法读取，请稍后重试。', response.status)
  }
}

export function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  return request<T>(path, { ...init, method: 'GET' })
}

// POST/PUT/PATCH/DELETE with an optional JSON body.
export function sendJson<T = void>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  init?: RequestInit,
): Promise<T> {
  const headers = new Headers(init?.headers)
  if (body !== undefined) headers.set('Content-Type', 'application/json')
  return request<T>(path, {
    ...init,
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

// POST/PUT raw bytes (e.g. an uploaded CSV file) with the given Content-Type.
export function sendBytes<T = void>(
  method: 'POST' | 'PUT',
  path: string,
  body: Blob | ArrayBuffer,
  contentType: string,
): Promise<T> {
  return request<T>(path, { method, headers: { 'Content-Type': contentType }, body })
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return '发生未知错误，请稍后重试。'
}
