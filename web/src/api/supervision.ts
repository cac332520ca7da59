import { getJson } from './client'

// 考核监督 (docs/supervision.md): the assessment indicators of an agency over a period of months,
// each with its monthly values, and the complaints still open. Staff read their own agency's; a
// supervisor (司法局) reads any agency's, or every agency's at once.

export type IndicatorCode =
  | 'publication.on_time'
  | 'withdrawal.on_time'
  | 'review.on_time'
  | 'review.first_pass'
  | 'case.over_90_days'
  | 'evidence.coverage'
  | 'certificate.expired'
  | 'complaint.response_days'
  | 'complaint.on_time'
  | 'evaluation.score'

// In the order of the document, with what each measures (for the cards' explanations).
export const indicatorDefinitions: { code: IndicatorCode; name: string; what: string }[] = [
  { code: 'publication.on_time', name: '公示及时率', what: '应在期间内公示的行政处罚决定（7 个工作日）和执法结果（20 个工作日）中按期公示的比例' },
  { code: 'withdrawal.on_time', name: '撤下及时率', what: '应撤下的公示信息在 3 个工作日内撤下的比例' },
  { code: 'review.on_time', name: '法制审核按时率', what: '法制审核在期限内出具意见的比例' },
  { code: 'review.first_pass', name: '法制审核一次通过率', what: '首次送审即获同意的案件占首次送审已出具意见案件的比例' },
  { code: 'case.over_90_days', name: '超 90 日未办结案件', what: '立案超过 90 日至期末仍未作出决定的案件数（越少越好）' },
  { code: 'evidence.coverage', name: '音像记录覆盖率', what: '需要全过程音像记录的执法环节中已附音像记录的比例' },
  { code: 'certificate.expired', name: '执法证过期人数', what: '期末执法证已过期的执法人员人数' },
  { code: 'complaint.response_days', name: '投诉平均答复用时', what: '期间内答复的投诉举报自受理至答复的平均工作日数' },
  { code: 'complaint.on_time', name: '投诉按时答复率', what: '投诉举报在答复期限内答复的比例' },
  { code: 'evaluation.score', name: '案卷评查平均分', what: '期间内评查案卷的平均得分' },
]

export function indicatorWhat(code: string): string | undefined {
  return indicatorDefinitions.find((d) => d.code === code)?.what
}

export interface IndicatorMonth {
  month: string // YYYY-MM
  value: number | null
  numerator: number | null
  denominator: number | null
}

export interface Indicator {
  code: IndicatorCode | string
  name: string
  unit: string
  value: number | null // null when there is nothing to measure
  numerator: number | null
  denominator: number | null
  better: 'higher' | 'lower' | string
  months: IndicatorMonth[]
}

export interface AgencyIndicators {
  id: number
  code: string
  name: string
  indicators: Indicator[]
  complaintsOpen: number
  complaintsOverdue: number
}

export interface IndicatorReport {
  from: string // YYYY-MM
  to: string
  asOf: string // YYYY-MM-DD
  agencies: AgencyIndicators[]
}

// `agency` left out (a supervisor only): every agency.
export function fetchIndicators(f: { agency?: number; from: string; to: string }): Promise<IndicatorReport> {
  const q = new URLSearchParams()
  if (f.agency) q.set('agency', String(f.agency))
  q.set('from', f.from)
  q.set('to', f.to)
  return getJson(`/api/v1/supervision/indicators?${q.toString()}`)
}

// A value as the card shows it: rates with one decimal and %, counts whole, means with one decimal.
export function formatIndicatorValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (unit === '%') return `${value.toFixed(1)}%`
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1)
  return unit ? `${text} ${unit}` : text
}
