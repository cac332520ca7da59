import { getJson, sendJson } from './client'

// Penalty cases (案件办理, docs/cases.md): the powers list (权责清单) each case is tied to, the
// case workflow of src/domain/case_flow.h (each step names who performs it, the article it rests
// on and the document it issues), the enforcement documents (执法文书) with their sign-offs and 文号,
// the public check of an issued document, and a party's dossier (当事人档案). The server enforces
// every rule; these types only describe what it sends.

// ---- Powers list -------------------------------------------------------------------------------

// A tier of the discretion benchmark (裁量基准): the range the facts point to, in whole yuan.
export interface DiscretionTier {
  code: string
  condition: string
  min: number
  max: number
}

// How the tier is proposed: by the 第37条 rules from the facts, or chosen by the officer.
export type TierRule = 'art37' | 'chosen'

export interface PowerItem {
  id: number
  agencyId: number
  code: string // 事项编码, e.g. GJJ-CF-037
  category: string // penalty, inspection, …
  categoryName: string // 行政处罚, 行政检查, …
  name: string
  basis: string // 实施依据
  duties: string // 责任事项
  timeLimit: string // 办理期限
  enforcementCategory: string // 执法类别 the officers must hold
  fine: { min: number; max: number } | null // 罚款幅度; null: no fine under this item
  tiers: DiscretionTier[]
  tierRule: TierRule | string
  active: boolean
}

export type NewPowerItem = Omit<PowerItem, 'id' | 'agencyId' | 'categoryName' | 'active'> & { active?: boolean }

// 职权类别 as the national lists name them (src/domain/power.h).
export const powerCategories: { code: string; name: string }[] = [
  { code: 'penalty', name: '行政处罚' },
  { code: 'inspection', name: '行政检查' },
  { code: 'coercion', name: '行政强制' },
  { code: 'licensing', name: '行政许可' },
  { code: 'levy', name: '行政征收' },
  { code: 'payment', name: '行政给付' },
  { code: 'confirmation', name: '行政确认' },
  { code: 'award', name: '行政奖励' },
  { code: 'other', name: '其他行政权力' },
]

// ---- Cases -------------------------------------------------------------------------------------

export type CaseStageCode =
  | 'lead'
  | 'not_filed'
  | 'investigation'
  | 'investigated'
  | 'review'
  | 'reviewed'
  | 'discussion'
  | 'notice'
  | 'hearing'
  | 'decided'
  | 'served'
  | 'enforcement'
  | 'court'
  | 'executed'
  | 'closed'
  | 'archived'
  | 'withdrawn'
  | 'suspended'

// In the order a case moves through them (src/domain/case_flow.cc kStages).
export const caseStages: { code: CaseStageCode; name: string }[] = [
  { code: 'lead', name: '线索登记' },
  { code: 'investigation', name: '调查取证' },
  { code: 'investigated', name: '调查终结' },
  { code: 'review', name: '法制审核' },
  { code: 'reviewed', name: '审核通过' },
  { code: 'discussion', name: '集体讨论' },
  { code: 'notice', name: '事先告知' },
  { code: 'hearing', name: '听证' },
  { code: 'decided', name: '已作出决定' },
  { code: 'served', name: '已送达' },
  { code: 'enforcement', name: '催告执行' },
  { code: 'court', name: '申请法院强制执行' },
  { code: 'executed', name: '执行完毕' },
  { code: 'closed', name: '已结案' },
  { code: 'archived', name: '已归档' },
  { code: 'not_filed', name: '不予立案' },
  { code: 'withdrawn', name: '已撤案' },
  { code: 'suspended', name: '已中止' },
]

export function isCaseStage(value: unknown): value is CaseStageCode {
  return caseStages.some((s) => s.code === value)
}

// Colour of a stage's tag: ended cases grey, enforcement orange, running blue.
export function stageTagType(stage: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (stage) {
    case 'lead':
      return 'info'
    case 'not_filed':
    case 'withdrawn':
    case 'archived':
      return 'info'
    case 'enforcement':
    case 'court':
    case 'suspended':
      return 'warning'
    case 'executed':
    case 'closed':
      return 'success'
    default:
      return 'primary'
  }
}

export type ProcedureCode = 'ordinary' | 'summary'
export const procedures: { code: ProcedureCode; name: string; note: string }[] = [
  { code: 'ordinary', name: '普通程序', note: '立案、调查、法制审核、告知后作出决定（行政处罚法 第54–65条）' },
  {
    code: 'summary',
    name: '简易程序',
    note: '违法事实确凿，对公民处 200 元以下、对法人或其他组织处 3000 元以下罚款或警告的，可当场作出决定（第51条）',
  },
]

export type PartyKind = 'organisation' | 'citizen'
export const partyKinds: { code: PartyKind; name: string; idLabel: string }[] = [
  { code: 'organisation', name: '单位', idLabel: '统一社会信用代码' },
  { code: 'citizen', name: '个人', idLabel: '身份证号' },
]

export function partyKindName(kind: string): string {
  return partyKinds.find((k) => k.code === kind)?.name ?? kind
}

export interface Party {
  kind: PartyKind
  name: string
  idNumber: string // 统一社会信用代码 or 身份证号
  representative: string // 法定代表人 (organisations)
  address: string
  phone: string
}

// The facts 住房公积金管理条例 第37条's benchmark needs (RULES.md §5).
export interface Article37Facts {
  unregistered: boolean // 未办理缴存登记 (otherwise: accounts not opened)
  yearsSinceFounding: number
  accountsMissing: number
  correctedInTime: boolean // 限期内已改正: no penalty
}

export interface DueState {
  date: string
  state: string // a DeadlineStateCode
  stateName: string
}

export interface CaseSummary {
  id: number
  number: string // 案件编号
  agencyId: number
  cause: string // 案由
  stage: CaseStageCode
  stageName: string
  procedure: ProcedureCode
  partyName: string
  partyKind: PartyKind
  partyIdNumber: string
  powerItemId: number
  powerItemName: string
  filedOn: string | null
  decisionDue: DueState | null // case.decision, 90 days from 立案 (第60条)
  updatedAt: string
  version: number
}

export interface CaseOfficer {
  officerId: number
  name: string
  title: string
  certificateNumber: string
  expiresOn: string
  validity: string // 有效, 已过期, 暂扣, …
  valid: boolean // the certificate lets its holder enforce today (第42条)
  category: string
  area: string
  recused: boolean
}

export interface Recusal {
  id: number
  officerId: number
  officerName: string
  requestedBy: 'officer' | 'party'
  reason: string
  decided: boolean
  approved: boolean
  decisionReason: string
  decidedByName: string | null
  decidedAt: string | null
  createdAt: string
}

// The state of the rules the workflow checks (CaseFacts of src/domain/case_flow.h).
export interface CaseFlow {
  reviewRequired: boolean
  reviewBasis: string // which 目录清单 rules require it, with their articles (src/domain/review.h)
  reviewRules: string[]
  reviewPassed: boolean
  reviewDisputed: boolean
  discussionRequired: boolean
  discussionBasis: string
  discussionRules: string[]
  discussed: boolean
  proposedOutcome: string | null
  proposedFine: number | null
  tier: DiscretionTier | string | null
  suggestedTier: DiscretionTier | string | null // what the facts point to now
  deviationReason?: string // for a fine outside the tier
  notifiedFine: number | null
  hearingOffered: boolean
  hearingRequestDue: string | null
  hearingRequested: boolean
  hearingHeld: boolean
  defended?: boolean // a statement was recorded or a hearing held since the notice
  outcome: string | null
  decidedFine: number | null
  decidedFineCn: string | null
  decidedOn?: string | null
  servedOn?: string | null
  paymentDue: string | null
  paidOn?: string | null
  surcharge?: number | null
  surchargeToday: number | null // 加处罚款 if paid today (第72条)
  remindedOn?: string | null
  courtAllowedFrom: string | null
  closedOn?: string | null
  suspendedFrom?: string | null
}

// A step the case could take now, and whether this user may take it (with the reason if not).
export interface CaseAction {
  action: StepAction
  name: string
  article: string
  document: string | null // template code of the document the step issues; empty for none
  role: string
  roleName?: string
  allowed: boolean
  reason: string | null // why not, when not allowed
  recording?: RecordingDuty
}

// 音像记录 a step calls for (src/domain/recording.h; 国办发〔2018〕118号 三(二), 行政强制法 第18条):
// `mandatory` — no step without a recording of the scene; `as_required` — a recording, or a
// written reason why there is none (noRecordingReason). `recordings`: audio/video evidence of the
// case with that scene.
export interface RecordingDuty {
  duty: 'none' | 'as_required' | 'mandatory'
  scene: string
  sceneName: string
  basis: string
  recordings: number
}

export interface CaseEvent {
  seq: number
  action: string
  name: string
  article: string | null
  from: string
  to: string
  fromName: string
  toName: string
  actorId: number
  actorName: string
  at: string
  reason: string | null
  documentId: number | null
  documentNumber: string | null
  data?: unknown // what the step recorded (fine, tier, outcome …)
}

export interface CaseDeadline {
  id: number
  ruleCode: string
  ruleName: string
  dueDate: string
  state: string
  stateName: string
}

export interface CaseDetail extends CaseSummary {
  party: Party
  facts: string
  art37: Article37Facts | null
  source: string
  area: string
  complexOrMajor: boolean
  // What the review catalogue (目录清单) looks at besides (行政处罚法 第58条第1款).
  publicInterest?: boolean
  complexCase?: boolean
  otherLaw?: boolean
  socialImpact?: boolean
  eServiceConsent: boolean
  violationEndedOn: string | null
  powerItem?: PowerItem
  officers: CaseOfficer[]
  recusals: Recusal[]
  flow: CaseFlow
  actions: CaseAction[]
  events: CaseEvent[]
  documents: CaseDocument[]
  deadlines: CaseDeadline[]
  archive?: CaseArchiveState | null // once 归档
}

// An archived case's file: read-only, kept until the retention date (保管期限).
export interface CaseArchiveState {
  readOnly: boolean
  retentionUntil: string | null
}

export interface CaseFields {
  cause: string
  source: string
  area: string
  party: Party
  facts: string
  art37?: Article37Facts
  violationEndedOn?: string
  complexOrMajor: boolean
  // What the review catalogue (目录清单) looks at besides (行政处罚法 第58条第1款).
  publicInterest?: boolean
  complexCase?: boolean
  otherLaw?: boolean
  socialImpact?: boolean
  eServiceConsent: boolean
}

export interface NewCase extends CaseFields {
  powerItemId: number
  procedure: ProcedureCode
  officerIds: number[]
}

export interface CaseFilter {
  stage?: string
  q?: string
  agency?: number
}

// ---- Steps -------------------------------------------------------------------------------------

export type StepAction =
  | 'file'
  | 'decline'
  | 'finish_investigation'
  | 'submit_review'
  | 'review_pass'
  | 'review_return'
  | 'to_discussion'
  | 'discuss'
  | 'notify'
  | 'record_statement'
  | 'request_hearing'
  | 'hold_hearing'
  | 'decide'
  | 'decide_on_spot'
  | 'serve'
  | 'pay'
  | 'remind'
  | 'apply_court'
  | 'court_done'
  | 'close'
  | 'archive'
  | 'withdraw'
  | 'suspend'
  | 'resume'

export type OutcomeCode = 'penalty' | 'no_penalty' | 'not_established' | 'transfer' | 'order'
export const outcomes: { code: OutcomeCode; name: string }[] = [
  { code: 'penalty', name: '给予行政处罚' },
  { code: 'no_penalty', name: '不予行政处罚' },
  { code: 'not_established', name: '违法事实不能成立' },
  { code: 'transfer', name: '移送司法机关' },
  { code: 'order', name: '责令限期缴存（办理）' },
]

export function outcomeName(code: string | null | undefined): string {
  if (!code) return ''
  return outcomes.find((o) => o.code === code)?.name ?? code
}

// 行政处罚法 第57条: the decision's document follows the outcome.
export const decisionDocuments: Record<OutcomeCode, string> = {
  penalty: 'penalty_decision',
  no_penalty: 'no_penalty_decision',
  not_established: 'no_penalty_decision',
  transfer: 'transfer_letter',
  order: 'order_notice',
}

export type ServiceMethodCode = 'direct' | 'left' | 'post' | 'electronic' | 'public' | 'entrusted'
export const serviceMethods: { code: ServiceMethodCode; name: string }[] = [
  { code: 'direct', name: '直接送达' },
  { code: 'left', name: '留置送达' },
  { code: 'post', name: '邮寄送达' },
  { code: 'electronic', name: '电子送达' },
  { code: 'public', name: '公告送达' },
  { code: 'entrusted', name: '委托送达' },
]

export interface StepInput {
  version: number
  action: StepAction
  documentId?: number
  reason?: string
  noRecordingReason?: string // why the step has no 音像记录, where one is made as required
  outcome?: OutcomeCode
  fine?: number
  tierCode?: string
  deviationReason?: string
  hearingHostId?: number
  hearingWaived?: boolean
  serviceMethod?: ServiceMethodCode
}

// ---- Documents ---------------------------------------------------------------------------------

export interface TemplateInput {
  key: string
  label: string
  multiline: boolean
  required: boolean
}

export interface DocumentTemplate {
  code: string
  name: string
  abbr: string
  byStep: boolean // issued by a workflow step, not on its own
  inputs: TemplateInput[]
  signRoles: string[]
}

export interface Signoff {
  role: string
  roleName: string
  userId: number
  name: string
  at: string
}

export interface CaseDocument {
  id: number
  caseId: number
  type: string
  typeName: string
  number: string | null // 文号, once issued
  status: 'draft' | 'issued'
  version: number
  inputs: Record<string, string>
  signRoles: string[]
  byStep: boolean
  signoffs: Signoff[]
  missingSignoffs: string[]
  issuedOn: string | null
  issuedAt: string | null
  sha256: string | null // of the issued PDF, recorded in the ledger
  object: string // the document's object in the ledger, e.g. "document:12"
}

// Role codes to names, for the sign-off lists (the session carries the user's own).
const roleNames: Record<string, string> = {
  officer: '执法人员',
  unit_head: '承办机构负责人',
  legal_reviewer: '法制审核人员',
  leader: '机关负责人',
  publisher: '公示管理员',
  admin: '系统管理员',
  supervisor: '监督人员',
}

export function roleName(code: string): string {
  return roleNames[code] ?? code
}

// ---- Public check and dossier ------------------------------------------------------------------

// The public answer for a 文号: `found` false (and nothing else) for an unknown number.
export interface DocumentVerification {
  found: boolean
  number: string
  type?: string
  typeName?: string
  agency?: string
  issuedOn?: string | null
  sha256?: string | null
  // The document's object in the ledger (e.g. "document:12") and the leaf recording its issue,
  // whose inclusion proof the browser checks against the signed checkpoint.
  object?: string
  leafIndex?: number | null
}

export interface DossierCase extends CaseSummary {
  documents: CaseDocument[]
}

export interface Dossier {
  idNumber: string
  partyName: string
  cases: DossierCase[]
}

// ---- Endpoints ---------------------------------------------------------------------------------

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function fetchPowerItems(agency?: number): Promise<{ items: PowerItem[] }> {
  return getJson(`/api/v1/power-items${query({ agency })}`)
}

export function fetchPublicPowerItems(agencyCode: string): Promise<{ items: PowerItem[] }> {
  return getJson(`/api/v1/public/agencies/${encodeURIComponent(agencyCode)}/power-items`)
}

export function createPowerItem(item: NewPowerItem): Promise<PowerItem> {
  return sendJson('POST', '/api/v1/power-items', item)
}

export function updatePowerItem(id: number, item: NewPowerItem): Promise<PowerItem> {
  return sendJson('PUT', `/api/v1/power-items/${id}`, item)
}

export function fetchCases(f: CaseFilter = {}): Promise<{ items: CaseSummary[] }> {
  return getJson(`/api/v1/cases${query({ stage: f.stage, q: f.q, agency: f.agency })}`)
}

export function createCase(c: NewCase): Promise<CaseDetail> {
  return sendJson('POST', '/api/v1/cases', c)
}

export function fetchCase(id: number): Promise<CaseDetail> {
  return getJson(`/api/v1/cases/${id}`)
}

// Before 调查终结 only; 409 when `version` is not the current one.
export function updateCase(id: number, version: number, fields: CaseFields): Promise<CaseDetail> {
  return sendJson('PUT', `/api/v1/cases/${id}`, { version, ...fields })
}

export function setCaseOfficers(id: number, version: number, officerIds: number[]): Promise<CaseDetail> {
  return sendJson('PUT', `/api/v1/cases/${id}/officers`, { version, officerIds })
}

// Refusals: 409 (stage, gate, version), 403 (role), 422 (a rule, with `field`).
export function takeStep(id: number, step: StepInput): Promise<CaseDetail> {
  return sendJson('POST', `/api/v1/cases/${id}/steps`, step)
}

export function declareRecusal(
  caseId: number,
  r: { officerId: number; requestedBy: 'officer' | 'party'; reason: string },
): Promise<unknown> {
  return sendJson('POST', `/api/v1/cases/${caseId}/recusals`, r)
}

export function decideRecusal(id: number, approve: boolean, reason: string): Promise<unknown> {
  return sendJson('POST', `/api/v1/recusals/${id}/decision`, { approve, reason })
}

// 机关负责人 extends the 90-day decision period (行政处罚法 第60条).
export function extendCase(caseId: number, days: number, reason: string): Promise<unknown> {
  return sendJson('POST', `/api/v1/cases/${caseId}/extensions`, { days, reason })
}

export function fetchTemplates(): Promise<{ items: DocumentTemplate[] }> {
  return getJson('/api/v1/document-templates')
}

export function createDocument(caseId: number, type: string, inputs: Record<string, string>): Promise<CaseDocument> {
  return sendJson('POST', `/api/v1/cases/${caseId}/documents`, { type, inputs })
}

export function fetchDocument(id: number): Promise<CaseDocument> {
  return getJson(`/api/v1/documents/${id}`)
}

// A new version of a draft; it clears the sign-offs.
export function updateDocument(id: number, version: number, inputs: Record<string, string>): Promise<CaseDocument> {
  return sendJson('PUT', `/api/v1/documents/${id}`, { version, inputs })
}

export function signDocument(id: number, role: string): Promise<CaseDocument> {
  return sendJson('POST', `/api/v1/documents/${id}/signoffs`, { role })
}

export function issueDocument(id: number): Promise<CaseDocument> {
  return sendJson('POST', `/api/v1/documents/${id}/issue`)
}

// The PDF (a draft carries a 草稿 watermark); opened by the browser, which sends the session cookie.
export function documentPdfUrl(id: number): string {
  return `/api/v1/documents/${id}/pdf`
}

export function verifyDocument(number: string): Promise<DocumentVerification> {
  return getJson(`/api/v1/public/documents/verify${query({ number })}`)
}

// The public page that checks an issued document (the QR code on its PDF links there).
export function documentVerifyUrl(number: string, origin = window.location.origin): string {
  return `${origin}/verify/document?number=${encodeURIComponent(number)}`
}

export function fetchDossier(idNumber: string): Promise<Dossier> {
  return getJson(`/api/v1/dossiers${query({ idNumber })}`)
}

// ---- Display helpers ---------------------------------------------------------------------------

export function tierCode(t: DiscretionTier | string | null | undefined): string | undefined {
  if (!t) return undefined
  return typeof t === 'string' ? t : t.code
}

// A digest as hex: the server writes the blob store's form, "sha256:<hex>".
export function hexDigest(d: string | null | undefined): string {
  return (d ?? '').replace(/^sha256:/i, '').toLowerCase()
}

const yuanFormat = new Intl.NumberFormat('zh-CN')

export function formatYuan(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : `${yuanFormat.format(v)} 元`
}

export function fineRangeText(fine: { min: number; max: number } | null): string {
  if (!fine) return '无罚款'
  return fine.min === fine.max ? formatYuan(fine.min) : `${formatYuan(fine.min)} 至 ${formatYuan(fine.max)}`
}
