import { expect, test, type Locator, type Page } from '@playwright/test'

import { csrfToken, signIn, unique } from './helpers'

// The working-day calendar in the workbench and on the portal, and loading a holiday schedule.
// The import test loads the first year that has no schedule yet (2027 on a fresh database), so it
// can run again against the same server: the next run loads the year after.

function day(page: Page, date: string): Locator {
  return page.locator(`[data-testid="calendar-day"][data-date="${date}"]`)
}

test('the calendar marks 国庆节 2026 and the 调休上班 day, and moves between months', async ({ page }) => {
  await signIn(page, 'demo.officer', undefined, '/work/deadlines?tab=calendar&month=2026-09')
  await expect(page.getByTestId('calendar-month')).toHaveText('2026 年 9 月')
  await expect(day(page, '2026-09-20')).toHaveAttribute('data-kind', 'makeup')

  await page.getByTestId('calendar-next').click()
  await expect(page).toHaveURL(/month=2026-10/)
  await expect(page.getByTestId('calendar-month')).toHaveText('2026 年 10 月')
  for (let d = 1; d <= 7; d++) {
    const cell = day(page, `2026-10-0${d}`)
    await expect(cell).toHaveAttribute('data-kind', 'holiday')
    await expect(cell.getByTestId('calendar-day-name')).toHaveText('国庆节')
  }
  await expect(day(page, '2026-10-08')).toHaveAttribute('data-kind', 'weekday')
  const makeup = day(page, '2026-10-10')
  await expect(makeup).toHaveAttribute('data-kind', 'makeup')
  await expect(makeup).toContainText('调休上班')
  await expect(makeup).toContainText('班')
  await expect(day(page, '2026-10-11')).toHaveAttribute('data-kind', 'weekend')

  await page.getByTestId('calendar-prev').click()
  await expect(page.getByTestId('calendar-month')).toHaveText('2026 年 9 月')
})

test('the portal computes a due date in working days across 国庆节', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('nav-workdays').click()
  await expect(page).toHaveURL(/\/workdays$/)
  const form = page.getByRole('form', { name: '工作日计算' })
  await form.getByLabel('起算日期').fill('2026-09-30')
  await form.getByLabel('起算日期').press('Enter')
  await form.getByRole('spinbutton', { name: '期限' }).fill('5')
  await form.getByText('工作日', { exact: true }).click()
  await form.getByRole('button', { name: '计算' }).click()
  // 10-01…10-07 off, 10-08, 10-09, 10-10 (调休上班), 10-12, 10-13.
  await expect(page.getByTestId('workdays-due')).toHaveText('2026-10-13')
  await expect(page.getByTestId('workdays-explanation')).toContainText('国庆节')
})

interface Item {
  id: number
  subject: string
  dueDate: string
  provisional: boolean
  doneOn: string | null
}

function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay()
}

function plusDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

// A schedule for `year` as its notice would give it: 元旦 01-01…01-03, 春节 02-06…02-12, and a
// make-up working day on the first weekend day after 春节.
function schedule(year: number): string {
  let makeup = `${year}-02-13`
  while (weekday(makeup) !== 0 && weekday(makeup) !== 6) makeup = plusDays(makeup, 1)
  return JSON.stringify({
    format: 'sanxiang.calendar/1',
    region: 'CN',
    years: [
      {
        year,
        versions: [
          {
            version: 1,
            notice: `国务院办公厅关于${year}年部分节假日安排的通知`,
            number: `国办发明电〔${year - 1}〕99号`,
            dated: `${year - 1}-11-20`,
            holidays: [
              { name: '元旦', from: `${year}-01-01`, to: `${year}-01-03` },
              { name: '春节', from: `${year}-02-06`, to: `${year}-02-12` },
            ],
            workdays: [{ date: makeup, for: '春节' }],
          },
        ],
      },
    ],
  })
}

async function deadlines(page: Page): Promise<Item[]> {
  const response = await page.request.get('/api/v1/deadlines')
  expect(response.ok(), await response.text()).toBeTruthy()
  return ((await response.json()) as { items: Item[] }).items
}

test('the bureau administrator loads next year’s schedule and provisional deadlines move', async ({ page, browser }) => {
  const years = await (await page.request.get('/api/v1/public/calendar/years')).json()
  const year = (years as { provisionalFrom: number }).provisionalFrom

  // A deadline running into that year: 20 working days from 24 December cross 元旦.
  const subject = `临时期限${unique()}`
  await signIn(page, 'demo.leader', undefined, '/work/deadlines')
  const created = await page.request.post('/api/v1/deadlines', {
    headers: { 'X-CSRF-Token': await csrfToken(page) },
    data: { ruleCode: 'publish.result', subject, startDate: `${year - 1}-12-24` },
  })
  expect(created.status(), await created.text()).toBe(201)
  const mine = (await created.json()) as Item
  expect(mine.provisional).toBe(true)
  const before = await deadlines(page)
  // Open ones only: a deadline already met keeps the due date it was met against (RULES.md §7:
  // a new schedule recomputes every open deadline), e.g. the archived demo case's 90-day limit.
  const provisional = before.filter((d) => d.provisional && !d.doneOn && d.dueDate < `${year + 1}-01-01`)

  await page.goto('/work/deadlines')
  const row = page.getByTestId('deadline-table').locator('tbody tr.deadline-row').filter({ hasText: subject })
  await expect(row.getByTestId('deadline-due')).toHaveText(mine.dueDate)
  await expect(row.getByTestId('provisional-badge')).toBeVisible()

  // Only the bureau's administrator is offered the import.
  await page.goto('/work/calendar')
  await expect(page.getByTestId('workbench-title')).toHaveText('节假日安排')
  await expect(page.getByTestId('calendar-import')).toHaveCount(0)

  // The bureau's administrator, in a browser of their own.
  const bureau = await (await browser.newContext()).newPage()
  await signIn(bureau, 'demo.sfj.admin', undefined, '/work/calendar')
  await expect(bureau.getByTestId('calendar-provisional-from')).toContainText(`${year} 年起`)
  const yearsTable = bureau.getByTestId('calendar-years')
  await expect(yearsTable.locator('tbody tr').filter({ hasText: '国务院办公厅关于2026年部分节假日安排的通知' })).toBeVisible()
  await bureau.getByTestId('calendar-import-text').fill(schedule(year))
  await bureau.getByTestId('calendar-import-submit').click()
  const done = bureau.getByTestId('calendar-import-done')
  await expect(done).toContainText(`已载入 ${year} 年节假日安排`)
  await expect(bureau.getByTestId('calendar-import-change')).not.toBeEmpty()
  const recomputed = Number(
    /已重新计算 (\d+) 个/.exec(await bureau.getByTestId('calendar-import-recomputed').innerText())?.[1],
  )
  // At least the deadline above moved (the count is of due dates that changed).
  expect(recomputed).toBeGreaterThanOrEqual(1)
  const loaded = yearsTable.locator('tbody tr').filter({ hasText: `国务院办公厅关于${year}年部分节假日安排的通知` })
  await expect(loaded).toHaveCount(1)
  await expect(loaded.getByTestId('calendar-year-source')).toHaveText('导入')
  await expect(bureau.getByTestId('calendar-provisional-from')).toContainText(`${year + 1} 年起`)
  await bureau.context().close()

  // 元旦 is now off: the deadline is due a working day later, no longer provisional, and says why.
  await page.goto('/work/deadlines')
  const after = await deadlines(page)
  const moved = after.find((d) => d.id === mine.id)!
  expect(moved.provisional).toBe(false)
  expect(moved.dueDate > mine.dueDate).toBeTruthy()
  // So did every deadline that was provisional because of that year (the demo one, on 2027).
  for (const p of provisional) expect(after.find((d) => d.id === p.id)?.provisional).toBe(false)

  await expect(row.getByTestId('deadline-due')).toHaveText(moved.dueDate)
  await expect(row.getByTestId('provisional-badge')).toHaveCount(0)
  await row.getByTestId('deadline-subject').click()
  const changes = row.locator('xpath=following-sibling::tr[1]').getByTestId('deadline-changes')
  await expect(changes).toContainText(mine.dueDate)
  await expect(changes).toContainText(moved.dueDate)

  // The calendar shows the loaded holidays.
  await page.goto(`/work/deadlines?tab=calendar&month=${year}-01`)
  await expect(day(page, `${year}-01-01`)).toHaveAttribute('data-kind', 'holiday')
  await expect(day(page, `${year}-01-01`).getByTestId('calendar-day-name')).toHaveText('元旦')
})

test('a schedule with a mistake is refused with the reason and changes nothing', async ({ page }) => {
  await signIn(page, 'demo.sfj.admin', undefined, '/work/calendar')
  const yearsTable = page.getByTestId('calendar-years')
  await expect(yearsTable.locator('tbody tr').first()).toBeVisible()
  const rowsBefore = await yearsTable.locator('tbody tr').count()
  const years = (await (await page.request.get('/api/v1/public/calendar/years')).json()) as {
    provisionalFrom: number
  }
  const year = years.provisionalFrom

  // A make-up working day on a Wednesday.
  let weekdayDate = `${year}-03-04`
  while (weekday(weekdayDate) !== 3) weekdayDate = plusDays(weekdayDate, 1)
  const bad = JSON.parse(schedule(year)) as { years: { versions: { workdays: object[] }[] }[] }
  bad.years[0]!.versions[0]!.workdays = [{ date: weekdayDate, for: '春节' }]
  await page.getByTestId('calendar-import-text').fill(JSON.stringify(bad))
  await page.getByTestId('calendar-import-submit').click()
  const error = page.getByTestId('calendar-import-error')
  await expect(error).toContainText('未载入，节假日安排没有改动')
  await expect(error).toContainText(weekdayDate)
  await expect(page.getByTestId('calendar-import-done')).toHaveCount(0)

  // Not JSON at all.
  await page.getByTestId('calendar-import-text').fill('{"format": "sanxiang.calendar/1", "years": [')
  await page.getByTestId('calendar-import-submit').click()
  await expect(error).toBeVisible()
  await expect(error.locator('p').first()).not.toBeEmpty()

  const after = (await (await page.request.get('/api/v1/public/calendar/years')).json()) as {
    provisionalFrom: number
  }
  expect(after.provisionalFrom).toBe(year)
  await page.reload()
  await expect(yearsTable.locator('tbody tr')).toHaveCount(rowsBefore)
})
