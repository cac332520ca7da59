import { getJson, sendBytes } from './client'

// The official working-day calendar (工作日历): the State Council's holiday schedules by year, the
// public day table and due-date calculator, and importing a new or amended year (supervising
// organisation's administrator).

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup'

export interface CalendarDay {
  date: string
  working: boolean
  kind: DayKind
  // The holiday's name, or for a make-up day (调休上班) the holiday it is for.
  name: string
  // The year's schedule is not published: weekends only, may change.
  provisional: boolean
}

export interface CalendarYear {
  year: number
  version: number
  notice: string
  number: string
  dated: string | null
  source: 'official' | 'imported' | string
}

export interface CalendarYears {
  years: CalendarYear[]
  // The first year without a published schedule.
  provisionalFrom: number
}

export interface DueAnswer {
  due: string
  provisional: boolean
  explanation: string
}

export type DuePeriod =
  | { rule: string }
  | { workingDays: number }
  | { calendarDays: number }
  | { months: number }

export interface CalendarImportResult {
  year: number
  oldVersion: number | null
  newVersion: number
  change: string
  recomputed: number
}

// The public answers may be cached for a minute; the workbench asks with `fresh`, so that a
// schedule just loaded shows at once.
function freshness(fresh: boolean): RequestInit | undefined {
  return fresh ? { cache: 'no-cache' } : undefined
}

// At most 400 days per request (the server's limit).
export function fetchCalendar(from: string, to: string, fresh = false): Promise<{ days: CalendarDay[] }> {
  return getJson(`/api/v1/public/calendar?from=${from}&to=${to}`, freshness(fresh))
}

export function fetchCalendarYears(fresh = false): Promise<CalendarYears> {
  return getJson('/api/v1/public/calendar/years', freshness(fresh))
}

export function computeDue(start: string, period: DuePeriod): Promise<DueAnswer> {
  const q = new URLSearchParams({ start })
  for (const [k, v] of Object.entries(period)) q.set(k, String(v))
  return getJson(`/api/v1/public/calendar/due?${q.toString()}`)
}

// `document` is a sanxiang.calendar/1 JSON document holding exactly one year, sent as written.
export function importCalendarYear(document: string): Promise<CalendarImportResult> {
  return sendBytes('POST', '/api/v1/calendar/years', new Blob([document]), 'application/json')
}

export function sourceName(source: string): string {
  return source === 'official' ? '内置官方数据' : source === 'imported' ? '导入' : source
}
