import { getJson, sendBytes, sendJson } from './client'

// 双随机、一公开 (docs/draw.md): the target roster (检查对象名录库) and its import, the conflicts of
// interest, the random-inspection item list (随机抽查事项清单), the plans with their strata, the
// draw from a public random value, replacements and results; and the public side: published
// plans, their results and the bundle anyone can re-run (../ledger/draw.ts). Workbench reads take
// `?agency=` for a supervisor reading another agency's.

// ---- Codes and names ---------------------------------------------------------------------------

export type RiskGrade = 'low' | 'medium' | 'high'
export const riskGrades: { code: RiskGrade; name: string }[] = [
  { code: 'high', name: '高' },
  { code: 'medium', name: '中' },
  { code: 'low', name: '低' },
]

export function riskGradeName(code: string): string {
  return riskGrades.find((g) => g.code === code)?.name ?? code
}

export function riskGradeType(code: string): 'danger' | 'warning' | 'info' {
  return code === 'high' ? 'danger' : code === 'medium' ? 'warning' : 'info'
}

// 规模 as the import file writes them.
export const targetSizes = ['大型', '中型', '小型', '微型'] as const

// The 区县 of the demo roster, offered in the filters (any other may be typed).
export const knownDistricts = ['金水区', '二七区', '中原区', '管城回族区', '惠济区', '郑东新区', '上街区']

export type ConflictKind = 'relative' | 'former_employment' | 'prior_dealing' | 'other'
export const conflictKinds: { code: ConflictKind; name: string }[] = [
  { code: 'relative', name: '亲属关系' },
  { code: 'former_employment', name: '曾在该单位任职' },
  { code: 'prior_dealing', name: '业务往来' },
  { code: 'other', name: '其他' },
]

export type PlanStatus = 'draft' | 'published' | 'drawn'
export const planStatuses: { code: PlanStatus; name: string }[] = [
  { code: 'draft', name: '草稿' },
  { code: 'published', name: '已发布' },
  { code: 'drawn', name: '已抽取' },
]

export function planStatusName(code: string): string {
  return planStatuses.find((s) => s.code === code)?.name ?? code
}

export function planStatusType(code: string): 'warning' | 'primary' | 'success' | 'info' {
  return code === 'draft' ? 'warning' : code === 'published' ? 'primary' : code === 'drawn' ? 'success' : 'info'
}

export type ReplacementReason = 'recusal' | 'absence'
export const replacementReasons: { code: ReplacementReason; name: string }[] = [
  { code: 'recusal', name: '回避' },
  { code: 'absence', name: '缺席' },
]

export type Outcome = 'no_problem' | 'rectify' | 'case'
export const outcomes: { code: Outcome; name: string }[] = [
  { code: 'no_problem', name: '未发现问题' },
  { code: 'rectify', name: '责令整改' },
  { code: 'case', name: '移交立案' },
]

export function outcomeName(code: string): string {
  return outcomes.find((o) => o.code === code)?.name ?? code
}

// 检查频次, suggested in the plan editor (free text).
export const frequencies = ['每年一次', '每半年一次', '每季度一次', '每月一次']

// ---- Target roster -------------------------------------------------------------------------------

export interface Target {
  id: number
  name: string
  creditCode: string
  district: string
  industry: string
  size: string
  riskGrade: RiskGrade
  riskGradeName: string
  complaints: number
  lastInspectedOn: string | null
}

export interface TargetPage {
  items: Target[]
  total: number
  next: string | null // keyset token of the following page
}

export interface TargetFilter {
  q?: string
  district?: string
  riskGrade?: RiskGrade | ''
  limit?: number
  after?: string | null
  agency?: number
}

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function fetchTargets(f: TargetFilter = {}): Promise<TargetPage> {
  return getJson(
    `/api/v1/inspection/targets${query({
      q: f.q?.trim(),
      district: f.district,
      riskGrade: f.riskGrade,
      limit: f.limit,
      after: f.after,
      agency: f.agency,
    })}`,
  )
}

export interface TargetImportResult {
  imported: number
  created: number
  updated: number
  importId: number
}

export const targetImportColumns = ['单位名称', '统一社会信用代码', '所在区县', '行业', '规模', '风险等级', '投诉次数', '上次检查日期'] as const
export const maxImportBytes = 20 * 1024 * 1024
export const maxImportRows = 100_000

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// The Content-Type for the chosen file: CSV or XLSX (first sheet), by its name; undefined for others.
export function importContentType(file: File): string | undefined {
  const name = file.name.toLowerCase()
  if (name.endsWith('.csv')) return 'text/csv'
  if (name.endsWith('.xlsx')) return xlsxType
  return undefined
}

// All rows or none: a refused file throws ApiError whose problem lists `errors` row by row.
export function importTargets(file: Blob, contentType: string): Promise<TargetImportResult> {
  return sendBytes('POST', '/api/v1/inspection/targets/import', file, contentType)
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

// The import template: the header and one example row, with a BOM so that Excel reads UTF-8.
export function targetImportTemplate(): Blob {
  const example = ['郑州示例科技有限公司', '91410100MA44XXXX0X', '金水区', '软件和信息技术服务业', '小型', '中', '0', '']
  const text = [targetImportColumns, example].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
  return new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' })
}

// ---- Conflicts of interest -----------------------------------------------------------------------

export interface Conflict {
  id: number
  officerId: number
  officerName: string
  targetId: number
  targetName: string
  kind: ConflictKind
  kindName: string
  note: string
  createdAt: string
}

export interface NewConflict {
  officerId: number
  targetId: number
  kind: ConflictKind
  note: string
}

export function fetchConflicts(agency?: number): Promise<{ items: Conflict[] }> {
  return getJson(`/api/v1/inspection/conflicts${query({ agency })}`)
}

export function createConflict(c: NewConflict): Promise<Conflict> {
  return sendJson('POST', '/api/v1/inspection/conflicts', c)
}

// ---- Item list -----------------------------------------------------------------------------------

export interface InspectionItem {
  id: number
  code: string
  name: string
  powerItemId: number
  powerItemCode: string
  powerItemName: string
  basis: string
  subject: string // 检查对象
  method: string // 检查方式
  content: string // 检查内容
}

export type PublicInspectionItem = Omit<InspectionItem, 'id' | 'powerItemId'>

export interface NewInspectionItem {
  code: string
  name: string
  powerItemId: number
  subject: string
  method: string
  content: string
}

export function fetchInspectionItems(agency?: number): Promise<{ items: InspectionItem[] }> {
  return getJson(`/api/v1/inspection/items${query({ agency })}`)
}

export function createInspectionItem(item: NewInspectionItem): Promise<InspectionItem> {
  return sendJson('POST', '/api/v1/inspection/items', item)
}

export function fetchPublicInspectionItems(agencyCode: string): Promise<{ items: PublicInspectionItem[] }> {
  return getJson(`/api/v1/public/agencies/${encodeURIComponent(agencyCode)}/inspection-items`)
}

// ---- Plans ---------------------------------------------------------------------------------------

export interface PlanScope {
  districts: string[]
  industries: string[]
  sizes: string[]
  riskGrades: string[]
  minComplaints: number
}

export interface StratumFilter {
  districts: string[]
  riskGrades: string[]
  minComplaints: number
}

export interface Stratum {
  name: string
  filter: StratumFilter
  ratio: string | null // percent, 0 < r ≤ 100; count = ⌈size × r / 100⌉
  count: number | null
  poolSize: number // live while a draft, fixed once published
  drawCount: number
  poolRoot: string | null // from publication on
}

export interface Inspector {
  id: number
  name: string
  certNumber: string
}

export interface TeamResult {
  outcome: Outcome
  outcomeName: string
  caseId: number | null
  caseNumber: string | null
  note: string
  enteredAt: string
  publishedOn: string | null
  dueOn: string | null
  deadlineState: string | null
}

export interface Team {
  target: Target
  stratum: string
  inspectors: Inspector[]
  result: TeamResult | null
}

export interface Replacement {
  seq: number
  targetId: number
  targetName: string
  outId: number
  outName: string
  inId: number
  inName: string
  reason: ReplacementReason
  reasonName: string
  note: string
  at: string
}

export interface Plan {
  id: number
  agencyId: number
  code: string
  title: string
  status: PlanStatus
  statusName: string
  item: { id: number; code: string; name: string }
  area: string
  scope: PlanScope
  frequency: string
  periodStart: string
  periodEnd: string
  teamSize: number
  source: string
  drawDate: string
  strata: Stratum[]
  createdAt: string
  publishedAt: string | null
  drawnAt: string | null
  publicValue: string | null
  canDraw: boolean
  teams: Team[]
  replacements: Replacement[]
}

// A scope or a stratum filter for a person: "金水区、二七区；风险等级 高、中；投诉 ≥ 2 次"; empty
// parts are no restriction.
function filterParts(f: { districts: string[]; riskGrades: string[]; minComplaints: number }): string[] {
  const parts: string[] = []
  if (f.districts.length) parts.push(f.districts.join('、'))
  if (f.riskGrades.length) parts.push(`风险等级 ${f.riskGrades.map(riskGradeName).join('、')}`)
  if (f.minComplaints > 0) parts.push(`投诉 ≥ ${f.minComplaints} 次`)
  return parts
}

export function stratumFilterText(f: StratumFilter): string {
  return filterParts(f).join('；') || '不限'
}

export function scopeText(s: PlanScope): string {
  const parts = filterParts(s)
  if (s.industries.length) parts.splice(1, 0, `行业 ${s.industries.join('、')}`)
  if (s.sizes.length) parts.splice(1, 0, `规模 ${s.sizes.join('、')}`)
  return parts.join('；') || '名录中的全部对象'
}

// "20%" or "5 户".
export function stratumAmountText(s: { ratio: string | null; count: number | null }): string {
  if (s.ratio !== null && s.ratio !== '') return `${s.ratio}%`
  return s.count !== null ? `${s.count} 户` : '—'
}

export interface PlanStratumInput {
  name: string
  filter: StratumFilter
  ratio?: string
  count?: number
}

export interface PlanInput {
  itemId: number
  title: string
  code?: string
  area: string
  scope: PlanScope
  frequency: string
  periodStart: string
  periodEnd: string
  teamSize: number
  source: string
  drawDate: string
  strata: PlanStratumInput[]
}

export function fetchPlans(agency?: number): Promise<{ items: Plan[] }> {
  return getJson(`/api/v1/inspection/plans${query({ agency })}`)
}

export function fetchPlan(id: number, agency?: number): Promise<Plan> {
  return getJson(`/api/v1/inspection/plans/${id}${query({ agency })}`)
}

export function createPlan(p: PlanInput): Promise<Plan> {
  return sendJson('POST', '/api/v1/inspection/plans', p)
}

export function updatePlan(id: number, p: PlanInput): Promise<Plan> {
  return sendJson('PUT', `/api/v1/inspection/plans/${id}`, p)
}

export function publishPlan(id: number): Promise<Plan> {
  return sendJson('POST', `/api/v1/inspection/plans/${id}/publish`, { confirm: true })
}

export function drawPlan(id: number, publicValue: string): Promise<Plan> {
  return sendJson('POST', `/api/v1/inspection/plans/${id}/draw`, { publicValue })
}

export interface NewReplacement {
  targetId: number
  inspectorId: number
  reason: ReplacementReason
  note: string
}

export function replaceInspector(id: number, r: NewReplacement): Promise<Plan> {
  return sendJson('POST', `/api/v1/inspection/plans/${id}/replacements`, r)
}

export interface NewResult {
  targetId: number
  outcome: Outcome
  caseId?: number
  note: string
}

export function enterResult(id: number, r: NewResult): Promise<Plan> {
  return sendJson('POST', `/api/v1/inspection/plans/${id}/results`, r)
}

export function publishResults(id: number): Promise<Plan> {
  return sendJson('POST', `/api/v1/inspection/plans/${id}/results/publish`, { confirm: true })
}

// ---- Public --------------------------------------------------------------------------------------

export interface PublicPlanSummary {
  id: number
  code: string
  title: string
  agency: string
  agencyCode: string
  itemName: string
  status: PlanStatus
  statusName: string
  drawDate: string
  publishedAt: string
  drawnAt: string | null
  targetCount: number
  resultCount: number
}

export interface PublicResult {
  targetName: string
  creditCode: string
  outcome: Outcome
  outcomeName: string
  caseNumber: string | null
  publishedOn: string | null
}

export type PublicReplacement = Omit<Replacement, 'targetId' | 'outId' | 'inId'>

export interface PublicPlan {
  id: number
  code: string
  title: string
  agency: string
  agencyCode: string
  item: { code: string; name: string }
  area: string
  status: PlanStatus
  statusName: string
  source: string
  drawDate: string
  publishedAt: string
  drawnAt: string | null
  publicValue: string | null
  teamSize: number
  strata: { name: string; filter: string; ratio: string | null; count: number; poolSize: number; poolRoot: string | null }[]
  results: PublicResult[]
  replacements: PublicReplacement[]
}

export function fetchPublicDraws(agencyCode?: string): Promise<{ items: PublicPlanSummary[] }> {
  return getJson(`/api/v1/public/draws${query({ agency: agencyCode })}`)
}

// Revalidated on every visit: the draw and the results change the plan.
export function fetchPublicDraw(id: number): Promise<PublicPlan> {
  return getJson(`/api/v1/public/draws/${id}`, { cache: 'no-cache' })
}

export function bundleUrl(id: number): string {
  return `/api/v1/public/draws/${id}/bundle`
}

// The bundle as parsed JSON; ../ledger/draw.ts checks its shape before re-running it.
export function fetchBundle(id: number): Promise<unknown> {
  return getJson(bundleUrl(id), { cache: 'no-cache' })
}
