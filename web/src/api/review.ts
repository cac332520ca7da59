import { getJson, sendJson } from './client'
import { outcomeName, partyKindName, powerCategories, procedures } from './cases'

// 法制审核与集体讨论 (docs/review.md): the review catalogue (目录清单), a case's submissions for
// review with their materials, the reviewer's queue and eight-item form, the unit's response and
// the 协商记录, escalation to a collective discussion (集体讨论) and its record, the chain of
// responsibility (责任链) with each link's ledger proof, and the review figures. The server
// enforces every rule; these types only describe what it sends.

// ---- Catalogue (目录清单) -----------------------------------------------------------------------

export type ReviewNeed = 'review' | 'discussion'

export const reviewNeeds: { code: ReviewNeed; name: string }[] = [
  { code: 'review', name: '法制审核' },
  { code: 'discussion', name: '集体讨论' },
]

export function reviewNeedName(code: string): string {
  return reviewNeeds.find((n) => n.code === code)?.name ?? code
}

// One line of the catalogue: every condition given must hold; a list matches any of its values;
// null (or an empty list) is no condition.
export interface CatalogueRule {
  id: string
  name: string
  basis: string
  need: ReviewNeed
  categories: string[] // 职权类别 codes (penalty, …)
  procedure: 'ordinary' | 'summary' | null
  powerCodes: string[]
  party: 'organisation' | 'citizen' | null
  outcomes: string[] // OutcomeCode
  minAmount: number | null // fine ≥, yuan
  hearingHeld: boolean | null
  publicInterest: boolean | null
  complex: boolean | null
  otherLaw: boolean | null
  majorViolation: boolean | null
  socialImpact: boolean | null
  statutory: boolean
}

export interface Catalogue {
  statutory: CatalogueRule[]
  rules: CatalogueRule[] // the agency's own
  version: number
  updatedAt: string | null
}

export interface PublicCatalogue {
  agency: { id: number; name: string }
  statutory: CatalogueRule[]
  rules: CatalogueRule[]
  updatedAt: string | null
}

// The yes/no conditions of a rule, with their names.
export const ruleFlags: { key: keyof CatalogueRule & string; name: string }[] = [
  { key: 'hearingHeld', name: '经过听证' },
  { key: 'publicInterest', name: '涉及重大公共利益' },
  { key: 'complex', name: '疑难复杂、涉及多个法律关系' },
  { key: 'otherLaw', name: '法律法规规定应当审核的其他情形' },
  { key: 'majorViolation', name: '情节复杂或者重大违法' },
  { key: 'socialImpact', name: '社会影响较大' },
]

// ---- Submissions (送审) ------------------------------------------------------------------------

export type SubmissionStatus = 'assigned' | 'approved' | 'problems'

// A rule's conditions in words (目录清单, as the workbench and the portal show it).
export function ruleConditions(r: CatalogueRule): string {
  const parts: string[] = []
  if (r.categories?.length) parts.push(r.categories.map((c) => powerCategories.find((p) => p.code === c)?.name ?? c).join('或'))
  if (r.procedure) parts.push(procedures.find((p) => p.code === r.procedure)?.name ?? r.procedure)
  if (r.powerCodes?.length) parts.push(`事项 ${r.powerCodes.join('、')}`)
  if (r.party) parts.push(`当事人为${partyKindName(r.party)}`)
  if (r.outcomes?.length) parts.push(`拟${r.outcomes.map(outcomeName).join('或')}`)
  if (r.minAmount !== null && r.minAmount !== undefined) parts.push(`罚款 ${r.minAmount.toLocaleString('zh-CN')} 元以上`)
  for (const f of ruleFlags) {
    const v = r[f.key]
    if (v === true) parts.push(f.name)
    else if (v === false) parts.push(`非${f.name}`)
  }
  return parts.length ? parts.join('；') : '—'
}

export const submissionStatuses: { code: SubmissionStatus; name: string }[] = [
  { code: 'assigned', name: '审核中' },
  { code: 'approved', name: '同意' },
  { code: 'problems', name: '存在问题' },
]

export function submissionStatusName(code: string): string {
  return submissionStatuses.find((s) => s.code === code)?.name ?? code
}

export function submissionStatusType(code: string): 'primary' | 'success' | 'danger' | 'info' {
  return code === 'approved' ? 'success' : code === 'problems' ? 'danger' : code === 'assigned' ? 'primary' : 'info'
}

export interface MaterialDocument {
  id: number
  number: string | null
  sha256: string | null
}

export interface EvidenceFile {
  id: number
  sha256: string
  filename: string
}

// What a material carries depends on it: issued documents (调查终结报告, 听证笔录), the evidence
// list (evidence files and issued 笔录), or text (the proposal, the legal basis, the tier).
export interface Material {
  code: string // investigation_report, evidence_list, proposed_decision, legal_basis, benchmark, hearing_record
  name: string
  present: boolean
  documents: MaterialDocument[] | { files?: EvidenceFile[]; records?: MaterialDocument[] } | string | null
}

export function materialDocuments(m: Material): MaterialDocument[] {
  const d = m.documents
  if (Array.isArray(d)) return d
  if (d && typeof d === 'object') return d.records ?? []
  return []
}

export function materialFiles(m: Material): EvidenceFile[] {
  const d = m.documents
  return d && typeof d === 'object' && !Array.isArray(d) ? (d.files ?? []) : []
}

export function materialText(m: Material): string {
  return typeof m.documents === 'string' ? m.documents : ''
}

export interface Proposal {
  outcome: string | null
  outcomeName: string | null
  fine: number | null
  tier: string | null
  tierName: string | null
}

export interface ReviewPackage {
  materials: Material[]
  proposal: Proposal
  legalBasis: string
  tierReasoning: string
  note: string
}

// The eight items of the review (the seed 三(三)3), in order.
export type ReviewItemCode =
  | 'subject'
  | 'personnel'
  | 'procedure'
  | 'facts'
  | 'law'
  | 'within_powers'
  | 'documents'
  | 'crime_transfer'

export const reviewItems: { code: ReviewItemCode; name: string }[] = [
  { code: 'subject', name: '执法主体是否合法' },
  { code: 'personnel', name: '执法人员是否具备执法资格' },
  { code: 'procedure', name: '执法程序是否合法' },
  { code: 'facts', name: '案件事实是否清楚，证据是否合法充分' },
  { code: 'law', name: '适用法律、法规、规章是否准确，裁量基准运用是否适当' },
  { code: 'within_powers', name: '执法是否超越本机关执法权限' },
  { code: 'documents', name: '执法文书是否完备、规范' },
  { code: 'crime_transfer', name: '违法行为是否涉嫌犯罪、需要移送司法机关' },
]

export interface Finding {
  item: ReviewItemCode | string
  name?: string
  conforms: boolean
  comment: string
}

export type ReviewOpinion = 'approve' | 'problems'

export const reviewOpinions: { code: ReviewOpinion; name: string }[] = [
  { code: 'approve', name: '同意' },
  { code: 'problems', name: '存在问题' },
]

export interface ReviewForm {
  findings: Finding[]
  opinion: ReviewOpinion
  opinionName?: string
  summary: string
}

export type ReviewResponse = 'accept' | 'dispute'

export const reviewResponses: { code: ReviewResponse; name: string }[] = [
  { code: 'accept', name: '接受并修改' },
  { code: 'dispute', name: '有异议' },
]

export function reviewResponseName(code: string | null | undefined): string {
  if (!code) return ''
  return reviewResponses.find((r) => r.code === code)?.name ?? code
}

export interface Submission {
  id: number
  caseId: number
  caseNumber: string
  // Not in docs/review.md's example; shown when the server sends them.
  caseCause?: string
  partyName?: string
  round: number
  status: SubmissionStatus
  submittedBy: number
  submittedByName: string
  submittedAt: string
  vouched: boolean
  package: ReviewPackage
  reviewerId: number | null
  reviewerName: string | null
  assignedAt: string | null
  dueOn: string | null
  overdue: boolean
  form: ReviewForm | null
  reviewedAt: string | null
  opinionDocumentId: number | null
  opinionDocumentNumber: string | null
  response: ReviewResponse | null
  responseReason: string
}

export interface NewSubmission {
  version: number
  vouched: boolean
  legalBasis?: string
  tierReasoning?: string
  note?: string
}

export interface Message {
  id: number
  submissionId: number
  authorId: number
  authorName: string
  side: 'unit' | 'review'
  body: string
  createdAt: string
}

// ---- Collective discussion (集体讨论) -----------------------------------------------------------

export interface DiscussionOpinion {
  userId: number
  name?: string
  opinion: string
}

export interface Discussion {
  id: number
  caseId: number
  heldOn: string
  place: string
  chairId: number
  chairName: string
  attendees: { userId: number; name: string; leader: boolean }[]
  leadership: number // the agency's 机关负责人 accounts
  question: string
  opinions: DiscussionOpinion[]
  decision: string
  outcome: string
  fine: number | null
  documentId: number | null
  documentNumber: string | null
  recordedBy: number
  createdAt: string
}

export interface NewDiscussion {
  version: number
  heldOn: string
  place: string
  chairId: number
  attendeeIds: number[]
  question: string
  opinions: { userId: number; opinion: string }[]
  decision: string
  outcome: string
  fine?: number | null
  tierCode?: string
}

// ---- A case's review state ---------------------------------------------------------------------

export interface Need {
  required: boolean
  basis: string
  rules: string[]
}

export interface CaseReview {
  review: Need
  discussion: Need
  submissions: Submission[] // newest first
  messages: Message[]
  discussions: Discussion[]
}

// ---- Diff against the previous submission -------------------------------------------------------

export interface FieldChange {
  field: string
  label: string
  before: unknown
  after: unknown
}

export interface DocumentChange {
  code: string
  name: string
  change: 'added' | 'removed' | 'changed'
  before: unknown
  after: unknown
}

export interface SubmissionDiff {
  previousId: number | null
  changes: FieldChange[]
  documents: DocumentChange[]
}

export const documentChangeNames: Record<string, string> = { added: '新增', removed: '删除', changed: '变更' }

// ---- Responsibility chain (责任链) -------------------------------------------------------------

export type LinkKind =
  | 'submitted'
  | 'assigned'
  | 'reviewed'
  | 'response'
  | 'message'
  | 'escalated'
  | 'discussed'
  | 'decided'
  | 'refused'

const linkKinds: Record<string, string> = {
  submitted: '提交审核',
  assigned: '分配审核人员',
  reviewed: '出具审核意见',
  response: '承办机构回复',
  message: '协商',
  escalated: '提请集体讨论',
  discussed: '集体讨论',
  decided: '作出决定',
  refused: '被拒绝的操作',
}

export function linkKindName(kind: string): string {
  return linkKinds[kind] ?? kind
}

export interface LinkProof {
  leafIndex: number
  treeSize: number
  entry: string
  leafHash: string
  proof: string[]
  rootHash: string
  checkpoint: string
}

export interface ResponsibilityLink {
  kind: LinkKind | string
  at: string
  actorId: number
  actorName: string
  role: string
  summary: string
  detail?: unknown
  objectId: string
  ledger: LinkProof | null // null until the sequencer has integrated the event
}

export interface Responsibility {
  caseId: number
  caseNumber: string
  chain: ResponsibilityLink[]
}

// ---- Stats -------------------------------------------------------------------------------------

export interface ReviewStats {
  reviews: number
  approved: number
  problems: number
  firstPassRate: number | null // 0–1
  averageDays: number | null // working days from submission to opinion
  overdue: number
  open: number
}

// ---- Endpoints ---------------------------------------------------------------------------------

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

// The caller's agency; a supervisor names one.
export function fetchCatalogue(agencyId?: number): Promise<Catalogue> {
  return getJson(`/api/v1/review/catalogue${query({ agency: agencyId })}`)
}

// 系统管理员 or 法制审核人员; 400 naming rules[i].field, 409 on a stale version.
export function saveCatalogue(version: number, rules: CatalogueRule[]): Promise<Catalogue> {
  return sendJson('PUT', '/api/v1/review/catalogue', { version, rules })
}

export function fetchPublicCatalogue(agencyId: number): Promise<PublicCatalogue> {
  return getJson(`/api/v1/public/agencies/${agencyId}/review-catalogue`)
}

// 提交法制审核: 400 field "materials" (lists what is missing) or "vouched"; 409 when no reviewer
// is eligible or the case moved on.
export function submitForReview(caseId: number, s: NewSubmission): Promise<Submission> {
  return sendJson('POST', `/api/v1/cases/${caseId}/review/submissions`, s)
}

export function fetchCaseReview(caseId: number): Promise<CaseReview> {
  return getJson(`/api/v1/cases/${caseId}/review`)
}

export type QueueStatus = 'open' | 'done' | 'all'

export function fetchQueue(status: QueueStatus = 'open', mine?: boolean): Promise<{ items: Submission[] }> {
  return getJson(`/api/v1/review/queue${query({ status, mine: mine ? 'true' : undefined })}`)
}

export function assignReviewer(submissionId: number, reviewerId: number): Promise<Submission> {
  return sendJson('POST', `/api/v1/review/submissions/${submissionId}/assign`, { reviewerId })
}

export function fetchDiff(submissionId: number): Promise<SubmissionDiff> {
  return getJson(`/api/v1/review/submissions/${submissionId}/diff`)
}

// The assigned reviewer's opinion: issues the 法制审核意见书 and takes review_pass / review_return.
export function submitOpinion(
  submissionId: number,
  form: { findings: { item: string; conforms: boolean; comment: string }[]; opinion: ReviewOpinion; summary: string },
): Promise<Submission> {
  return sendJson('POST', `/api/v1/review/submissions/${submissionId}/opinion`, form)
}

export function respond(submissionId: number, response: ReviewResponse, reason: string): Promise<Submission> {
  return sendJson('POST', `/api/v1/review/submissions/${submissionId}/response`, { response, reason })
}

export function postMessage(submissionId: number, body: string): Promise<Message> {
  return sendJson('POST', `/api/v1/review/submissions/${submissionId}/messages`, { body })
}

export function escalate(caseId: number, version: number, reason: string): Promise<unknown> {
  return sendJson('POST', `/api/v1/cases/${caseId}/review/escalate`, { version, reason })
}

export function recordDiscussion(caseId: number, d: NewDiscussion): Promise<Discussion> {
  return sendJson('POST', `/api/v1/cases/${caseId}/discussions`, d)
}

export function fetchResponsibility(caseId: number): Promise<Responsibility> {
  return getJson(`/api/v1/cases/${caseId}/responsibility`)
}

export function fetchReviewStats(from?: string, to?: string): Promise<ReviewStats> {
  return getJson(`/api/v1/review/stats${query({ from, to })}`)
}

// A submission can be read by id only through the case's review state or the queue.
export async function fetchSubmission(submissionId: number): Promise<Submission | undefined> {
  const { items } = await fetchQueue('all')
  return items.find((s) => s.id === submissionId)
}
