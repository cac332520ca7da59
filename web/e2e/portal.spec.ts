import { expect, test } from '@playwright/test'

import { signIn } from './helpers'

const agencyApi = '**/api/v1/public/agencies'

test('home page lists the agencies served by the API', async ({ page }) => {
  await page.goto('/')

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page).toHaveTitle(/行政执法公示/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('郑州住房公积金管理中心 行政执法公示')

  const card = page
    .getByTestId('agency-card')
    .filter({ has: page.getByTestId('agency-name').getByText('郑州住房公积金管理中心', { exact: true }) })
  await expect(card).toHaveCount(1)
  await expect(card.getByTestId('agency-departments').getByText('监察执法处', { exact: true })).toBeVisible()
  await expect(card.getByText('主体资格')).toBeVisible()
})

test('a failed agency request shows the server problem detail and retry recovers', async ({ page }) => {
  await page.route(agencyApi, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: '服务暂不可用',
        status: 503,
        detail: '数据库正在维护，请稍后再试。',
      }),
    }),
  )
  await page.goto('/')

  const error = page.getByTestId('agencies-error')
  await expect(error).toContainText('数据库正在维护，请稍后再试。')
  await expect(page.getByTestId('agency-card')).toHaveCount(0)

  // Let the retry reach the real server.
  await page.unroute(agencyApi)
  await error.getByRole('button', { name: '重试' }).click()

  await expect(error).toBeHidden()
  await expect(page.getByTestId('agency-name').getByText('郑州住房公积金管理中心', { exact: true })).toBeVisible()
})

test('the portal header links to the workbench and back', async ({ page }) => {
  await signIn(page)
  await page.goto('/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作台' }).click()
  await expect(page).toHaveURL(/\/work$/)
  await expect(page.getByTestId('workbench-shell')).toBeVisible()

  await page.getByTestId('nav-portal').click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('郑州住房公积金管理中心 行政执法公示')
})

test('the portal publishes the legal review catalogue without signing in', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('nav-review-catalogue').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('法制审核目录清单')
  const table = page.getByTestId('public-catalogue')
  const ordinary = table.locator('tbody tr').filter({ hasText: '普通程序办理的案件' })
  await expect(ordinary).toContainText('法定')
  await expect(ordinary).toContainText('法制审核')
  await expect(table.locator('tbody tr').filter({ hasText: '情节复杂或者重大违法行为' })).toContainText('集体讨论')
  await expect(table).toContainText('行政处罚法 第58条第1款第2项')
})
