import { getBlob, getJson, sendBytes, sendJson } from './client'

// The personnel database (执法人员库 / 法制审核人员库): the public list and certificate check, and the
// staff routes for officers, certificates, trainings, the dashboard and the CSV import.

// Whether a certificate lets its holder enforce today (行政处罚法 第42条), as the server judges it.
export type Validity = '有效' | '尚未生效' | '已过期' | '暂扣' | '注销'
// The status the issuing authority recorded.
export type CertificateStatus = '有效' | '暂扣' | '注销'
export const certificateStatuses: CertificateStatus[] = ['有效', '暂扣', '注销']
export const validities: Validity[] = ['有效', '尚未生效', '已过期', '暂扣', '注销']

// 执法证号: 4–32 upper-case letters, digits or hyphens (IsCertificateNumber on the server).
export const certNumberPattern = /^[A-Z0-9-]{4,32}$/

// What the law requires to publish (国办发〔2018〕118号 二(一)) and today's validity.
export interface PublicOfficer {
  name: string
  title: string
  certNumber: string
  area: string
  category: string
  agency: string
  validity: Validity
}

export interface PublicOfficerList {
  items: PublicOfficer[]
  checkedOn: string
}

export interface Verification {
  name: string
  agency: string
  category: string
  area: string
  validity: Validity
  valid: boolean
  expiresOn: string
  checkedOn: string
  // The officer's object in the ledger ("officer:7"), whose history anyone can verify.
  ledgerObject?: string
}

export interface Officer {
  id: number
  agencyId: number
  agency: string
  departmentId: number | null
  department: string | null
  name: string
  title: string
  certNumber: string
  issuer: string
  issuedOn: string
  expiresOn: string
  status: CertificateStatus
  validity: Validity
  category: string
  area: string
  legalReviewer: boolean
  legalQualificationNumber: string | null
  firstTimeReviewer: boolean
  trainings: number
  createdAt: string
  updatedAt: string
}

export type TrainingKind = '岗前培训' | '岗位培训'
export type TrainingResult = '合格' | '不合格'

export interface TrainingRecord {
  id: number
  officerId: number
  kind: TrainingKind
  date: string
  hours: number
  result: TrainingResult
  createdAt: string
}

export interface OfficerDetail extends Officer {
  trainingRecords: TrainingRecord[]
}

export interface NewOfficer {
  name: string
  title: string
  departmentId?: number
  certNumber: string
  issuer: string
  issuedOn: string
  expiresOn: string
  status?: CertificateStatus
  category: string
  area: string
  legalReviewer?: boolean
  firstTimeReviewer?: boolean
  legalQualificationNumber?: string
}

export interface OfficerChange {
  status?: CertificateStatus
  expiresOn?: string
  title?: string
  area?: string
}

export interface NewTraining {
  kind: TrainingKind
  date: string
  hours: number
  result: TrainingResult
}

export interface OfficerBrief {
  id: number
  name: string
  department: string | null
  certNumber: string
  expiresOn: string
  daysLeft: number
  validity: Validity
}

export interface PeopleDashboard {
  today: string
  warnDays: number
  expiring: OfficerBrief[]
  invalid: OfficerBrief[]
  reviewers: {
    reviewers: number
    officers: number
    ratio: number
    meetsRule: boolean
    rule: string
  }
}

export interface ImportResult {
  imported: number
}

export function fetchPublicOfficers(agency?: number): Promise<PublicOfficerList> {
  const query = agency ? `?agency=${agency}` : ''
  return getJson<PublicOfficerList>(`/api/v1/public/officers${query}`)
}

export function verifyCertificate(cert: string): Promise<Verification> {
  return getJson<Verification>(`/api/v1/public/officers/verify?cert=${encodeURIComponent(cert)}`)
}

export function fetchAgencyOfficers(agencyId: number): Promise<{ items: Officer[] }> {
  return getJson(`/api/v1/agencies/${agencyId}/officers`)
}

export function fetchOfficer(id: number): Promise<OfficerDetail> {
  return getJson(`/api/v1/officers/${id}`)
}

export function createOfficer(agencyId: number, officer: NewOfficer): Promise<Officer> {
  return sendJson('POST', `/api/v1/agencies/${agencyId}/officers`, officer)
}

export function updateOfficer(id: number, change: OfficerChange): Promise<Officer> {
  return sendJson('PATCH', `/api/v1/officers/${id}`, change)
}

export function addTraining(id: number, training: NewTraining): Promise<TrainingRecord> {
  return sendJson('POST', `/api/v1/officers/${id}/trainings`, training)
}

export function fetchPeopleDashboard(agencyId: number): Promise<PeopleDashboard> {
  return getJson(`/api/v1/agencies/${agencyId}/people-dashboard`)
}

// All rows or none: a refused file throws ApiError whose problem lists `errors` row by row.
export function importOfficersCsv(agencyId: number, file: Blob): Promise<ImportResult> {
  return sendBytes('POST', `/api/v1/agencies/${agencyId}/officers/import`, file, 'text/csv')
}

export interface OfficerQr {
  svg: Blob
  // The link the code holds (the server's public URL may differ from this page's origin).
  verifyUrl?: string
}

export async function fetchOfficerQr(id: number): Promise<OfficerQr> {
  const { blob, headers } = await getBlob(`/api/v1/officers/${id}/qr.svg`, 'image/svg+xml')
  const svg = blob.type === 'image/svg+xml' ? blob : new Blob([blob], { type: 'image/svg+xml' })
  return { svg, verifyUrl: headers.get('X-Verify-Url') ?? undefined }
}

// The public certificate-check page for a certificate number, as an absolute URL of this site.
export function verifyUrl(certNumber: string, origin = window.location.origin): string {
  return `${origin}/verify?cert=${encodeURIComponent(certNumber)}`
}

// Columns of the import file (src/services/people_service.cc), in the template's order.
export const importColumns = [
  '姓名',
  '部门',
  '职务',
  '执法证号',
  '发证机关',
  '发证日期',
  '有效期至',
  '证件状态',
  '执法类别',
  '执法区域',
] as const

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

// The import template: the header and one example row. The BOM lets Excel open it as UTF-8;
// the server accepts it with or without.
export function importTemplate(department = '监察执法处'): Blob {
  const example = [
    '张三',
    department,
    '科员',
    'ZZGJJ-2026-101',
    '郑州市人民政府',
    '2026-01-01',
    '2029-12-31',
    '有效',
    '住房公积金行政执法',
    '郑州市',
  ]
  return new Blob(['\uFEFF', toCsv([importColumns, example])], { type: 'text/csv;charset=utf-8' })
}

// Colour of the tag that shows a validity.
export function validityTagType(v: string): 'success' | 'warning' | 'danger' | 'info' {
  switch (v) {
    case '有效':
      return 'success'
    case '暂扣':
    case '尚未生效':
      return 'warning'
    case '已过期':
    case '注销':
      return 'danger'
    default:
      return 'info'
  }
}
