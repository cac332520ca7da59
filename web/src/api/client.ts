// Thin fetch wrapper for the sanxiang JSON API. Errors from the server are RFC 9457
// problem+json documents whose `title` and `detail` are written for a person, in Chinese.

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
}

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | undefined

  constructor(message: string, status: number, problem?: Problem) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
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

export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    })
  } catch {
    throw new ApiError('无法连接服务器，请检查网络后重试。', 0)
  }
  if (!response.ok) {
    const problem = await readProblem(response)
    const message =
      problem?.detail || problem?.title || `服务器返回错误（HTTP ${response.status}），请稍后重试。`
    throw new ApiError(message, response.status, problem)
  }
  try {
    return (await response.json()) as T
  } catch {
    throw new ApiError('服务器返回的数据无法解析，请稍后重试。', response.status)
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return '发生未知错误，请稍后重试。'
}
