import { expect, test, type Locator, type Page } from '@playwright/test'

import { certNumber, createOfficerViaApi, signIn, unique } from './helpers'

// Fills an Element Plus date picker by typing, as a keyboard user would.
async function fillDate(field: Locator, date: string) {
  await field.fill(date)
  await field.press('Enter')
}

async function publicListRow(page: Page, cert: string) {
  await page.goto('/officers')
  await page.getByRole('textbox', { name: '搜索执法人员' }).fill(cert)
  return page.getByTestId('public-officer-table').locator('tbody tr').filter({ hasText: cert })
}

test('an admin registers an officer, who is published, gets a QR code and verifies as valid', async ({
  page,
  baseURL,
}) => {
  const name = `测试${unique()}`
  const cert = certNumber()
  await signIn(page, 'demo.admin', undefined, '/work/people')
  await expect(page.getByTestId('workbench-title')).toHaveText('人员')
  await expect(page.getByTestId('people-dashboard')).toBeVisible()

  await page.getByTestId('new-officer').click()
  const dialog = page.getByRole('dialog', { name: '新增执法人员' })
  await dialog.getByLabel('姓名').fill(name)
  await dialog.getByLabel('职务').fill('科员')
  await dialog.getByLabel('执法证号').fill(cert)
  await dialog.getByLabel('发证机关').fill('郑州市人民政府')
  await fillDate(dialog.getByLabel('发证日期'), '2025-01-01')
  await fillDate(dialog.getByLabel('有效期至'), '2030-12-31')
  await dialog.getByLabel('执法类别').fill('住房公积金行政执法')
  await dialog.getByLabel('执法区域').fill('郑州市')
  await dialog.getByRole('button', { name: '确定' }).click()

  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('officer-created')).toContainText(cert)
  const row = page.getByTestId('officer-table').locator('tbody tr').filter({ hasText: cert })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(name)
  await expect(row.getByTestId('officer-validity')).toHaveText('有效')

  // Published on the portal with the fields the law requires.
  const published = await publicListRow(page, cert)
  await expect(published).toHaveCount(1)
  await expect(published).toContainText(name)
  await expect(published).toContainText('住房公积金行政执法')
  await expect(published).toContainText('郑州住房公积金管理中心')
  await expect(published.getByTestId('public-officer-validity')).toHaveText('有效')

  // The detail page and its printable QR code.
  await page.goto('/work/people')
  await page.getByRole('textbox', { name: '筛选执法人员' }).fill(cert)
  await page.getByTestId('officer-table').getByRole('link', { name }).click()
  await expect(page).toHaveURL(/\/work\/people\/\d+$/)
  await expect(page.getByTestId('workbench-title')).toHaveText(name)
  await expect(page.getByTestId('officer-certificate')).toContainText(cert)
  await page.getByTestId('officer-qr').click()
  await expect(page).toHaveURL(/\/work\/people\/\d+\/qr$/)

  const image = page.getByTestId('qr-image')
  await expect(image).toBeVisible()
  // The browser loaded and decoded the SVG.
  await expect
    .poll(() =>
      image.evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number }
        return img.complete ? img.naturalWidth : 0
      }),
    )
    .toBeGreaterThan(0)
  const officerId = /\/work\/people\/(\d+)\/qr$/.exec(page.url())![1]
  const svg = await page.request.get(`/api/v1/officers/${officerId}/qr.svg`)
  expect(svg.status()).toBe(200)
  expect(svg.headers()['content-type']).toContain('image/svg+xml')
  expect(await svg.text()).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/)
  expect(svg.headers()['x-verify-url']).toBe(`${baseURL}/verify?cert=${cert}`)
  await expect(page.getByTestId('qr-name')).toHaveText(name)
  await expect(page.getByTestId('qr-cert')).toHaveText(cert)
  const link = page.getByTestId('qr-link')
  await expect(link).toHaveText(`${baseURL}/verify?cert=${cert}`)
  await expect(page.getByTestId('qr-print')).toBeEnabled()

  await link.click()
  await expect(page).toHaveURL(new RegExp(`/verify\\?cert=${cert}$`))
  await expect(page.getByTestId('verify-verdict')).toHaveText('有效')
  await expect(page.getByTestId('verify-name')).toHaveText(name)
  await expect(page.getByTestId('verify-agency')).toHaveText('郑州住房公积金管理中心')
  // The public sees the certificate record's ledger history too.
  await expect(page.getByTestId('ledger-card')).toBeVisible()
})

test('a certificate past its expiry verifies as invalid', async ({ page }) => {
  const cert = certNumber()
  await signIn(page)
  await createOfficerViaApi(page, { name: `过期${unique()}`, certNumber: cert, issuedOn: '2020-01-01', expiresOn: '2023-12-31' })

  await page.goto(`/verify?cert=${cert}`)
  await expect(page.getByTestId('verify-verdict')).toHaveText('无效')
  await expect(page.getByTestId('verify-reason')).toContainText('已过期')

  const published = await publicListRow(page, cert)
  await expect(published.getByTestId('public-officer-validity')).toHaveText('已过期')
})

test('revoking a certificate on the detail page makes it verify as invalid', async ({ page }) => {
  const cert = certNumber()
  const name = `注销${unique()}`
  await signIn(page)
  const officer = await createOfficerViaApi(page, { name, certNumber: cert })

  await page.goto(`/verify?cert=${cert}`)
  await expect(page.getByTestId('verify-verdict')).toHaveText('有效')

  await page.goto(`/work/people/${officer.id}`)
  await expect(page.getByTestId('workbench-title')).toHaveText(name)
  const form = page.getByRole('form', { name: '修改证件与岗位' })
  await form.getByText('注销', { exact: true }).click()
  await expect(form.getByRole('radio', { name: '注销' })).toBeChecked()
  await form.getByRole('button', { name: '保存' }).click()
  await expect(page.getByTestId('officer-edit-saved')).toBeVisible()
  await expect(page.getByTestId('officer-validity')).toHaveText('注销')

  await page.goto(`/verify?cert=${cert}`)
  await expect(page.getByTestId('verify-verdict')).toHaveText('无效')
  await expect(page.getByTestId('verify-reason')).toContainText('注销')
})

test('an unknown certificate number is reported as not found', async ({ page }) => {
  await page.goto('/verify')
  await page.getByLabel('执法证号').fill(certNumber().toLowerCase())
  await page.getByRole('button', { name: '查验' }).click()
  await expect(page.getByTestId('verify-not-found')).toContainText('未找到该执法证号')
  await expect(page.getByTestId('verify-result')).toHaveCount(0)
})

test('a training is added on the detail page', async ({ page }) => {
  const cert = certNumber()
  await signIn(page)
  const officer = await createOfficerViaApi(page, { name: `培训${unique()}`, certNumber: cert })
  await page.goto(`/work/people/${officer.id}`)
  await expect(page.getByTestId('training-table')).toContainText('暂无培训记录')

  const form = page.getByRole('form', { name: '登记培训' })
  await fillDate(form.getByLabel('日期'), '2026-01-15')
  await form.getByRole('button', { name: '登记' }).click()
  const row = page.getByTestId('training-table').locator('tbody tr').filter({ hasText: '2026-01-15' })
  await expect(row).toContainText('岗位培训')
  await expect(row).toContainText('合格')
  await expect(page.getByRole('heading', { name: '培训记录（1）' })).toBeVisible()
})

test('the portal header links to the officer list and the certificate check', async ({ page }) => {
  await page.goto('/')
  const nav = page.getByRole('navigation', { name: '主导航' })
  await nav.getByRole('link', { name: '执法人员' }).click()
  await expect(page).toHaveURL(/\/officers$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('执法人员公示')
  // Demo officers are on the list.
  await expect(page.getByTestId('public-officer-table')).toContainText('ZZGJJ-2023-001')

  await nav.getByRole('link', { name: '执法证查验' }).click()
  await expect(page).toHaveURL(/\/verify$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('执法证查验')
})
