import { expect, test } from '@playwright/test'

import { signIn } from './helpers'

const sections = ['首页', '案件', '法制审核', '公示', '双随机', '人员']

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

test('a deep link to /work loads the workbench shell', async ({ page }) => {
  const response = await page.goto('/work')
  expect(response?.status()).toBe(200)

  await expect(page.getByTestId('workbench-shell')).toBeVisible()
  const menu = page.getByTestId('workbench-menu')
  for (const name of sections) {
    await expect(menu.getByRole('menuitem', { name })).toBeVisible()
  }
  await expect(page.getByTestId('workbench-title')).toHaveText('工作台首页')
  await expect(page.getByTestId('under-construction')).toContainText('该功能正在建设中')
})

test('a deep link to a workbench section loads that section', async ({ page }) => {
  const response = await page.goto('/work/reviews')
  expect(response?.status()).toBe(200)

  await expect(page.getByTestId('workbench-title')).toHaveText('法制审核')
  await expect(page).toHaveTitle('法制审核 - 行政执法工作台')
})

test('the side menu switches sections', async ({ page }) => {
  await page.goto('/work')
  await page.getByTestId('workbench-menu').getByRole('menuitem', { name: '案件' }).click()

  await expect(page).toHaveURL(/\/work\/cases$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('案件列表')

  await page.getByTestId('workbench-menu').getByRole('menuitem', { name: '双随机' }).click()
  await expect(page).toHaveURL(/\/work\/inspections$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('双随机')
  await expect(page.getByTestId('inspection-tabs').getByRole('tab', { name: '抽查计划' })).toBeVisible()
})
