import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'

import { demoPassword, signIn, unique } from './helpers'

// 监督考核 (docs/supervision.md), end to end:
// (a) a member of the public files a complaint about 郑州住房公积金管理中心 on the portal (执法程序不
//     规范, with a photo), gets the tracking number and follows it on the status page (已受理); a
//     mistyped number is refused;
// (b) demo.reviewer opens it in the workbench, assigns it to himself and answers 部分属实; the public
//     status page then shows 已答复 and the reply;
// (c) demo.supervisor sees it counted on the 考核监督 dashboard (the complaint indicators);
// (d) demo.leader compiles this year's annual report draft and sees its sections and charts.
// The steps build on each other, in order.
test.describe.configure({ mode: 'serial' })

// A visitor: a new browser context, so no staff cookie and nothing cached from an earlier visit.
async function visitor(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

// No accessibility violation of impact serious or critical (as e2e/a11y.spec.ts checks the portal).
async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = found.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n')
  expect(found.length, `${what}: ${found.length} serious or critical accessibility violation(s)\n${report}`).toBe(0)
}

// This year in Beijing, as the server counts it.
function thisYear(): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
}

// The tracking number with one character of its random part changed: the check symbol refuses it.
function mistyped(tracking: string): string {
  const i = 'TS20261129-'.length + 1
  const original = tracking[i]!
  const replacement = original === '7' ? '8' : '7'
  return tracking.slice(0, i) + replacement + tracking.slice(i + 1)
}

// A 1×1 PNG.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

const run = unique()
const subject = `检查时未出示执法证 e2e ${run}`
const content = `2026年11月20日上午，两名执法人员到我单位检查住房公积金缴存情况，始终未出示行政执法证件，也未告知检查依据。（e2e ${run}）`
const replyText = `经核查，执法人员出示了执法证但未告知检查依据，已责令整改并对相关人员批评教育。（e2e ${run}）`

let tracking = ''
let receivedOn = ''
let dueOn = ''

test('(a) the public files a complaint on the portal and follows it by its tracking number', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto('/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉举报' }).click()
  await expect(page).toHaveURL(/\/complaints\/new$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉举报')
  await expect(page.getByTestId('complaint-anonymous-note')).toContainText('匿名')

  const form = page.getByRole('form', { name: '投诉举报' })
  await form.getByTestId('complaint-agency').click()
  await page.getByRole('option', { name: '郑州住房公积金管理中心', exact: true }).click()
  await form.getByTestId('complaint-topic').click()
  await page.getByRole('option', { name: '执法程序不规范', exact: true }).click()
  await form.getByTestId('complaint-subject').fill(subject)
  await form.getByTestId('complaint-content').fill(content)
  await expect(form.getByTestId('complaint-content-count')).toContainText(`已输入 ${[...content].length} 字`)

  // A file that is not one of the accepted kinds is refused in the browser; the photo is listed.
  await form.getByTestId('complaint-files').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') })
  await expect(form.getByTestId('complaint-file-error')).toContainText('说明.txt')
  await form.getByTestId('complaint-files').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: photo })
  await expect(form.getByTestId('complaint-file')).toHaveCount(1)
  await expect(form.getByTestId('complaint-file')).toContainText('现场照片.png')
  await expect(form.getByTestId('complaint-file-size')).toHaveText(`${photo.length} B`)

  await audit(page, 'complaint form')
  await form.getByTestId('complaint-submit').click()

  const number = page.getByTestId('complaint-tracking')
  await expect(number).toHaveText(/^TS\d{8}-[0-9A-Z]{8}-[0-9A-Z*~$=]$/)
  tracking = (await number.textContent())!.trim()
  receivedOn = (await page.getByTestId('complaint-received-on').textContent())!.trim()
  dueOn = (await page.getByTestId('complaint-due-on').textContent())!.replace('前', '').trim()
  expect(receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  expect(dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  await expect(page.getByTestId('complaint-copy')).toBeVisible()
  await expect(page.getByTestId('complaint-upload-status')).toHaveText('已上传', { timeout: 30_000 })

  // The status page, by the link.
  await page.getByTestId('complaint-status-link').click()
  await expect(page).toHaveURL(/\/complaints\/status\/[^/]+$/)
  await expect(page.getByTestId('complaint-status')).toContainText('已受理')
  await expect(page.getByTestId('complaint-result-tracking')).toHaveText(tracking)
  await expect(page.getByTestId('complaint-agency-name')).toHaveText('郑州住房公积金管理中心')
  await expect(page.getByTestId('complaint-due')).toContainText(dueOn)
  await expect(page.getByTestId('complaint-timeline')).toContainText('已受理')
  await expect(page.getByTestId('complaint-attachments')).toContainText('现场照片.png')
  await expect(page.getByTestId('complaint-answer')).toHaveCount(0)
  await audit(page, 'complaint status')

  // By typing the number (in lower case, as people do), and a mistyped one.
  await page.goto('/complaints/status')
  await page.getByTestId('complaint-tracking-input').fill(tracking.toLowerCase())
  await page.getByTestId('complaint-lookup').click()
  await expect(page.getByTestId('complaint-status')).toContainText('已受理')
  await expect(page.getByTestId('complaint-result-tracking')).toHaveText(tracking)

  await page.getByTestId('complaint-tracking-input').fill(mistyped(tracking))
  await page.getByTestId('complaint-lookup').click()
  await expect(page.getByTestId('complaint-status-error')).toContainText('查询号有误')
  await expect(page.getByTestId('complaint-result')).toHaveCount(0)
})

test('(b) a reviewer assigns the complaint to himself and answers it; the public sees the reply', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000)
  expect(tracking, 'step (a) files the complaint').not.toBe('')
  await signIn(page, 'demo.reviewer', demoPassword, '/work/complaints')
  await expect(page.getByTestId('workbench-title')).toHaveText('投诉举报')

  const row = page.getByTestId('complaint-table').locator('tr').filter({ hasText: tracking })
  await expect(row.getByTestId('complaint-row-status')).toContainText('已受理')
  await row.getByTestId('complaint-row-link').click()
  await expect(page).toHaveURL(/\/work\/complaints\/\d+$/)
  await expect(page.getByTestId('workbench-title')).toHaveText(subject)
  await expect(page.getByTestId('complaint-tracking')).toHaveText(tracking)
  await expect(page.getByTestId('complaint-status')).toContainText('已受理')
  await expect(page.getByTestId('complaint-content')).toContainText(content)
  await expect(page.getByTestId('complaint-anonymous')).toBeVisible()
  await expect(page.getByTestId('complaint-attachment-link')).toHaveText('现场照片.png')

  // 分办 to himself.
  await page.getByTestId('complaint-assign').click()
  const assign = page.getByRole('dialog', { name: '分办投诉举报' })
  await expect(assign).toBeVisible()
  await expect(assign.getByTestId('complaint-assignee-select')).toContainText('演示法制审核人员（本人）')
  await assign.getByTestId('complaint-assign-confirm').click()
  await expect(assign).toBeHidden()
  await expect(page.getByTestId('complaint-status')).toHaveText('办理中')

  // 答复: 部分属实.
  await page.getByTestId('complaint-reply').click()
  const reply = page.getByRole('dialog', { name: '答复投诉举报' })
  await expect(reply).toBeVisible()
  await reply.getByText('部分属实', { exact: true }).click()
  await reply.getByTestId('complaint-reply-text').fill(replyText)
  await reply.getByTestId('complaint-reply-confirm').click()
  await expect(reply).toBeHidden()
  await expect(page.getByTestId('complaint-status')).toHaveText('已答复')
  await expect(page.getByTestId('complaint-outcome')).toHaveText('部分属实')
  await expect(page.getByTestId('complaint-actions')).toHaveCount(0)

  // The public status page.
  const pub = await visitor(browser, baseURL)
  await pub.goto(`/complaints/status/${encodeURIComponent(tracking)}`)
  await expect(pub.getByTestId('complaint-status')).toHaveText('已答复')
  await expect(pub.getByTestId('complaint-outcome')).toHaveText('部分属实')
  await expect(pub.getByTestId('complaint-reply')).toHaveText(replyText)
  await expect(pub.getByTestId('complaint-replied-on')).toHaveText(/^\d{4}-\d{2}-\d{2}$/)
  await pub.context().close()
})

test('(c) the supervisor sees the complaint counted on the 考核监督 dashboard', async ({ page }) => {
  test.setTimeout(120_000)
  expect(dueOn, 'step (a) files the complaint').not.toBe('')
  // From the month it was received to the month it was due: whether the indicator counts the
  // reply in the month it was given or in the month it was due, it is in this period.
  const from = receivedOn.slice(0, 7)
  const to = dueOn.slice(0, 7)
  await signIn(page, 'demo.supervisor', demoPassword, `/work/supervision?from=${from}&to=${to}`)
  await expect(page.getByTestId('workbench-title')).toHaveText('考核监督')
  // Every agency by default.
  await expect(page.getByTestId('supervision-agency')).toContainText('全部执法主体')

  const agency = page
    .getByTestId('indicator-agency')
    .filter({ has: page.getByRole('heading', { name: '郑州住房公积金管理中心', exact: true }) })
  await expect(agency).toHaveCount(1)
  await expect(agency.getByTestId('complaints-open')).toHaveText(/^\d+$/)
  await expect(agency.getByTestId('complaints-overdue')).toHaveText(/^\d+$/)

  const onTime = agency.getByTestId('indicator-complaint.on_time')
  await expect(onTime).toBeVisible()
  await expect(onTime.getByTestId('indicator-value')).toHaveText(/\d/)
  await expect(onTime.getByTestId('indicator-ratio')).toHaveText(/\d+ \/ [1-9]\d*/)
  await expect(onTime.locator('[data-testid=indicator-trend] canvas')).toHaveCount(1)
  const days = agency.getByTestId('indicator-complaint.response_days')
  await expect(days).toBeVisible()
  await expect(days.getByTestId('indicator-value')).toHaveText(/\d/)

  // One agency at a time.
  await page.getByTestId('supervision-agency').click()
  await page.getByRole('option', { name: '郑州住房公积金管理中心', exact: true }).click()
  await expect(page).toHaveURL(/[?&]agency=\d+/)
  await expect(page.getByTestId('indicator-agency')).toHaveCount(1)
  await expect(page.getByTestId('indicator-complaint.on_time').getByTestId('indicator-value')).toHaveText(/\d/)
})

test('(d) a leader compiles this year\'s annual report draft with its sections and charts', async ({ page }) => {
  test.setTimeout(120_000)
  const year = thisYear()
  await signIn(page, 'demo.leader', demoPassword, '/work')
  await page.getByTestId('workbench-menu').getByRole('menuitem', { name: '统计年报' }).click()
  await expect(page).toHaveURL(/\/work\/reports/)
  await expect(page.getByTestId('workbench-title')).toHaveText('统计年报')

  await page.getByTestId('report-year').click()
  await page.getByRole('option', { name: `${year} 年`, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]year=${year}`))
  await page.getByTestId('report-draft').click()
  await expect(page.getByTestId('report-notice')).toContainText(`${year} 年度统计年报草稿`)
  await expect(page.getByTestId('report-error')).toHaveCount(0)

  const draft = page.getByTestId('report-draft-view')
  await expect(draft.getByTestId('annual-report')).toHaveAttribute('data-year', String(year))
  await expect(draft.getByTestId('report-status')).toHaveText('草稿')
  await expect(draft.getByTestId('report-agency')).toHaveText('郑州住房公积金管理中心')
  await expect(draft.getByTestId('report-section').first()).toBeVisible()
  await expect(draft.locator('[data-testid=report-section][data-code=penalty]')).toContainText('行政处罚')
  const complaints = draft.locator('[data-testid=report-section][data-code=complaint]')
  await expect(complaints).toContainText('投诉举报')
  await expect(complaints.getByTestId('report-row').first()).toBeVisible()

  const charts = draft.getByTestId('report-chart')
  await expect(charts.nth(1)).toBeVisible()
  const drawn = draft.locator('[data-testid=report-chart] canvas, [data-testid=report-chart] svg')
  await expect(drawn.nth(1)).toBeAttached()
  expect(await drawn.count()).toBeGreaterThanOrEqual(2)
  for (const chart of await charts.all()) await expect(chart).toHaveAttribute('aria-label', /\S/)

  // The workbench offers to publish it (not done here: a publication is for good).
  await expect(page.getByTestId('report-publish')).toBeEnabled()
})

test('the portal links to 投诉举报 and 统计年报', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('home-complaints')).toBeVisible()
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '统计年报' }).click()
  await expect(page).toHaveURL(/\/reports\/annual$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('行政执法统计年报')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await audit(page, 'annual report list')
})
