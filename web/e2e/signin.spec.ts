import { expect, test } from '@playwright/test'

import { demoPassword, signIn } from './helpers'

test('the workbench without a session redirects to the sign-in page', async ({ page }) => {
  await page.goto('/work/cases')

  await expect(page).toHaveURL(/\/login\?redirect=\/work\/cases$/)
  await expect(page.getByRole('heading', { name: '工作台登录' })).toBeVisible()
  await expect(page).toHaveTitle('工作台登录 - 行政执法工作台')
  await expect(page.getByTestId('workbench-shell')).toHaveCount(0)
})

test('the sign-in form asks for what is missing', async ({ page }) => {
  await page.goto('/login')
  const form = page.getByRole('form', { name: '工作台登录' })
  await form.getByRole('button', { name: '登录' }).click()

  await expect(form.getByText('请输入用户名')).toBeVisible()
  await expect(form.getByText('请输入密码')).toBeVisible()
  await expect(page).toHaveURL(/\/login$/)
})

test('a wrong password shows the server message', async ({ page }) => {
  await page.goto('/login')
  const form = page.getByRole('form', { name: '工作台登录' })
  await form.getByLabel('用户名').fill('demo.admin')
  await form.getByLabel('密码').fill('not-the-password')
  await form.getByLabel('密码').press('Enter')

  await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误')
  await expect(page).toHaveURL(/\/login$/)
})

test('an admin signs in, keeps the session across a reload and signs out', async ({ page }) => {
  // Enter in the password field submits; afterwards the page goes where the visitor was headed.
  await page.goto('/work/reviews')
  await expect(page).toHaveURL(/\/login\?redirect=\/work\/reviews$/)
  const form = page.getByRole('form', { name: '工作台登录' })
  await form.getByLabel('用户名').fill('demo.admin')
  await form.getByLabel('密码').fill(demoPassword)
  await form.getByLabel('密码').press('Enter')

  await expect(page).toHaveURL(/\/work\/reviews$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('法制审核')
  await expect(page.getByTestId('current-user-name')).toHaveText('演示系统管理员')
  await expect(page.getByTestId('current-user-roles')).toContainText('系统管理员')

  // The session cookie carries over a full page load of a deep link.
  await page.reload()
  await expect(page).toHaveURL(/\/work\/reviews$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('法制审核')
  await expect(page.getByTestId('current-user-name')).toHaveText('演示系统管理员')

  await page.getByTestId('sign-out').click()
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.getByRole('heading', { name: '工作台登录' })).toBeVisible()

  // Signed out on the server too: a fresh load of the workbench goes back to sign-in.
  await page.goto('/work')
  await expect(page).toHaveURL(/\/login\?redirect=\/work$/)
})

test('a rejected new password shows the policy message and keeps the session', async ({ page }) => {
  await signIn(page, 'demo.officer')
  await expect(page.getByTestId('current-user-name')).toHaveText('演示执法人员')

  await page.getByTestId('change-password').click()
  const dialog = page.getByRole('dialog', { name: '修改密码' })
  await dialog.getByLabel('原密码').fill(demoPassword)
  await dialog.getByLabel('新密码', { exact: true }).fill('short')
  await dialog.getByLabel('确认新密码').fill('short')
  await dialog.getByRole('button', { name: '确定' }).click()

  await expect(dialog.getByTestId('change-password-error')).toContainText('密码至少 8 位')
  await dialog.getByRole('button', { name: '取消' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('current-user-name')).toHaveText('演示执法人员')
})
