import { ApiError, getJson, sendJson, type Problem } from './client'

// Evidence (证据, docs/cases.md "Evidence"): files uploaded in chunks of at most 8 MiB (tus-like:
// PATCH with Upload-Offset; a wrong offset answers 409 with the server's offset, so an upload
// resumes from there), the evidence of a case with its media facts and poster frame, playback
// from the content URL (Range requests; the session cookie authenticates), and the case file
// (案卷): the BagIt bag and its 四性检测 report.

export interface Upload {
  id: number
  caseId: number
  filename: string
  size: number
  offset: number
  declaredType: string
  status: string
  chunkBytes: number
  createdAt: string
  updatedAt: string
}

export interface NewUpload {
  filename: string
  size: number
  declaredType: string
  description?: string
  collectedAt?: string
  place?: string
  deviceId?: string
  step?: string
}

export interface MediaStream {
  kind: string // video, audio, …
  codec: string
  width?: number | null
  height?: number | null
  sampleRate?: number | null
  channels?: number | null
}

// What the server read from the file's container (ffprobe-like); null when it is not media.
export interface MediaInfo {
  format: string
  durationMs: number | null
  streams: MediaStream[]
  creationTime: string | null
  deviceMake: string | null
  deviceModel: string | null
  encoder: string | null
}

export interface CustodyEntry {
  userId: number
  userName: string
  action: 'view' | 'download' | 'export' | string
  at: string
  remote: string
}

export interface Evidence {
  id: number
  caseId: number
  agencyId: number
  uploadId: number
  filename: string
  mediaType: string
  size: number
  sha256: string // "sha256:<hex>" of the file
  step: string // 所属环节, a scene code (evidenceScenes); empty when not given
  description: string
  collectedAt: string
  place: string
  deviceId: string
  collectedBy: number
  collectedByName?: string
  createdAt: string
  object: string // its ledger object, "evidence:<id>"
  content: string // URL of the bytes (Range)
  media?: MediaInfo | null
  poster?: string | null // URL of a PNG poster frame
  custody?: CustodyEntry[] // only on GET /api/v1/evidence/{id}
}

// 所属环节: the scene a piece of evidence belongs to (src/domain/recording.cc). A recording with
// the scene of a step counts for that step's 音像记录 duty (查封扣押 needs one; 调查取证, 举行听证,
// 留置/公告送达 and 当场处罚 one or a reason why there is none).
export const evidenceScenes: { code: string; name: string }[] = [
  { code: 'investigation', name: '调查取证' },
  { code: 'seize', name: '查封扣押' },
  { code: 'decide_on_spot', name: '当场处罚' },
  { code: 'hold_hearing', name: '举行听证' },
  { code: 'serve', name: '送达' },
  { code: 'execution', name: '执行' },
  { code: 'other', name: '其他' },
]

export function sceneName(code: string): string {
  return evidenceScenes.find((s) => s.code === code)?.name ?? code
}

// The scene evidence gathered now most likely belongs to, by the case's stage.
export function sceneForStage(stage: string): string {
  if (['lead', 'investigation'].includes(stage)) return 'investigation'
  if (stage === 'hearing') return 'hold_hearing'
  if (stage === 'decided') return 'serve'
  if (['served', 'enforcement', 'court', 'executed'].includes(stage)) return 'execution'
  return 'other'
}

// The types the server accepts (it sniffs the bytes and refuses a mismatch).
export const evidenceTypes: { type: string; name: string; ext: string[] }[] = [
  { type: 'image/jpeg', name: 'JPEG 图片', ext: ['jpg', 'jpeg'] },
  { type: 'image/png', name: 'PNG 图片', ext: ['png'] },
  { type: 'video/mp4', name: 'MP4 视频', ext: ['mp4', 'm4v'] },
  { type: 'video/webm', name: 'WebM 视频', ext: ['webm'] },
  { type: 'video/quicktime', name: 'QuickTime 视频', ext: ['mov'] },
  { type: 'audio/mpeg', name: 'MP3 音频', ext: ['mp3'] },
  { type: 'audio/mp4', name: 'M4A 音频', ext: ['m4a'] },
  { type: 'audio/wav', name: 'WAV 音频', ext: ['wav'] },
  { type: 'application/pdf', name: 'PDF 文件', ext: ['pdf'] },
]

// The declared type of a picked file: the browser's, if the server takes it, else by extension.
export function declaredTypeOf(file: File): string | undefined {
  const type = typeAliases[file.type] ?? file.type
  if (evidenceTypes.some((t) => t.type === type)) return type
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  return evidenceTypes.find((t) => t.ext.includes(ext))?.type
}

// Names the sniffed types too (libmagic says audio/x-wav for WAV).
const typeAliases: Record<string, string> = { 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/x-m4a': 'audio/mp4' }

export function mediaTypeName(type: string): string {
  const t = typeAliases[type] ?? type
  return evidenceTypes.find((e) => e.type === t)?.name ?? type
}

export function mediaKind(type: string): 'video' | 'audio' | 'image' | 'other' {
  if (type.startsWith('video/')) return 'video'
  if (type.startsWith('audio/')) return 'audio'
  if (type.startsWith('image/')) return 'image'
  return 'other'
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return ''
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
  return h ? `${h}:${mmss}` : mmss
}

export function custodyActionName(action: string): string {
  return ({ view: '查看', download: '下载', export: '导出' } as Record<string, string>)[action] ?? action
}

// ---- requests ----------------------------------------------------------------------------------

export function fetchEvidence(caseId: number): Promise<{ items: Evidence[] }> {
  return getJson(`/api/v1/cases/${caseId}/evidence`)
}

export function fetchEvidenceItem(id: number): Promise<Evidence> {
  return getJson(`/api/v1/evidence/${id}`)
}

export function createUpload(caseId: number, u: NewUpload): Promise<Upload> {
  return sendJson('POST', `/api/v1/cases/${caseId}/evidence/uploads`, u)
}

export function fetchUpload(id: number): Promise<Upload> {
  return getJson(`/api/v1/uploads/${id}`)
}

export function discardUpload(id: number): Promise<void> {
  return sendJson('DELETE', `/api/v1/uploads/${id}`)
}

export function evidenceDownloadUrl(e: Evidence): string {
  return `${e.content}?download=1`
}

// The answer to one chunk: the server's offset after it, and the evidence once the last byte
// arrived.
export interface ChunkResult {
  offset: number
  evidence?: Evidence
}

// Sends one chunk with XMLHttpRequest (fetch cannot report upload progress). `progress` gets
// the bytes of this chunk sent so far. A refusal rejects with ApiError carrying the problem
// document (409: `offset` is the server's); a dropped connection with status 0.
export function sendChunk(
  uploadId: number,
  offset: number,
  chunk: Blob,
  csrf: string | undefined,
  progress: (sent: number) => void,
  signal: AbortSignal,
): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PATCH', `/api/v1/uploads/${uploadId}`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream')
    xhr.setRequestHeader('Upload-Offset', String(offset))
    xhr.setRequestHeader('Accept', 'application/json')
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    const abort = () => xhr.abort()
    signal.addEventListener('abort', abort, { once: true })
    xhr.upload.onprogress = (e) => progress(e.loaded)
    xhr.onerror = () => reject(new ApiError('网络中断，数据块未送达。', 0))
    xhr.onabort = () => reject(new DOMException('上传已暂停', 'AbortError'))
    xhr.onload = () => {
      signal.removeEventListener('abort', abort)
      const serverOffset = Number(xhr.getResponseHeader('Upload-Offset'))
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      if (xhr.status === 201) {
        resolve({ offset: serverOffset || offset + chunk.size, evidence: body as Evidence })
      } else if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ offset: Number.isFinite(serverOffset) ? serverOffset : offset + chunk.size })
      } else {
        const problem = typeof body === 'object' && body !== null ? (body as Problem) : undefined
        const message =
          problem?.detail || problem?.title || `服务器返回错误（HTTP ${xhr.status}），请稍后重试。`
        reject(new ApiError(message, xhr.status, problem))
      }
    }
    xhr.send(chunk)
  })
}

// ---- case file (案卷) --------------------------------------------------------------------------

export interface CheckItem {
  subject: string
  message: string
}

export interface CheckSection {
  name: string // 真实性, 完整性, 可用性, 安全性
  ok: boolean
  passed: CheckItem[]
  failed: CheckItem[]
  skipped: CheckItem[]
}

// 四性检测 of a closed case's file (DA/T 70 真实性、完整性、可用性、安全性).
export interface ArchiveCheck {
  caseNumber: string
  items: number
  ok: boolean
  checkedAt: string
  sections: CheckSection[]
  completeness?: unknown
}

export function checkArchive(caseId: number): Promise<ArchiveCheck> {
  return getJson(`/api/v1/cases/${caseId}/archive/check`)
}

export function archiveBagUrl(caseId: number): string {
  return `/api/v1/cases/${caseId}/archive/bag`
}
