import { getJson, sendJson } from './client'

// 行政执法统计年报 (docs/supervision.md): compiled from one agency's data of one calendar year as a
// draft, reviewed, then published on the portal by 31 January of the next year. Publishing again
// makes a new version; every version stays readable and shows what changed.

export type ReportStatus = 'draft' | 'published' | 'superseded'

export function reportStatusName(status: string): string {
  switch (status) {
    case 'draft':
      return '草稿'
    case 'published':
      return '已发布'
    case 'superseded':
      return '已被新版本取代'
    default:
      return status
  }
}

export interface ReportAgency {
  id?: number
  code: string
  name: string
}

export interface ReportRow {
  code: string
  label: string
  unit: string
  value: number | null
  previous: number | null // the same row of the previous year's latest published report
}

export interface ReportSection {
  code: string // penalty, inspection, coercion, review, hearing, remedy, publication, complaint
  title: string
  rows: ReportRow[]
}

export type ChartKind = 'bar' | 'pie' | 'line'

export interface ReportChart {
  code: string
  title: string
  kind: ChartKind | string
  labels: string[]
  values: (number | null)[]
  previous?: (number | null)[] | null
}

// A row that differs from the version published before.
export interface ReportChange {
  code: string
  label: string
  from: number | null
  to: number | null
}

export interface ReportVersion {
  version: number
  publishedOn: string | null
  note: string
}

export interface AnnualReport {
  agency: ReportAgency
  year: number
  version: number
  status: ReportStatus | string
  compiledAt: string // RFC 3339
  publishedOn: string | null
  digest: string // sha256 of the data
  note: string
  previousYear: { available: boolean; version: number | null } | null
  sections: ReportSection[]
  charts: ReportChart[]
  changes: ReportChange[]
  versions: ReportVersion[]
}

// ---- Workbench (permission report.annual) ------------------------------------------------------

// 400 for a year in the future or before 2000; 422 no-data when the agency has no case,
// inspection or complaint in that year.
export function draftAnnualReport(year: number, agency?: number): Promise<AnnualReport> {
  return sendJson('POST', `/api/v1/reports/annual/${year}/draft`, agency ? { agency } : {})
}

export interface AnnualReportState {
  draft: AnnualReport | null
  published: AnnualReport[]
}

export function fetchAnnualReports(year: number, agency?: number): Promise<AnnualReportState> {
  const q = agency ? `?agency=${agency}` : ''
  return getJson(`/api/v1/reports/annual/${year}${q}`, { cache: 'no-cache' })
}

// Publishes the latest draft; a note is required when a version was published before.
export function publishAnnualReport(year: number, note: string): Promise<AnnualReport | undefined> {
  return sendJson('POST', `/api/v1/reports/annual/${year}/publish`, { confirm: true, note })
}

// ---- Public ------------------------------------------------------------------------------------

export interface PublishedReportSummary {
  agency: ReportAgency
  year: number
  version: number
  publishedOn: string | null
}

export function fetchPublishedReports(): Promise<{ items: PublishedReportSummary[] }> {
  return getJson('/api/v1/public/reports/annual')
}

export type ReportFormat = 'pdf' | 'xlsx' | 'csv'
export const reportFormats: { format: ReportFormat; name: string }[] = [
  { format: 'pdf', name: 'PDF' },
  { format: 'xlsx', name: 'Excel（XLSX）' },
  { format: 'csv', name: 'CSV' },
]

// The public report's address: without `agency` the first agency's that published one that year,
// without `version` the latest; `format` for the exports.
export function publicReportUrl(year: number, agency?: string, version?: number, format?: ReportFormat): string {
  const q = new URLSearchParams()
  if (agency) q.set('agency', agency)
  if (version) q.set('version', String(version))
  if (format) q.set('format', format)
  const s = q.toString()
  return `/api/v1/public/reports/annual/${year}${s ? `?${s}` : ''}`
}

// 404 when nothing is published for that year.
export function fetchPublicAnnualReport(year: number, agency?: string, version?: number): Promise<AnnualReport> {
  return getJson(publicReportUrl(year, agency, version), { cache: 'no-cache' })
}

// ---- Display -----------------------------------------------------------------------------------

const plain = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

// Amounts in 元 with two decimals, rates in % with one, counts as they are.
export function formatReportValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (unit === '元') return money.format(value)
  if (unit === '%') return value.toFixed(1)
  return plain.format(value)
}

// This year against the last: "+3", "-1.5", "0"; rates in percentage points.
export function formatReportChange(value: number | null | undefined, previous: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || previous === null || previous === undefined) return '—'
  const d = value - previous
  if (Math.abs(d) < 1e-9) return '0'
  const sign = d > 0 ? '+' : '-'
  const abs = Math.abs(d)
  if (unit === '%') return `${sign}${abs.toFixed(1)} 个百分点`
  if (unit === '元') return `${sign}${money.format(abs)}`
  return `${sign}${plain.format(abs)}`
}
