import { ApiError, currentCsrfToken, getJson, sendJson, type Problem } from './client'

// 投诉举报 (docs/supervision.md): a member of the public files a complaint about an agency's
// enforcement on the portal without signing in, attaches files with the upload token of the
// filing, and follows it by its tracking number (TS20261129-7K3QX9MB-4). The agency assigns it,
// answers it within the complaint.reply deadline and links the case it led to.

// ---- Codes and names ---------------------------------------------------------------------------

export type ComplaintTopic = 'conduct' | 'procedure' | 'unfair' | 'publicity' | 'delay' | 'violation' | 'other'
export const complaintTopics: { code: ComplaintTopic; name: string }[] = [
  { code: 'conduct', name: '执法人员作风、态度' },
  { code: 'procedure', name: '执法程序不规范' },
  { code: 'unfair', name: '处罚畸重畸轻、裁量不当' },
  { code: 'publicity', name: '应公开未公开或公开有误' },
  { code: 'delay', name: '久拖不决、超期办理' },
  { code: 'violation', name: '举报违法行为' },
  { code: 'other', name: '其他' },
]

export function complaintTopicName(code: string | null | undefined): string {
  if (!code) return ''
  return complaintTopics.find((t) => t.code === code)?.name ?? code
}

export type ComplaintStatus = 'received' | 'assigned' | 'replied' | 'case_opened' | 'not_accepted'
export const complaintStatuses: { code: ComplaintStatus; name: string }[] = [
  { code: 'received', name: '已受理' },
  { code: 'assigned', name: '办理中' },
  { code: 'replied', name: '已答复' },
  { code: 'case_opened', name: '已立案查处' },
  { code: 'not_accepted', name: '不予受理' },
]

export function complaintStatusName(code: string | null | undefined): string {
  if (!code) return ''
  return complaintStatuses.find((s) => s.code === code)?.name ?? code
}

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return complaintStatuses.some((s) => s.code === value)
}

// Still to be answered: the complaint.reply deadline runs.
export function isOpenComplaint(status: string): boolean {
  return status === 'received' || status === 'assigned'
}

export function complaintStatusType(code: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (code) {
    case 'received':
      return 'warning'
    case 'assigned':
      return 'primary'
    case 'replied':
    case 'case_opened':
      return 'success'
    default:
      return 'info'
  }
}

export type ComplaintOutcome = 'substantiated' | 'partly' | 'unsubstantiated'
export const complaintOutcomes: { code: ComplaintOutcome; name: string }[] = [
  { code: 'substantiated', name: '属实' },
  { code: 'partly', name: '部分属实' },
  { code: 'unsubstantiated', name: '不属实' },
]

export function complaintOutcomeName(code: string | null | undefined): string {
  if (!code) return ''
  return complaintOutcomes.find((o) => o.code === code)?.name ?? code
}

// ---- Limits (the server checks them again) -----------------------------------------------------

export const minContentChars = 10
export const maxContentChars = 5000
export const maxSubjectChars = 100
export const maxAttachments = 5
export const maxAttachmentBytes = 10 * 1024 * 1024

// Characters as the limits count them (code points, not UTF-16 units).
export function charCount(text: string): number {
  return [...text].length
}

// The file kinds the server accepts (it checks the content, not the name).
export type AttachmentKind = 'jpeg' | 'png' | 'pdf' | 'mp4' | 'mp3' | 'm4a'
export const attachmentKinds: { kind: AttachmentKind; name: string; mediaType: string; extensions: string[] }[] = [
  { kind: 'jpeg', name: 'JPEG 图片', mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  { kind: 'png', name: 'PNG 图片', mediaType: 'image/png', extensions: ['.png'] },
  { kind: 'pdf', name: 'PDF 文档', mediaType: 'application/pdf', extensions: ['.pdf'] },
  { kind: 'mp4', name: 'MP4 视频', mediaType: 'video/mp4', extensions: ['.mp4'] },
  { kind: 'mp3', name: 'MP3 音频', mediaType: 'audio/mpeg', extensions: ['.mp3'] },
  { kind: 'm4a', name: 'M4A 音频', mediaType: 'audio/mp4', extensions: ['.m4a'] },
]

// For the file chooser's `accept`.
export const attachmentAccept = attachmentKinds.flatMap((k) => [...k.extensions, k.mediaType]).join(',')

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b)
}

// The kind of a file by its first bytes, as the server decides it; undefined for any other.
export function sniffAttachment(head: Uint8Array, name: string): AttachmentKind | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf' // %PDF-
  // ISO base media (MP4, M4A): a box "ftyp" at offset 4; the brand tells audio from video.
  if (startsWith(head, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = String.fromCharCode(...head.slice(8, 12))
    return brand.startsWith('M4A') || name.toLowerCase().endsWith('.m4a') ? 'm4a' : 'mp4'
  }
  // MP3: an ID3 tag, or an MPEG audio frame header (11 sync bits).
  if (startsWith(head, [0x49, 0x44, 0x33])) return 'mp3'
  if (head.length > 1 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'mp3'
  return undefined
}

export interface AttachmentCheck {
  problem?: string // why the file cannot be attached; undefined when fine
  mediaType: string // the Content-Type to send it with
}

// Checks `file` in the browser before anything is sent: not empty, not too large, one of the kinds
// the server accepts by its content.
export async function checkAttachment(file: File, limitBytes = maxAttachmentBytes): Promise<AttachmentCheck> {
  const fallbackType = file.type || 'application/octet-stream'
  if (file.size === 0) return { problem: '文件为空', mediaType: fallbackType }
  if (file.size > limitBytes) {
    return { problem: `文件超过 ${Math.round(limitBytes / 1024 / 1024)} MiB`, mediaType: fallbackType }
  }
  let head: Uint8Array
  try {
    head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
  } catch {
    return { problem: '无法读取该文件', mediaType: fallbackType }
  }
  const kind = sniffAttachment(head, file.name)
  if (!kind) {
    return { problem: '只能上传 JPEG、PNG 图片，PDF 文档，MP4 视频或 MP3、M4A 音频', mediaType: fallbackType }
  }
  return { mediaType: attachmentKinds.find((k) => k.kind === kind)!.mediaType }
}

export function formatFileSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

// ---- Public ------------------------------------------------------------------------------------

export interface NewComplaint {
  agency: string // agency code, e.g. ZZGJJ
  topic: ComplaintTopic
  subject: string
  content: string
  // May be empty: anonymous.
  name: string
  phone: string
  email: string
  about: string
}

export interface FiledComplaint {
  tracking: string
  uploadToken: string
  receivedOn: string
  dueOn: string
  maxAttachments: number
  maxAttachmentBytes: number
}

// 201; 400 with `field`, 404 unknown agency, 409 duplicate (same content within 24 hours),
// 429 with Retry-After.
export function fileComplaint(c: NewComplaint): Promise<FiledComplaint> {
  return sendJson('POST', '/api/v1/public/complaints', c)
}

export interface PublicAttachment {
  name: string
  size: number
  sha256?: string
}

// Sends one file as the raw body with the filing's upload token, reporting the bytes sent.
// 201 lists every attachment so far; 413 too large, 415 another type, 409 too many, 403 wrong
// token or too late.
export function uploadComplaintAttachment(
  tracking: string,
  uploadToken: string,
  file: Blob,
  name: string,
  contentType: string,
  progress: (sent: number) => void,
  signal?: AbortSignal,
): Promise<{ attachments: PublicAttachment[] }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const path = `/api/v1/public/complaints/${encodeURIComponent(tracking)}/attachments?name=${encodeURIComponent(name)}`
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', contentType)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('X-Upload-Token', uploadToken)
    const csrf = currentCsrfToken()
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    const abort = () => xhr.abort()
    signal?.addEventListener('abort', abort, { once: true })
    xhr.upload.onprogress = (e) => progress(e.loaded)
    xhr.onerror = () => reject(new ApiError('网络中断，文件未送达。', 0))
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'))
    xhr.onload = () => {
      signal?.removeEventListener('abort', abort)
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const list = (body as { attachments?: PublicAttachment[] } | undefined)?.attachments
        resolve({ attachments: Array.isArray(list) ? list : [] })
        return
      }
      const problem = typeof body === 'object' && body !== null ? (body as Problem) : undefined
      const fallback: Record<number, string> = {
        403: '上传凭据无效或已超过 24 小时，不能再补充附件。',
        409: '附件数量已达上限。',
        413: '文件过大。',
        415: '不支持的文件类型。',
      }
      const message =
        problem?.detail || problem?.title || fallback[xhr.status] || `服务器返回错误（HTTP ${xhr.status}），请稍后重试。`
      reject(new ApiError(message, xhr.status, problem))
    }
    xhr.send(file)
  })
}

export interface TimelineEntry {
  on: string // YYYY-MM-DD
  what: string
}

export interface ComplaintAgency {
  id?: number
  code: string
  name: string
}

// The status page: without the complainant's contacts.
export interface PublicComplaint {
  tracking: string
  agency: ComplaintAgency
  topic: ComplaintTopic | string
  topicName: string
  subject: string
  status: ComplaintStatus | string
  statusName: string
  receivedOn: string
  dueOn: string
  timeline: TimelineEntry[]
  reply: string | null
  repliedOn: string | null
  outcome: ComplaintOutcome | string | null
  outcomeName: string | null
  attachments: PublicAttachment[]
}

// 400 for a malformed or mistyped number, 404 for an unknown one. Revalidated on every visit.
export function fetchPublicComplaint(tracking: string): Promise<PublicComplaint> {
  return getJson(`/api/v1/public/complaints/${encodeURIComponent(tracking)}`, { cache: 'no-cache' })
}

// As typed or pasted: without spaces, upper case (the check symbol is case-insensitive).
export function normalizeTracking(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

// ---- Workbench (permission complaint.handle) ---------------------------------------------------

export interface ComplaintAttachment {
  index: number
  name: string
  size: number
  sha256: string
  mediaType: string
}

export interface ComplaintContacts {
  name?: string
  phone?: string
  email?: string
  about?: string
}

export interface Complaint extends ComplaintContacts {
  id: number
  tracking: string
  agency: ComplaintAgency
  agencyId?: number
  topic: ComplaintTopic | string
  topicName: string
  subject: string
  content?: string
  status: ComplaintStatus | string
  statusName: string
  receivedOn: string
  dueOn: string
  overdue?: boolean
  version?: number
  timeline?: TimelineEntry[]
  reply?: string | null
  repliedOn?: string | null
  outcome?: ComplaintOutcome | string | null
  outcomeName?: string | null
  caseId?: number | null
  caseNumber?: string | null
  reason?: string | null
  assigneeId?: number | null
  assigneeName?: string | null
  assignee?: { id: number; name?: string; displayName?: string } | null
  contacts?: ComplaintContacts | null
  attachments?: ComplaintAttachment[]
}

// The complainant's contacts, wherever the answer puts them.
export function complaintContacts(c: Complaint): Required<ComplaintContacts> {
  const pick = (k: keyof ComplaintContacts) => (c[k] || c.contacts?.[k] || '').trim()
  return { name: pick('name'), phone: pick('phone'), email: pick('email'), about: pick('about') }
}

export function complaintAssigneeName(c: Complaint): string {
  return c.assigneeName || c.assignee?.displayName || c.assignee?.name || ''
}

// The server says; an old answer without the flag: open and past the due date.
export function isOverdue(c: Pick<Complaint, 'overdue' | 'status' | 'dueOn'>, today: string): boolean {
  if (typeof c.overdue === 'boolean') return c.overdue
  return isOpenComplaint(c.status) && !!c.dueOn && c.dueOn < today
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== 0) q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

// Newest first, at most 500.
export function fetchComplaints(f: { status?: ComplaintStatus; agency?: number } = {}): Promise<{ items: Complaint[] }> {
  return getJson(`/api/v1/complaints${query({ status: f.status, agency: f.agency })}`)
}

export function fetchComplaint(id: number): Promise<Complaint> {
  return getJson(`/api/v1/complaints/${id}`, { cache: 'no-cache' })
}

export function complaintAttachmentUrl(id: number, index: number): string {
  return `/api/v1/complaints/${id}/attachments/${index}`
}

// To a user of the agency.
export function assignComplaint(id: number, assigneeId: number): Promise<Complaint | undefined> {
  return sendJson('POST', `/api/v1/complaints/${id}/assign`, { assigneeId })
}

export interface ComplaintReply {
  outcome: ComplaintOutcome
  reply: string
  caseId?: number // a case of the agency it led to: the status becomes case_opened
}

export function replyComplaint(id: number, r: ComplaintReply): Promise<Complaint | undefined> {
  const body: Record<string, unknown> = { outcome: r.outcome, reply: r.reply }
  if (r.caseId) body.caseId = r.caseId
  return sendJson('POST', `/api/v1/complaints/${id}/reply`, body)
}

export function rejectComplaint(id: number, reason: string): Promise<Complaint | undefined> {
  return sendJson('POST', `/api/v1/complaints/${id}/reject`, { reason })
}

export interface CountByCode {
  code: string
  name: string
  count: number
}

export interface ComplaintStats {
  year: number
  total: number
  byTopic: CountByCode[]
  byStatus: CountByCode[]
  byOutcome: CountByCode[]
  onTime: number
  late: number
  pending: number
  meanWorkingDays: number | null
}

export function fetchComplaintStats(year: number, agency?: number): Promise<ComplaintStats> {
  return getJson(`/api/v1/complaints/stats${query({ year, agency })}`)
}
