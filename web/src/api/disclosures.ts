import { ApiError, getJson, sendJson } from './client'

// 执法公示 (docs/disclosure.md): what an agency publishes after enforcement (事后公开: decisions
// and results, redacted, corrected and withdrawn in the open, each provable against the ledger)
// and before it (事前公开: sections the agency writes itself, the flowchart). Public reads need no
// sign-in; the workbench reads and writes need the agency's staff, writes the 公示管理员.

// ---- Codes and names ---------------------------------------------------------------------------

export type DisclosureKind = 'penalty' | 'result'
export const disclosureKinds: { code: DisclosureKind; name: string }[] = [
  { code: 'penalty', name: '行政处罚决定' },
  { code: 'result', name: '执法结果信息' },
]

export function disclosureKindName(code: string): string {
  return disclosureKinds.find((k) => k.code === code)?.name ?? code
}

export type DisclosureStatus = 'draft' | 'published' | 'withdrawn' | 'expired' | 'withheld'
// In the order of the workbench tabs.
export const disclosureStatuses: { code: DisclosureStatus; name: string }[] = [
  { code: 'draft', name: '待发布' },
  { code: 'published', name: '已公示' },
  { code: 'withdrawn', name: '已撤下' },
  { code: 'expired', name: '公示期满' },
  { code: 'withheld', name: '不予公开' },
]

export function disclosureStatusName(code: string): string {
  return disclosureStatuses.find((s) => s.code === code)?.name ?? code
}

export function isDisclosureStatus(value: unknown): value is DisclosureStatus {
  return disclosureStatuses.some((s) => s.code === value)
}

export function disclosureStatusType(code: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (code) {
    case 'draft':
      return 'warning'
    case 'published':
      return 'success'
    case 'withdrawn':
      return 'danger'
    default:
      return 'info'
  }
}

// 行政处罚法 第48条第2款: why a published decision is taken down (src/domain/disclosure.h).
export type WithdrawReason = 'revoked' | 'illegal' | 'invalid' | 'remade' | 'changed' | 'mistaken'
export const withdrawReasons: { code: WithdrawReason; name: string }[] = [
  { code: 'revoked', name: '原决定已被依法撤销' },
  { code: 'illegal', name: '原决定已被确认违法' },
  { code: 'invalid', name: '原决定已被确认无效' },
  { code: 'remade', name: '原决定被责令重新作出' },
  { code: 'changed', name: '原决定已被依法变更' },
  { code: 'mistaken', name: '公示信息有误，予以撤回' },
]

// Why a result is not published at all (国办发〔2018〕118号 二(三); 政府信息公开条例 第14、15条).
export type WithholdReason = 'minor' | 'crime_transfer' | 'secret' | 'privacy' | 'investigation' | 'warning_only'
export const withholdReasons: { code: WithholdReason; name: string; basis: string }[] = [
  { code: 'secret', name: '涉及国家秘密或者商业秘密', basis: '政府信息公开条例 第14、15条' },
  { code: 'privacy', name: '涉及个人隐私，公开会损害第三方合法权益', basis: '政府信息公开条例 第15条' },
  { code: 'investigation', name: '公开可能妨碍相关调查', basis: '政府信息公开条例 第14条' },
  { code: 'minor', name: '当事人为未成年人', basis: '未成年人保护法 第103条' },
  { code: 'crime_transfer', name: '涉嫌犯罪，已移送司法机关', basis: '国办发〔2018〕118号 二(三)' },
  { code: 'warning_only', name: '仅给予警告，依规可不公开', basis: '国办发〔2018〕118号 二(三)' },
]

export function withholdReasonName(code: string | null | undefined): string {
  if (!code) return ''
  return withholdReasons.find((r) => r.code === code)?.name ?? code
}

// The fields a publisher may correct, and the names the history uses for them.
export type CorrectableField = 'target' | 'conclusion' | 'body' | 'category'
export const disclosureFieldNames: Record<string, string> = {
  id: '编号',
  title: '标题',
  documentNumber: '文号',
  agency: '执法机关',
  target: '执法对象',
  category: '执法类别',
  conclusion: '执法结论',
  body: '决定书正文',
  decidedOn: '决定日期',
  manual: '遮蔽',
  targetKind: '对象类型',
  displayUntil: '公示截止日期',
}

export function disclosureFieldName(code: string): string {
  return disclosureFieldNames[code] ?? code
}

// ---- Public: search, item, stats --------------------------------------------------------------

// A search hit. Withdrawal notices (status "withdrawn") carry no target or conclusion.
export interface PublicDisclosureSummary {
  id: number
  agencyId: number
  agencyName: string
  kind: DisclosureKind | string
  kindName: string
  status: 'published' | 'withdrawn' | string
  title: string
  documentNumber: string
  target?: string
  category: string
  conclusion?: string
  decidedOn: string
  publishedOn: string
  revision: number
  withdrawnOn?: string
  withdrawReason?: WithdrawReason | string
  withdrawReasonName?: string
}

export interface DisclosurePage {
  items: PublicDisclosureSummary[]
  next: string | null // the keyset token of the following page; null on the last
}

// The search filters, as the API names its parameters.
export interface DisclosureFilters {
  q?: string
  agency?: number
  kind?: DisclosureKind
  category?: string
  target?: string
  from?: string // YYYY-MM-DD, publication date, inclusive
  to?: string
  status?: 'published' | 'withdrawn'
}

// Bounds the API puts on `q` (400 otherwise).
export const maxQueryChars = 100
export const maxQueryWords = 5

// Why `q` would be refused, before asking; undefined when it is fine.
export function queryProblem(q: string | undefined): string | undefined {
  const text = (q ?? '').trim()
  if (!text) return undefined
  if ([...text].length > maxQueryChars) return `关键词不能超过 ${maxQueryChars} 个字`
  if (text.split(/\s+/).length > maxQueryWords) return `关键词最多 ${maxQueryWords} 个（以空格分隔）`
  return undefined
}

export function filterParams(f: DisclosureFilters): URLSearchParams {
  const p = new URLSearchParams()
  const add = (name: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return
    p.set(name, String(value))
  }
  add('q', f.q?.trim())
  add('agency', f.agency)
  add('kind', f.kind)
  add('category', f.category?.trim())
  add('target', f.target?.trim())
  add('from', f.from)
  add('to', f.to)
  if (f.status && f.status !== 'published') add('status', f.status)
  return p
}

function withQuery(path: string, p: URLSearchParams): string {
  const q = p.toString()
  return q ? `${path}?${q}` : path
}

export function searchDisclosures(f: DisclosureFilters, page?: string | null, limit?: number): Promise<DisclosurePage> {
  const p = filterParams(f)
  if (limit) p.set('limit', String(limit))
  if (page) p.set('page', page)
  return getJson<DisclosurePage>(withQuery('/api/v1/public/disclosures', p))
}

// The CSV export of every published item matching the filters (no paging).
export function disclosuresCsvUrl(f: DisclosureFilters): string {
  return withQuery('/api/v1/public/disclosures.csv', filterParams(f))
}

export const disclosureFeedUrl = '/api/v1/public/feed.atom'

// One entry of the public change history.
export interface DisclosureRevision {
  revision: number
  kind: 'published' | 'corrected' | 'withdrawn' | 'expired' | string
  kindName: string
  at: string // RFC 3339
  reason: string
  fields: string[]
  digest: string | null // sha256:<hex> of the content this revision left
}

// A published item, or (status "withdrawn") only its notice: then there is no target,
// conclusion, body or content.
export interface PublicDisclosure {
  id: number
  status: DisclosureStatus | string
  statusName?: string
  agencyId?: number
  agencyName: string
  kind: DisclosureKind | string
  kindName?: string
  title: string
  documentNumber: string
  target?: string
  targetKind?: 'organisation' | 'citizen' | string
  category?: string
  conclusion?: string
  body?: string
  decidedOn?: string
  publishedOn?: string
  displayUntil?: string
  revision?: number
  content?: string // the canonical JSON whose SHA-256 the ledger holds
  contentDigest?: string // sha256:<hex>
  ledgerObject: string // disclosure:<id>
  history: DisclosureRevision[]
  withdrawnOn?: string
  withdrawReason?: WithdrawReason | string
  withdrawReasonName?: string
  withdrawNote?: string
}

// Items are revalidated on every visit (a 304 is cheap), so that a withdrawal shows at once and
// never the content cached before it.
export function fetchPublicDisclosure(id: number): Promise<PublicDisclosure> {
  return getJson<PublicDisclosure>(`/api/v1/public/disclosures/${id}`, { cache: 'no-cache' })
}

export interface DisclosureStats {
  published: number
  withdrawn: number
  byKind: Partial<Record<DisclosureKind, number>>
  byAgency: { agencyId: number; agencyName: string; published: number }[]
  byMonth: { month: string; published: number }[] // the last 12 months, YYYY-MM
  onTime: { published: number; onTime: number } // the last 12 months, against the 7/20-day duty
}

export function fetchDisclosureStats(): Promise<DisclosureStats> {
  return getJson<DisclosureStats>('/api/v1/public/disclosure-stats')
}

// The problem type's last segment ("/problems/expired" → "expired"), for telling 404s apart.
export function problemCode(e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined
  const type = e.problem?.type
  const code = (e.problem as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && code) return code
  return type ? type.split('/').filter(Boolean).at(-1) : undefined
}

// ---- Public: 事前公开 ------------------------------------------------------------------------

export type SectionCode = 'standing' | 'guide' | 'remedy' | 'supervision' | 'inspection'
export const sectionNames: Record<SectionCode, string> = {
  standing: '主体资格说明',
  guide: '服务指南',
  remedy: '救济渠道',
  supervision: '监督方式',
  inspection: '随机抽查事项清单说明',
}

// In the order the agency's pages show them.
export const sectionCodes: readonly SectionCode[] = ['standing', 'guide', 'remedy', 'supervision', 'inspection']

export function isSectionCode(value: unknown): value is SectionCode {
  return typeof value === 'string' && (sectionCodes as readonly string[]).includes(value)
}

export function sectionName(code: string): string {
  return sectionNames[code as SectionCode] ?? code
}

export interface PublicSection {
  code: SectionCode | string
  name: string
  content: string
  version: number // 0: the built-in default text, never written by the agency
  updatedAt: string | null
}

// A change of law, function or staff the 事前公开 must follow within 20 working days.
export interface PublicChange {
  id: number
  occurredOn: string
  description: string
  sections: string[]
  dueOn: string | null
  doneOn: string | null
  state: string | null // a deadline state code
  stateName?: string
}

export interface AgencySections {
  items: PublicSection[]
  changes: PublicChange[]
}

// Public and cached for a minute; the workbench, which changes them, asks with
// `{ cache: 'no-cache' }` so that it revalidates and never shows what it has just replaced.
export function fetchAgencySections(agencyId: number, init?: RequestInit): Promise<AgencySections> {
  return getJson<AgencySections>(`/api/v1/public/agencies/${agencyId}/sections`, init)
}

export function flowchartUrl(agencyId: number): string {
  return `/api/v1/public/agencies/${agencyId}/flowchart.svg`
}

// ---- Workbench -------------------------------------------------------------------------------

export interface DisclosureSummary {
  id: number
  agencyId: number
  kind: DisclosureKind | string
  kindName: string
  status: DisclosureStatus
  statusName: string
  title: string
  documentNumber: string
  target: string
  decidedOn: string
  dueOn: string | null
  deadlineState: string | null
  deadlineStateName: string | null
  caseId: number | null
  publishedOn: string | null
  revision: number
  version: number
}

export interface DisclosureListFilters {
  agency?: number
  status?: DisclosureStatus
  overdue?: boolean
}

export function fetchDisclosures(f: DisclosureListFilters): Promise<{ items: DisclosureSummary[] }> {
  const p = new URLSearchParams()
  if (f.agency) p.set('agency', String(f.agency))
  if (f.status) p.set('status', f.status)
  if (f.overdue) p.set('overdue', 'true')
  return getJson(withQuery('/api/v1/disclosures', p))
}

// A piece of a field's published text: as written, or what redaction put in place of the
// original (the original only while the item is a draft or published, and only to staff).
export interface Segment {
  text: string
  redacted: boolean
  kind?: string // name, id_number, phone, …, manual
  kindName?: string
  original?: string
}

export type SegmentedField = 'target' | 'conclusion' | 'body'
export const segmentedFields: { code: SegmentedField; name: string }[] = [
  { code: 'target', name: '执法对象' },
  { code: 'conclusion', name: '执法结论' },
  { code: 'body', name: '决定书正文' },
]

export interface Disclosure extends PublicDisclosure {
  status: DisclosureStatus
  version: number
  caseId: number | null
  dueOn: string | null
  deadlineState: string | null
  deadlineStateName?: string | null
  withholdReason: WithholdReason | string | null
  withholdReasonName?: string | null
  withholdNote: string
  manual: string[] // the masks the publisher added
  fields: Partial<Record<SegmentedField, Segment[]>>
  // A registered revocation (第48条第2款): the item must come down by withdrawDueOn.
  withdrawDueOn?: string | null
  withdrawDeadlineState?: string | null
  withdrawOccurredOn?: string | null
}

export function fetchDisclosure(id: number): Promise<Disclosure> {
  return getJson<Disclosure>(`/api/v1/disclosures/${id}`)
}

// The publisher's own masks. On a published item this is a correction and needs a reason.
export function saveRedactions(id: number, version: number, manual: string[], reason?: string): Promise<Disclosure> {
  return sendJson('PUT', `/api/v1/disclosures/${id}/redactions`, { version, manual, reason })
}

export function publishDisclosure(id: number, version: number): Promise<Disclosure> {
  return sendJson('POST', `/api/v1/disclosures/${id}/publish`, { version })
}

export function withholdDisclosure(id: number, version: number, reason: WithholdReason, note: string): Promise<Disclosure> {
  return sendJson('POST', `/api/v1/disclosures/${id}/withhold`, { version, reason, note })
}

export function withdrawDisclosure(
  id: number,
  version: number,
  reason: WithdrawReason,
  note: string,
  occurredOn?: string,
): Promise<Disclosure> {
  return sendJson('POST', `/api/v1/disclosures/${id}/withdraw`, { version, reason, note, occurredOn })
}

// The decision was revoked (confirmed illegal, …) on occurredOn: opens the 3-working-day duty to
// take the item down, on the dashboards until it is withdrawn.
export function registerRevocation(
  id: number,
  version: number,
  reason: WithdrawReason,
  note: string,
  occurredOn: string,
): Promise<Disclosure> {
  return sendJson('POST', `/api/v1/disclosures/${id}/revocation`, { version, reason, note, occurredOn })
}

export interface Correction {
  version: number
  reason: string
  target?: string
  conclusion?: string
  body?: string
  category?: string
}

export function correctDisclosure(id: number, c: Correction): Promise<Disclosure> {
  return sendJson('POST', `/api/v1/disclosures/${id}/corrections`, c)
}

// How long an agency's items stay up (domain::DisplayPolicy).
export interface DisclosurePolicy {
  shortMonths: number
  longYears: number
  smallFineCitizen: number
  smallFineOrganisation: number
}

export function fetchDisclosurePolicy(agencyId: number): Promise<DisclosurePolicy> {
  return getJson(`/api/v1/agencies/${agencyId}/disclosure-policy`)
}

export function saveDisclosurePolicy(agencyId: number, p: DisclosurePolicy): Promise<DisclosurePolicy> {
  return sendJson('PUT', `/api/v1/agencies/${agencyId}/disclosure-policy`, p)
}

export const maxSectionChars = 20_000

// Answers with every section and change as they are now (a saved section may complete changes).
export function saveSection(agencyId: number, code: SectionCode, version: number, content: string): Promise<AgencySections> {
  return sendJson('PUT', `/api/v1/agencies/${agencyId}/sections/${code}`, { version, content })
}

export interface NewPublicChange {
  occurredOn: string
  description: string
  sections: SectionCode[]
}

// Opens the 20-working-day duty (publish.update); answers with every section and change.
export function createPublicChange(agencyId: number, c: NewPublicChange): Promise<AgencySections> {
  return sendJson('POST', `/api/v1/agencies/${agencyId}/public-changes`, c)
}

// ---- The canonical content -------------------------------------------------------------------

// The fields of the canonical `content` JSON, in display order, with the names the JSON may use
// for them (the contract shows only `{"v":1,…}`).
const contentFields: { label: string; keys: string[] }[] = [
  { label: '标题', keys: ['title'] },
  { label: '文号', keys: ['documentNumber', 'document_number', 'number'] },
  { label: '执法机关', keys: ['agencyName', 'agency_name', 'agency'] },
  { label: '公示类别', keys: ['kindName', 'kind_name', 'kind'] },
  { label: '执法对象', keys: ['target'] },
  { label: '执法类别', keys: ['category'] },
  { label: '执法结论', keys: ['conclusion'] },
  { label: '决定日期', keys: ['decidedOn', 'decided_on'] },
  { label: '公示日期', keys: ['publishedOn', 'published_on'] },
  { label: '修订', keys: ['revision'] },
]
// Keys that say how the content is encoded rather than what it says, or are shown elsewhere.
const contentSkipped = new Set(['v', 'body', 'agencyId', 'agency_id'])

export interface ContentField {
  key: string
  label: string
  value: string
}

export interface ParsedContent {
  fields: ContentField[]
  body: string | undefined
  kind: string | undefined
}

function display(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name
  return JSON.stringify(value)
}

const targetKindNames: Record<string, string> = { organisation: '单位', citizen: '个人' }

function displayField(key: string, value: unknown): string {
  const text = display(value)
  if (key === 'kind') return disclosureKindName(text)
  if (key === 'targetKind' || key === 'target_kind') return targetKindNames[text] ?? text
  return text
}

// What the canonical content says, field by field; undefined when it is not a JSON object.
export function parseContent(content: string): ParsedContent | undefined {
  let value: unknown
  try {
    value = JSON.parse(content)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const o = value as Record<string, unknown>
  const used = new Set<string>()
  const fields: ContentField[] = []
  for (const f of contentFields) {
    const key = f.keys.find((k) => k in o)
    if (!key) continue
    used.add(key)
    const text = displayField(key, o[key])
    if (text !== '') fields.push({ key, label: f.label, value: text })
  }
  // The kind's code next to its name says nothing more.
  if (used.has('kindName') || used.has('kind_name')) used.add('kind')
  // Whatever else the content holds is shown too: the page shows all that is hashed.
  for (const [key, v] of Object.entries(o)) {
    if (used.has(key) || contentSkipped.has(key)) continue
    const text = displayField(key, v)
    if (text !== '') fields.push({ key, label: disclosureFieldNames[key] ?? key, value: text })
  }
  const kind = typeof o.kind === 'string' ? o.kind : undefined
  return { fields, body: typeof o.body === 'string' ? o.body : undefined, kind }
}
