import { getJson, sendJson } from './client'

// 案例指导 (docs/supervision.md): selected closed cases published as guidance with the legal point
// they illustrate. The facts and the decision come from the case, redacted as a disclosure is
// (names, ID numbers, phones, accounts, addresses), and are redacted again whenever a draft is
// saved. Permission guidance.manage (法制审核人员, 机关负责人) to draft, publish and withdraw.

export type GuidanceStatus = 'draft' | 'published' | 'withdrawn'
export const guidanceStatuses: { code: GuidanceStatus; name: string }[] = [
  { code: 'draft', name: '草稿' },
  { code: 'published', name: '已发布' },
  { code: 'withdrawn', name: '已撤回' },
]

export function guidanceStatusName(code: string | null | undefined): string {
  if (!code) return ''
  return guidanceStatuses.find((s) => s.code === code)?.name ?? code
}

export function isGuidanceStatus(value: unknown): value is GuidanceStatus {
  return guidanceStatuses.some((s) => s.code === value)
}

export function guidanceStatusType(code: string): 'info' | 'success' | 'warning' {
  switch (code) {
    case 'published':
      return 'success'
    case 'withdrawn':
      return 'warning'
    default:
      return 'info'
  }
}

// `q` matches title, legal point, summary and text literally, up to 100 characters.
export const maxGuidanceQueryChars = 100

export interface GuidanceAgency {
  id?: number
  code: string
  name: string
}

export interface GuidanceSummary {
  id: number
  agency: GuidanceAgency
  title: string
  legalPoint: string // the legal point the case illustrates
  summary: string
  caseNumber: string
  category: string
  publishedOn: string | null
  status: GuidanceStatus | string
}

export interface GuidanceCase extends GuidanceSummary {
  facts: string // redacted
  decision: string // redacted
  keywords: string[] | string | null
  caseId?: number
  withdrawReason?: string | null
  withdrawnOn?: string | null
}

export function keywordList(k: GuidanceCase['keywords']): string[] {
  if (!k) return []
  if (Array.isArray(k)) return k.filter((w) => w.trim())
  return k
    .split(/[,，、;；\s]+/)
    .map((w) => w.trim())
    .filter(Boolean)
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

// ---- Workbench (guidance.manage) ---------------------------------------------------------------

export interface NewGuidance {
  caseId: number
  title: string
  legalPoint: string
  summary: string
}

// 201, a draft whose facts and decision are the case's, redacted; 400 for a case not yet closed.
export function createGuidance(g: NewGuidance): Promise<GuidanceCase> {
  return sendJson('POST', '/api/v1/guidance', g)
}

export interface GuidanceFields {
  title: string
  legalPoint: string
  summary: string
  facts: string
  decision: string
}

// A draft only; the text is redacted again on save.
export function updateGuidance(id: number, f: GuidanceFields): Promise<GuidanceCase | undefined> {
  return sendJson('PUT', `/api/v1/guidance/${id}`, f)
}

export function publishGuidance(id: number): Promise<GuidanceCase | undefined> {
  return sendJson('POST', `/api/v1/guidance/${id}/publish`, { confirm: true })
}

export function withdrawGuidance(id: number, reason: string): Promise<GuidanceCase | undefined> {
  return sendJson('POST', `/api/v1/guidance/${id}/withdraw`, { reason })
}

// With the drafts.
export function fetchGuidanceList(f: { q?: string; status?: GuidanceStatus } = {}): Promise<{ items: GuidanceSummary[] }> {
  return getJson(`/api/v1/guidance${query({ q: f.q, status: f.status })}`, { cache: 'no-cache' })
}

export function fetchGuidance(id: number): Promise<GuidanceCase> {
  return getJson(`/api/v1/guidance/${id}`, { cache: 'no-cache' })
}

// ---- Public ------------------------------------------------------------------------------------

// Published only.
export function fetchPublicGuidanceList(f: { q?: string; agency?: string | number } = {}): Promise<{ items: GuidanceSummary[] }> {
  return getJson(`/api/v1/public/guidance${query({ q: f.q, agency: f.agency })}`)
}

export function fetchPublicGuidance(id: number): Promise<GuidanceCase> {
  return getJson(`/api/v1/public/guidance/${id}`)
}
