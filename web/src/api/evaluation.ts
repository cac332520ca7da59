import { getJson, sendJson } from './client'

// 案卷评查 (case-file evaluation, docs/supervision.md): scoring templates as data — items with
// their points and the deductions a finding takes (否决项 fail the file whatever its points) — and
// evaluation rounds: a pool of the agency's case files closed in a date range, fixed with its
// RFC 9162 root when the round is created, a sample drawn from it with the 双随机 engine
// (sx-draw-v1) and a public value, each drawn file scored against the round's template, and the
// rectifications the findings ask for. Permission evaluation.manage: supervisors (司法局, any
// agency) and the agency's own 法制审核人员 or 机关负责人 (never on a case they handled).

// ---- Templates ---------------------------------------------------------------------------------

export interface ScoreDeduction {
  code: string // [a-z0-9_]{1,32}, unique in its item
  text: string // 扣分情形
  points: number // taken per occurrence, 1 … the item's points
  veto: boolean // 否决项: the file is 不合格 whatever its score
}

export interface ScoreItem {
  code: string // [a-z0-9_]{1,32}, unique in the template
  name: string // 评查项目
  points: number
  deductions: ScoreDeduction[]
}

export interface ScoringTemplate {
  name: string
  total: number // the items' points add up to it
  excellent: number // 优秀 from this score
  pass: number // 合格 from this score
  items: ScoreItem[]
  isDefault?: boolean // the default template, until the agency sets its own
}

// Limits of domain/evaluation.h (the server checks them again).
export const maxScoreItems = 50
export const maxDeductionsPerItem = 30
export const codePattern = /^[a-z0-9_]{1,32}$/

function agencyQuery(agency?: number): string {
  return agency ? `?agency=${agency}` : ''
}

// The agency's template, the default until one is set.
export function fetchTemplate(agency?: number): Promise<ScoringTemplate> {
  return getJson(`/api/v1/evaluation/template${agencyQuery(agency)}`, { cache: 'no-cache' })
}

// 200; 400 naming the field when the points do not add up ("各评查项目分值合计 95,应等于总分 100",
// field `items`), a deduction exceeds its item (`items.N.deductions.M.points`), codes repeat or the
// grade bands are out of order (`grades`).
export function saveTemplate(agency: number | undefined, t: ScoringTemplate): Promise<ScoringTemplate | undefined> {
  const body = {
    name: t.name,
    total: t.total,
    excellent: t.excellent,
    pass: t.pass,
    items: t.items.map((i) => ({
      code: i.code,
      name: i.name,
      points: i.points,
      deductions: i.deductions.map((d) => ({ code: d.code, text: d.text, points: d.points, veto: d.veto })),
    })),
  }
  return sendJson('PUT', `/api/v1/evaluation/template${agencyQuery(agency)}`, body)
}

export function templateSum(t: Pick<ScoringTemplate, 'items'>): number {
  return t.items.reduce((s, i) => s + (Number.isFinite(i.points) ? i.points : 0), 0)
}

// ---- Scores ------------------------------------------------------------------------------------

export type Grade = 'excellent' | 'pass' | 'fail'
export const grades: { code: Grade; name: string }[] = [
  { code: 'excellent', name: '优秀' },
  { code: 'pass', name: '合格' },
  { code: 'fail', name: '不合格' },
]

export function gradeName(code: string | null | undefined): string {
  if (!code) return ''
  return grades.find((g) => g.code === code)?.name ?? code
}

export function gradeTagType(code: string | null | undefined): 'success' | 'primary' | 'danger' | 'info' {
  switch (code) {
    case 'excellent':
      return 'success'
    case 'pass':
      return 'primary'
    case 'fail':
      return 'danger'
    default:
      return 'info'
  }
}

// One finding of the evaluator: a deduction of an item, `times` occurrences (1 … 100).
export interface Finding {
  item: string
  deduction: string
  times: number
  note: string
}

export const maxFindingTimes = 100

export interface ItemScore {
  item: string
  points: number // the item's points
  deducted: number // never more than its points
}

export interface ScorePreview {
  score: number
  grade: Grade
  vetoed: boolean
  items: ItemScore[]
}

// The score of one file as the server computes it (domain::Score): total − deductions, each item
// losing at most its own points, never below 0; a 否决项 makes the file 不合格 whatever its score.
// Findings naming no item or deduction of the template are left out (the server refuses them).
export function computeScore(t: ScoringTemplate, findings: Finding[]): ScorePreview {
  const raw = t.items.map(() => 0)
  let vetoed = false
  for (const f of findings) {
    const index = t.items.findIndex((i) => i.code === f.item)
    if (index < 0) continue
    const d = t.items[index]!.deductions.find((x) => x.code === f.deduction)
    if (!d) continue
    const times = Math.min(Math.max(Math.trunc(f.times) || 1, 1), maxFindingTimes)
    raw[index] = raw[index]! + d.points * times
    vetoed = vetoed || d.veto
  }
  const items = t.items.map((i, k) => ({ item: i.code, points: i.points, deducted: Math.min(raw[k]!, i.points) }))
  const deducted = items.reduce((s, i) => s + i.deducted, 0)
  const score = Math.max(0, t.total - deducted)
  const grade: Grade = vetoed || score < t.pass ? 'fail' : score >= t.excellent ? 'excellent' : 'pass'
  return { score, grade, vetoed, items }
}

// ---- Rectifications ----------------------------------------------------------------------------

export type RectificationStatus = 'open' | 'responded' | 'accepted' | 'returned'
export const rectificationStatuses: { code: RectificationStatus; name: string }[] = [
  { code: 'open', name: '待整改' },
  { code: 'responded', name: '已回复，待审核' },
  { code: 'accepted', name: '整改通过' },
  { code: 'returned', name: '退回重改' },
]

export function rectificationStatusName(code: string | null | undefined): string {
  if (!code) return ''
  return rectificationStatuses.find((s) => s.code === code)?.name ?? code
}

export function rectificationTagType(code: string): 'warning' | 'primary' | 'success' | 'danger' | 'info' {
  switch (code) {
    case 'open':
      return 'warning'
    case 'responded':
      return 'primary'
    case 'accepted':
      return 'success'
    case 'returned':
      return 'danger'
    default:
      return 'info'
  }
}

// Still the agency's to do (or the evaluator's to review).
export function isOpenRectification(status: string): boolean {
  return status === 'open' || status === 'responded' || status === 'returned'
}

// The agency answers what it asks: open, or returned for another try.
export function awaitsResponse(status: string): boolean {
  return status === 'open' || status === 'returned'
}

export interface Rectification {
  id: number
  request: string
  dueOn: string // YYYY-MM-DD
  status: RectificationStatus | string
  response: string | null
  respondedOn: string | null
  reviewNote: string | null
}

export interface RectificationRequest {
  request: string
  dueOn: string
}

// The agency's answer (its case.handle: 承办机构负责人, 机关负责人).
export function respondRectification(id: number, response: string): Promise<Rectification | undefined> {
  return sendJson('POST', `/api/v1/evaluation/rectifications/${id}/respond`, { response })
}

// The evaluator's review (evaluation.manage): accepted, or returned with a note.
export function reviewRectification(id: number, accepted: boolean, note: string): Promise<Rectification | undefined> {
  return sendJson('POST', `/api/v1/evaluation/rectifications/${id}/review`, { accepted, note })
}

// ---- Rounds ------------------------------------------------------------------------------------

export interface EvaluationAgency {
  id: number
  code: string
  name: string
}

export type RoundStatus = 'published' | 'drawn'

export function roundStatusName(status: string): string {
  switch (status) {
    case 'published':
      return '已公布，待抽取'
    case 'drawn':
      return '已抽取'
    default:
      return status
  }
}

export type FileStatus = 'pending' | 'scored'

// Who evaluated or which department, however the server writes it.
type Named = string | number | { id?: number; name?: string; displayName?: string } | null | undefined

export function nameOf(value: Named): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return value.displayName || value.name || (value.id !== undefined ? String(value.id) : '')
}

export interface RoundFile {
  caseId: number
  caseNumber: string
  department: Named
  status: FileStatus | string
  score: number | null
  grade: Grade | string | null
  gradeName: string | null
  vetoed: boolean
  findings: Finding[]
  items: ItemScore[]
  evaluatedBy: Named
  evaluatedAt: string | null // RFC 3339
  rectification: Rectification | null
}

export interface Round {
  id: number
  agency: EvaluationAgency
  title: string
  status: RoundStatus | string
  closedFrom: string
  closedTo: string
  count: number
  source: string // where the public value will come from, announced with the round
  publicValue: string | null
  poolSize: number
  poolRoot: string // RFC 9162 Merkle tree head of the pool, hex
  seed: string | null // SHA-256 of the canonical input, hex
  template: ScoringTemplate | null
  files: RoundFile[] | null // the drawn files; empty until drawn (a list may leave them out)
}

export interface NewRound {
  agency: number
  title: string
  closedFrom: string
  closedTo: string
  count: number
  source: string
}

// 201, the round with its pool fixed; 400 when the pool is empty or smaller than `count`.
export function createRound(r: NewRound): Promise<Round> {
  return sendJson('POST', '/api/v1/evaluation/rounds', r)
}

// The files drawn with the public value (the answer may be the round or the files); 409 when drawn
// already.
export function drawRound(id: number, publicValue: string): Promise<Partial<Round> | undefined> {
  return sendJson('POST', `/api/v1/evaluation/rounds/${id}/draw`, { publicValue })
}

export function fetchRounds(agency?: number): Promise<{ items: Round[] }> {
  return getJson(`/api/v1/evaluation/rounds${agencyQuery(agency)}`, { cache: 'no-cache' })
}

export function fetchRound(id: number): Promise<Round> {
  return getJson(`/api/v1/evaluation/rounds/${id}`, { cache: 'no-cache' })
}

export interface ScoreInput {
  findings: Finding[]
  rectification: RectificationRequest | null
}

// The file with its score and grade; 400 naming findings.N for an unknown item or deduction, 403
// on a case the evaluator handled.
export function scoreFile(roundId: number, caseId: number, input: ScoreInput): Promise<RoundFile> {
  return sendJson('POST', `/api/v1/evaluation/rounds/${roundId}/files/${caseId}/score`, input)
}

// ---- Results -----------------------------------------------------------------------------------

export interface DepartmentResult {
  id: number
  name: string
  files: number
  mean: number | null
}

export interface AgencyResult {
  id: number
  code: string
  name: string
  files: number
  mean: number | null
  excellent: number
  pass: number
  fail: number
  departments: DepartmentResult[]
  rectificationsOpen: number
}

export interface EvaluationResults {
  year: number
  agencies: AgencyResult[]
}

// A supervisor may leave `agency` out for every agency.
export function fetchResults(year: number, agency?: number): Promise<EvaluationResults> {
  const q = new URLSearchParams({ year: String(year) })
  if (agency) q.set('agency', String(agency))
  return getJson(`/api/v1/evaluation/results?${q.toString()}`, { cache: 'no-cache' })
}

export function formatMean(mean: number | null | undefined): string {
  return mean === null || mean === undefined || !Number.isFinite(mean) ? '—' : mean.toFixed(1)
}
