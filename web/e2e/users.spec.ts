import { expect, test } from '@playwright/test'

import { createUserViaApi, signIn, unique } from './helpers'

test('an admin creates a user, changes its roles, and the change is on record', async ({ page }) => {
  const username = `e2e.${unique().toLowerCase()}`
  await signIn(page, 'demo.admin', undefined, '/work/users')
  await expect(page.getByTestId('workbench-title')).toHaveText('用户与权限')

  await page.getByTestId('new-user').click()
  const dialog = page.getByRole('dialog', { name: '新增用户' })
  await dialog.getByLabel('用户名').fill(username)
  await dialog.getByLabel('姓名').fill('测试用户')
  await dialog.getByText('执法人员', { exact: true }).click()

  // The server's password policy is shown as it words it.
  await dialog.getByLabel('初始密码').fill('short')
  await dialog.getByLabel('确认密码').fill('short')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog.getByTestId('new-user-error')).toContainText('密码至少 8 位')

  await dialog.getByLabel('初始密码').fill('E2e-Sanxiang-2026')
  await dialog.getByLabel('确认密码').fill('E2e-Sanxiang-2026')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByTestId('users-table').locator('tbody tr').filter({ hasText: username })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('user-roles')).toHaveText('执法人员')

  await row.getByRole('button', { name: '修改角色' }).click()
  const roles = page.getByRole('dialog', { name: /修改角色/ })
  await roles.getByText('法制审核人员', { exact: true }).click()
  await expect(roles.getByRole('checkbox', { name: '法制审核人员' })).toBeChecked()
  await roles.getByRole('button', { name: '确定' }).click()
  await expect(roles).toBeHidden()
  await expect(row.getByTestId('user-roles')).toContainText('法制审核人员')

  await page.getByRole('tab', { name: '登录与权限记录' }).click()
  await expect(page).toHaveURL(/tab=events/)
  const events = page.getByTestId('events-table').locator('tbody tr').filter({ hasText: username })
  await expect(events.filter({ hasText: '权限变更' })).toHaveCount(1)
  await expect(events.filter({ hasText: '权限变更' })).toContainText('法制审核人员')
  await expect(events.filter({ hasText: '创建账户' })).toHaveCount(1)
})

test('an admin disables and re-enables a user', async ({ page }) => {
  await signIn(page)
  const username = await createUserViaApi(page)
  await page.goto('/work/users')
  const row = page.getByTestId('users-table').locator('tbody tr').filter({ hasText: username })
  const toggle = row.getByRole('switch')
  await expect(toggle).toBeChecked()
  // The switch's input is hidden under its drawn track, which takes the click.
  await row.locator('.el-switch').click()
  await expect(page.getByTestId('users-notice')).toContainText(`已停用账户 ${username}`)
  await expect(toggle).not.toBeChecked()
  await row.locator('.el-switch').click()
  await expect(page.getByTestId('users-notice')).toContainText(`已启用账户 ${username}`)
  await expect(toggle).toBeChecked()
})

test('an admin creates an API token, sees it once, and revokes it', async ({ page }) => {
  const name = `对接${unique()}`
  await signIn(page, 'demo.admin', undefined, '/work/users?tab=tokens')
  await page.getByTestId('new-token').click()
  const dialog = page.getByRole('dialog', { name: '创建接口令牌' })
  await dialog.getByLabel('名称').fill(name)
  await dialog.getByText('查看本机关内部信息', { exact: true }).click()
  await dialog.getByRole('button', { name: '创建' }).click()

  const secret = dialog.getByRole('textbox', { name: '新令牌' })
  await expect(secret).toHaveValue(/.{16,}/)
  await expect(dialog).toContainText('关闭本窗口后将无法再次查看')
  await dialog.getByRole('button', { name: '我已保存，关闭' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByTestId('tokens-table').locator('tbody tr').filter({ hasText: name })
  await expect(row).toContainText('有效')
  await row.getByRole('button', { name: '吊销' }).click()
  await page.getByRole('tooltip').getByRole('button', { name: '吊销' }).click()
  await expect(row).toContainText('已吊销')
})

test('an officer does not see 用户与权限 and cannot open it', async ({ page }) => {
  await signIn(page, 'demo.officer')
  const menu = page.getByTestId('workbench-menu')
  await expect(menu.getByRole('menuitem', { name: '人员' })).toBeVisible()
  await expect(menu.getByRole('menuitem', { name: '用户与权限' })).toHaveCount(0)

  await page.goto('/work/users')
  await expect(page.getByTestId('forbidden')).toContainText('无权访问')
})

test('an officer sees the people list without the admin actions', async ({ page }) => {
  await signIn(page, 'demo.officer', undefined, '/work/people')
  await expect(page.getByTestId('officer-table')).toContainText('ZZGJJ-2023-001')
  await expect(page.getByTestId('new-officer')).toHaveCount(0)
  await expect(page.getByTestId('import-officers')).toHaveCount(0)
})

test('a leader reads the records but manages no users', async ({ page }) => {
  await signIn(page, 'demo.leader', undefined, '/work/users')
  await expect(page.getByTestId('users-table')).toContainText('demo.admin')
  await expect(page.getByTestId('new-user')).toHaveCount(0)
  await expect(page.getByRole('tab', { name: '接口令牌' })).toHaveCount(0)
  await page.getByRole('tab', { name: '登录与权限记录' }).click()
  await expect(page.getByTestId('events-table').locator('tbody tr').filter({ hasText: 'demo.leader' }).first()).toContainText('登录')
})

test('a supervisor picks an agency and reads its officers and records', async ({ page }) => {
  await signIn(page, 'demo.supervisor', undefined, '/work/people')
  await expect(page.getByTestId('workbench-menu').getByRole('menuitem', { name: '用户与权限' })).toBeVisible()
  await expect(page.getByTestId('new-officer')).toHaveCount(0)

  await page.getByTestId('agency-picker').click()
  await page.getByRole('option', { name: '郑州住房公积金管理中心' }).click()
  await expect(page.getByTestId('officer-table')).toContainText('ZZGJJ-2023-001')

  // The choice carries over to the other pages.
  await page.getByTestId('workbench-menu').getByRole('menuitem', { name: '用户与权限' }).click()
  await expect(page.getByTestId('users-table')).toContainText('demo.admin')
  await expect(page.getByTestId('new-user')).toHaveCount(0)
})
