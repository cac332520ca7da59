import { expect, type Page } from '@playwright/test'

// Demo accounts exist on a server started with `--demo-if-empty true` (as scripts/e2e.sh does).
export const demoPassword = 'Demo-2026-sx'

// Signs in through the sign-in page and waits for the workbench. With `path`, starts from that
// workbench page, which sends a signed-out visitor to /login and back after signing in.
export async function signIn(page: Page, username = 'demo.admin', password = demoPassword, path = '/work') {
  await page.goto(path)
  await expect(page).toHaveURL(/\/login\?redirect=/)
  const form = page.getByRole('form', { name: '工作台登录' })
  await form.getByLabel('用户名').fill(username)
  await form.getByLabel('密码').fill(password)
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('workbench-shell')).toBeVisible()
}
