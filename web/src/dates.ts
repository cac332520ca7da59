// Civil dates as the API writes them (YYYY-MM-DD), computed in UTC so that no local time zone
// or daylight-saving shift can move a day.

export function parseDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!))
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(iso: string, days: number): string {
  const d = parseDate(iso)
  d.setUTCDate(d.getUTCDate() + days)
  return isoDate(d)
}

// 0 Monday … 6 Sunday (the Chinese calendar's week).
export function weekdayIndex(iso: string): number {
  return (parseDate(iso).getUTCDay() + 6) % 7
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const d = new Date(Date.UTC(y!, m! - 1 + n, 1))
  return isoDate(d).slice(0, 7)
}

// The six weeks (Monday first) that show `month` (YYYY-MM) in a month grid.
export function monthGrid(month: string): string[] {
  const first = `${month}-01`
  const start = addDays(first, -weekdayIndex(first))
  return Array.from({ length: 42 }, (_, i) => addDays(start, i))
}
