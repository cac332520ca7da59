import { expect, test, type Browser, type Page } from '@playwright/test'

import { demoPassword, signIn, unique } from './helpers'

// 事前公开管理 (docs/disclosure.md), end to end: demo.admin opens the page from 执法公示, registers a
// change (法律法规变化) that 服务指南 must follow within 20 working days, sees it open, rewrites
// 服务指南 and saves it — which completes the change on time — and a visitor (no session, nothing
// cached) then reads the new 服务指南 on the agency's public page. Anyone else reads the page
// without the edit controls.

// A visitor: a new browser context, so no staff cookie and nothing cached from an earlier visit.
async function visitor(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

// Today in Beijing (the calendar's and the deadlines' time zone), YYYY-MM-DD.
function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

test('an administrator registers a change, updates 服务指南, and the public reads it', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000)
  const run = unique()
  const description = `《住房公积金管理条例》修订施行（e2e ${run}）`
  const marker = `服务指南（e2e ${run}）`
  const guide = `${marker}\n一、办理事项：住房公积金行政执法投诉举报受理。\n二、办理地点：郑州市住房公积金管理中心。`

  // ---- from 执法公示 to 事前公开管理 ----------------------------------------------------------------
  await signIn(page, 'demo.admin', demoPassword, '/work/disclosures')
  await page.getByTestId('public-info-link').click()
  await expect(page).toHaveURL(/\/work\/disclosures\/public-info$/)
  await expect(page.getByTestId('public-info-page')).toBeVisible()
  await expect(page.getByTestId('workbench-title')).toHaveText('事前公开管理')
  const agencyId = ((await (await page.request.get('/api/v1/session')).json()) as { user: { agencyId: number } }).user.agencyId

  // The five sections, each editable by the administrator; the display periods with their inputs.
  for (const code of ['standing', 'guide', 'remedy', 'supervision', 'inspection']) {
    await expect(page.getByTestId(`section-${code}`)).toBeVisible()
    await expect(page.getByTestId(`section-edit-${code}`)).toBeVisible()
  }
  await expect(page.getByTestId('policy-short-months').locator('input')).toHaveValue(/^\d+$/)
  await expect(page.getByTestId('policy-long-years').locator('input')).toHaveValue(/^\d+$/)
  await expect(page.getByTestId('policy-save')).toBeVisible()

  // ---- register a change for 服务指南 ----------------------------------------------------------------
  await page.getByTestId('change-description').fill(description)
  await page.getByTestId('change-section-guide').click()
  await page.getByTestId('change-submit').click()

  const row = page.getByTestId('change-row').filter({ hasText: run })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('change-text')).toHaveText(description)
  await expect(row.getByTestId('change-sections')).toHaveText('服务指南')
  await expect(row.getByTestId('change-occurred')).toHaveText(todayInBeijing())
  await expect(row.getByTestId('change-due-on')).toHaveText(/^\d{4}-\d{2}-\d{2}$/)
  // Open: not done, and not (yet) late.
  await expect(row.getByTestId('change-done-on')).toHaveText('—')
  await expect(row.getByTestId('change-state')).toHaveText(/未到期|即将到期/)
  // The form is emptied for the next one.
  await expect(page.getByTestId('change-description')).toHaveValue('')

  // ---- rewrite 服务指南 and save it ------------------------------------------------------------------
  await page.getByTestId('section-edit-guide').click()
  const editor = page.getByRole('dialog', { name: '编辑栏目：服务指南' })
  await expect(editor).toBeVisible()
  // The editor names the open change that saving will complete.
  await expect(editor.getByTestId('section-editor-changes')).toContainText(description)
  const input = editor.getByTestId('section-content-input')
  await expect(input).toHaveAttribute('maxlength', '20000')
  await input.fill(guide)
  await editor.getByTestId('section-save').click()
  await expect(editor).toBeHidden()

  const card = page.getByTestId('section-guide')
  await expect(card.getByTestId('section-text')).toContainText(marker)
  await expect(card.getByTestId('section-version')).toContainText(/第 \d+ 版/)

  // Saving the listed section completed the change, within its 20 working days.
  await expect(row.getByTestId('change-state')).toHaveText('按期完成')
  await expect(row.getByTestId('change-done-on')).toHaveText(todayInBeijing())

  // ---- a visitor reads the new 服务指南 ----------------------------------------------------------------
  const pub = await visitor(browser, baseURL)
  await pub.goto(`/agencies/${agencyId}/public`)
  await expect(pub.getByTestId('agency-public-title')).toContainText('事前公开')
  await expect(pub.getByTestId('section-guide')).toContainText(marker)
  await expect(pub.getByTestId('section-guide')).toContainText('住房公积金行政执法投诉举报受理')
  const published = pub.getByTestId('public-change').filter({ hasText: run })
  await expect(published).toContainText('按期完成')
  await pub.context().close()
})

test('staff other than the administrator read the page without edit controls', async ({ page }) => {
  await signIn(page, 'demo.publisher', demoPassword, '/work/disclosures/public-info')
  await expect(page.getByTestId('public-info-page')).toBeVisible()
  await expect(page.getByTestId('public-info-readonly')).toBeVisible()
  await expect(page.getByTestId('section-guide')).toBeVisible()
  await expect(page.getByTestId('section-edit-guide')).toHaveCount(0)
  await expect(page.getByTestId('change-submit')).toHaveCount(0)
  await expect(page.getByTestId('policy-save')).toHaveCount(0)
  await expect(page.getByTestId('policy-facts')).toContainText('个月')
})
