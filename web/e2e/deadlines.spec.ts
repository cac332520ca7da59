import { expect, test, type Locator, type Page } from '@playwright/test'

import { signIn, switchUser, unique } from './helpers'

// The deadline tracker (期限管理) on the demo data: the center (zzgjj) has deadlines in every
// state. Tests add their own deadlines (unique subjects) and change no demo deadline.

const stateNames = ['已逾期', '即将到期', '未到期', '按期完成', '逾期完成']

function rows(page: Page): Locator {
  return page.getByTestId('deadline-table').locator('tbody tr.deadline-row')
}

function rowOf(page: Page, subject: string): Locator {
  return rows(page).filter({ hasText: subject })
}

// The expanded details (explanation, legal basis, extensions, changes) below a row.
async function detailsOf(row: Locator): Promise<Locator> {
  await row.getByTestId('deadline-subject').click()
  const detail = row.locator('xpath=following-sibling::tr[1]').getByTestId('deadline-detail')
  await expect(detail).toBeVisible()
  return detail
}

async function countOf(page: Page, state: string): Promise<number> {
  const text = await page.getByTestId(`count-${state}`).locator('.count-value').innerText()
  return Number(text)
}

// Fills an Element Plus date picker by typing, as a keyboard user would.
async function fillDate(field: Locator, date: string) {
  await field.fill(date)
  await field.press('Enter')
}

// Registers a deadline through the 新建期限 form; returns the notice's due date.
async function registerDeadline(page: Page, rule: string, subject: string, startDate?: string) {
  await page.getByTestId('new-deadline').click()
  const dialog = page.getByRole('dialog', { name: '新建期限' })
  await dialog.getByTestId('new-deadline-rule').click()
  await page.getByRole('option').filter({ hasText: rule }).first().click()
  await expect(dialog.getByTestId('new-deadline-rule-note')).toContainText('依据')
  await dialog.getByLabel('事项').fill(subject)
  if (startDate) await fillDate(dialog.getByLabel('起算日期'), startDate)
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('deadline-notice')).toContainText(subject)
}

test('the list shows the demo deadlines in every state, and the counts and filters narrow it', async ({ page }) => {
  await signIn(page, 'demo.leader', undefined, '/work/deadlines')
  await expect(page.getByTestId('workbench-title')).toHaveText('期限管理')
  await expect(rows(page).first()).toBeVisible()

  // Every state is there, in its colour's tag.
  for (const name of stateNames) {
    await expect(page.getByTestId('deadline-state').filter({ hasText: name }).first()).toBeVisible()
  }
  await expect(page.getByTestId('deadline-state').filter({ hasText: '已逾期' }).first()).toHaveClass(/el-tag--danger/)
  await expect(page.getByTestId('deadline-state').filter({ hasText: '即将到期' }).first()).toHaveClass(/el-tag--warning/)
  await expect(page.getByTestId('deadline-state').filter({ hasText: '按期完成' }).first()).toHaveClass(/el-tag--success/)

  // A count card filters by its state; the number on it is the number of rows.
  const overdue = await countOf(page, 'overdue')
  expect(overdue).toBeGreaterThan(0)
  await page.getByTestId('count-overdue').click()
  await expect(page).toHaveURL(/state=overdue/)
  await expect(rows(page)).toHaveCount(overdue)
  for (const tag of await page.getByTestId('deadline-state').all()) await expect(tag).toHaveText('已逾期')
  await page.getByTestId('count-overdue').click()
  await expect(page).not.toHaveURL(/state=/)

  // Details: legal basis and how the due date was computed.
  const first = rows(page).first()
  const detail = await detailsOf(first)
  await expect(detail.getByTestId('deadline-legal-basis')).not.toBeEmpty()
  await expect(detail.getByTestId('deadline-explanation')).not.toBeEmpty()

  // By rule: only that rule's rows.
  const ruleName = (await first.locator('td').nth(2).innerText()).trim()
  await page.getByTestId('filter-rule').click()
  await page.getByRole('option', { name: ruleName, exact: true }).click()
  await expect(page).toHaveURL(/rule=/)
  await expect(rows(page).first()).toBeVisible()
  for (const row of await rows(page).all()) await expect(row.locator('td').nth(2)).toHaveText(ruleName)
  await page.getByTestId('filter-rule').hover()
  await page.getByTestId('filter-rule').locator('.el-select__clear').click()
  await expect(page).not.toHaveURL(/rule=/)

  // By due date: only rows due inside the range.
  const due = (await rows(page).first().getByTestId('deadline-due').innerText()).trim()
  await page.getByRole('combobox', { name: '到期日起' }).fill(due)
  await page.getByRole('combobox', { name: '到期日止' }).fill(due)
  await page.getByRole('combobox', { name: '到期日止' }).press('Enter')
  await expect(page).toHaveURL(new RegExp(`from=${due}&to=${due}|to=${due}.*from=${due}`))
  await expect(rows(page).first()).toBeVisible()
  for (const d of await page.getByTestId('deadline-due').all()) await expect(d).toHaveText(due)
})

test('仅看我的 and the header reminder show the officer their own deadlines', async ({ page }) => {
  await signIn(page, 'demo.officer', undefined, '/work/deadlines')
  const me = (await page.getByTestId('current-user-name').innerText()).trim()
  await expect(rows(page).first()).toBeVisible()

  await page.getByTestId('filter-mine').click()
  await expect(page).toHaveURL(/mine=1/)
  await expect(rows(page).first()).toBeVisible()
  for (const row of await rows(page).all()) await expect(row).toContainText(me)

  // The reminder counts what the filtered list counts, and links to it.
  const reminder = page.getByTestId('deadline-reminder')
  await expect(reminder).toBeVisible()
  const overdue = await countOf(page, 'overdue')
  await expect(reminder.getByTestId('reminder-overdue')).toContainText(String(overdue))
  await expect(reminder.getByTestId('reminder-due-soon')).toContainText(String(await countOf(page, 'due_soon')))
  await page.goto('/work/people')
  await page.getByTestId('reminder-overdue').click()
  await expect(page).toHaveURL(/\/work\/deadlines\?.*state=overdue/)
  await expect(page).toHaveURL(/mine=1/)
  await expect(rows(page)).toHaveCount(overdue)
})

test('only an approver is offered 延长期限; the leader extends a case deadline with a reason', async ({ page }) => {
  const subject = `期限测试${unique()}`
  await signIn(page, 'demo.officer', undefined, '/work/deadlines')
  await registerDeadline(page, '案件办理期限', subject)
  const row = rowOf(page, subject)
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('deadline-state')).toHaveText('未到期')
  const before = (await row.getByTestId('deadline-due').innerText()).trim()
  // The officer may complete, never extend.
  await expect(row.getByRole('button', { name: '办结' })).toBeVisible()
  await expect(page.getByRole('button', { name: '延长期限' })).toHaveCount(0)

  await switchUser(page, 'demo.leader', '/work/deadlines')
  const leaderRow = rowOf(page, subject)
  await expect(leaderRow).toHaveCount(1)
  await leaderRow.getByRole('button', { name: '延长期限' }).click()
  const dialog = page.getByRole('dialog', { name: '延长期限' })
  // A reason is required.
  await dialog.getByLabel('延长天数').fill('30')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog).toContainText('请填写延长理由')
  await dialog.getByLabel('延长理由').fill('案情复杂，需补充调查取证')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog).toBeHidden()

  await expect(page.getByTestId('deadline-notice')).toContainText('新的到期日为')
  const after = (await leaderRow.getByTestId('deadline-due').innerText()).trim()
  expect(after > before).toBeTruthy()
  await expect(page.getByTestId('deadline-notice')).toContainText(after)
  await expect(leaderRow.getByTestId('deadline-extended')).toHaveText('已延长 30 日')

  const detail = await detailsOf(leaderRow)
  const extensions = detail.getByTestId('deadline-extensions')
  await expect(extensions).toContainText('30 日')
  await expect(extensions).toContainText('案情复杂，需补充调查取证')
  await expect(extensions).toContainText((await page.getByTestId('current-user-name').innerText()).trim())
})

test('an officer completes a deadline on time', async ({ page }) => {
  const subject = `办结测试${unique()}`
  await signIn(page, 'demo.officer', undefined, '/work/deadlines')
  await registerDeadline(page, '罚款缴纳期限', subject)
  const row = rowOf(page, subject)
  await row.getByRole('button', { name: '办结' }).click()
  const dialog = page.getByRole('dialog', { name: '办结' })
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog).toBeHidden()
  await expect(row.getByTestId('deadline-state')).toHaveText('按期完成')
  await expect(row.getByRole('button', { name: '办结' })).toHaveCount(0)
})

test('the rules catalogue shows legal basis and period; a statutory period cannot be lengthened', async ({ page }) => {
  await signIn(page, 'demo.admin', undefined, '/work/deadlines?tab=rules')
  const table = page.getByTestId('rules-table')
  const row = table.locator('tbody tr').filter({ hasText: '行政处罚决定公示' })
  await expect(row).toContainText('7个工作日')
  await expect(row).toContainText('行政处罚法')

  // Lengthening a statutory period is refused with the server's reason; nothing changes.
  await row.getByRole('button', { name: '缩短期限' }).click()
  const dialog = page.getByRole('dialog', { name: '本机关期限' })
  await dialog.getByLabel('期限').fill('10')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog.getByTestId('rule-override-error')).not.toBeEmpty()
  await dialog.getByRole('button', { name: '取消' }).click()
  await expect(row.getByTestId('rule-period')).toHaveText('7个工作日')
})

test('a supervisor reads every agency’s deadlines, picks one, and registers none', async ({ page }) => {
  await signIn(page, 'demo.supervisor', undefined, '/work/deadlines')
  await expect(rows(page).first()).toBeVisible()
  await expect(page.getByTestId('deadline-table').getByRole('columnheader', { name: '执法主体' })).toBeVisible()
  await expect(page.getByTestId('new-deadline')).toHaveCount(0)
  await expect(page.getByRole('button', { name: '办结' })).toHaveCount(0)
  await expect(page.getByTestId('deadline-reminder')).toContainText('各执法主体期限')

  await page.getByTestId('filter-agency').click()
  await page.getByRole('option', { name: '郑州住房公积金管理中心' }).click()
  await expect(page).toHaveURL(/agency=\d+/)
  await expect(rows(page).first()).toBeVisible()
  for (const row of await rows(page).all()) await expect(row).toContainText('郑州住房公积金管理中心')

  await page.getByRole('tab', { name: '每日汇总' }).click()
  await expect(page).toHaveURL(/tab=summary/)
  await expect(page.getByTestId('summary-agencies')).toContainText('郑州住房公积金管理中心')
})
