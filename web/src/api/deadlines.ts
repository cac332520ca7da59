import { getJson, sendJson } from './client'

// The deadline tracker (期限管理): every obligation that runs against the official working-day
// calendar, its due date and state, extensions with their approval, and the rules catalogue
// (src/domain/deadline.h) with per-agency periods.

export type DeadlineStateCode = 'on_time' | 'due_soon' | 'overdue' | 'done_on_time' | 'done_late'

// In the order the counts are shown: what needs attention first.
export const deadlineStates: { code: DeadlineStateCode; name: string }[] = [
  { code: 'overdue', name: '已逾期' },
  { code: 'due_soon', name: '即将到期' },
  { code: 'on_time', name: '未到期' },
  { code: 'done_on_time', name: '按期完成' },
  { code: 'done_late', name: '逾期完成' },
]

export function deadlineStateName(code: string): string {
  return deadlineStates.find((s) => s.code === code)?.name ?? code
}

export function isDeadlineStateCode(value: unknown): value is DeadlineStateCode {
  return deadlineStates.some((s) => s.code === value)
}

export function isOpen(state: DeadlineStateCode): boolean {
  return state === 'on_time' || state === 'due_soon' || state === 'overdue'
}

export type DeadlineCounts = Record<DeadlineStateCode, number>

// 延长期限, with who approved it.
export interface Extension {
  days: number
  reason: string
  approvedBy: number
  approvedByName: string
  at: string
}

// A due date that moved: a schedule was loaded, a period was extended, a rule changed.
export interface DueChange {
  at: string
  oldDue: string
  newDue: string
  reason: string
}

export interface Deadline {
  id: number
  agencyId: number
  agencyName: string
  ruleCode: string
  ruleName: string
  legalBasis: string
  subject: string
  object: string
  assigneeId: number | null
  assigneeName: string
  startDate: string
  dueDate: string
  // The due date runs into a year whose holiday schedule is not published yet (weekends only).
  provisional: boolean
  // Which holidays and make-up days the calculation took into account.
  explanation: string
  state: DeadlineStateCode
  stateName: string
  doneOn: string | null
  extendedDays: number
  extensions: Extension[]
  changes: DueChange[]
}

export interface DeadlineList {
  items: Deadline[]
  counts: DeadlineCounts
}

export interface DeadlineFilter {
  state?: DeadlineStateCode
  rule?: string
  mine?: boolean
  agency?: number
  from?: string // due on or after
  to?: string // due on or before
}

export interface NewDeadline {
  ruleCode: string
  subject: string
  object?: string
  startDate: string
  assigneeId?: number
}

export interface RulePeriod {
  unit: string
  amount: number
  month?: number
  day?: number
  // 7个工作日, 90日, 3个月, 次年1月31日前
  text: string
}

export interface DeadlineRule {
  code: string
  name: string
  legalBasis: string
  period: RulePeriod
  startsOn: string
  stopsOn: string
  // The agency sets its own period (no statutory length); otherwise it may only shorten it.
  configurable: boolean
  extendable: boolean
  maxExtensionDays: number
  // The agency's own period, when it set one.
  override: { amount: number; text: string } | null
}

export interface AgencySummary {
  agencyId: number
  agencyName: string
  counts: DeadlineCounts
}

// 每日汇总
export interface DeadlineSummary {
  date: string
  agencies: AgencySummary[]
  dueToday: Deadline[]
  dueSoon: Deadline[]
  overdue: Deadline[]
}

export function emptyCounts(): DeadlineCounts {
  return { on_time: 0, due_soon: 0, overdue: 0, done_on_time: 0, done_late: 0 }
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function fetchDeadlines(f: DeadlineFilter = {}): Promise<DeadlineList> {
  return getJson(
    `/api/v1/deadlines${query({
      state: f.state,
      rule: f.rule,
      mine: f.mine ? 1 : undefined,
      agency: f.agency,
      from: f.from,
      to: f.to,
    })}`,
  )
}

export function createDeadline(d: NewDeadline): Promise<Deadline> {
  return sendJson('POST', '/api/v1/deadlines', d)
}

export function completeDeadline(id: number, doneOn: string): Promise<Deadline> {
  return sendJson('POST', `/api/v1/deadlines/${id}/complete`, { doneOn })
}

export function extendDeadline(id: number, days: number, reason: string): Promise<Deadline> {
  return sendJson('POST', `/api/v1/deadlines/${id}/extensions`, { days, reason })
}

export function fetchDeadlineSummary(date?: string): Promise<DeadlineSummary> {
  return getJson(`/api/v1/deadlines/summary${query({ date })}`)
}

export function fetchDeadlineRules(agency?: number): Promise<{ rules: DeadlineRule[] }> {
  return getJson(`/api/v1/deadline-rules${query({ agency })}`)
}

export function setRuleOverride(agencyId: number, code: string, amount: number): Promise<unknown> {
  return sendJson('PUT', `/api/v1/agencies/${agencyId}/deadline-rules/${encodeURIComponent(code)}`, { amount })
}

export function clearRuleOverride(agencyId: number, code: string): Promise<unknown> {
  return sendJson('DELETE', `/api/v1/agencies/${agencyId}/deadline-rules/${encodeURIComponent(code)}`)
}
