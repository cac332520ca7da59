import { readFile } from 'node:fs/promises'

import { expect, test } from '@playwright/test'

import { certNumber, signIn, unique } from './helpers'

const header = '姓名,部门,职务,执法证号,发证机关,发证日期,有效期至,证件状态,执法类别,执法区域'

function row(name: string, cert: string, issuedOn = '2025-01-01') {
  return `${name},监察执法处,科员,${cert},郑州市人民政府,${issuedOn},2029-12-31,有效,住房公积金行政执法,郑州市`
}

function csv(...rows: string[]) {
  return Buffer.from([header, ...rows].join('\r\n') + '\r\n', 'utf-8')
}

test.beforeEach(async ({ page }) => {
  await signIn(page, 'demo.admin', undefined, '/work/people/import')
  await expect(page.getByTestId('workbench-title')).toHaveText('导入执法人员')
})

test('a file with a bad row shows the per-row report and imports nothing', async ({ page }) => {
  const good = certNumber()
  const bad = certNumber()
  await page.getByTestId('import-file').setInputFiles({
    name: 'officers.csv',
    mimeType: 'text/csv',
    buffer: csv(row(`导入${unique()}`, good), row(`导入${unique()}`, bad, '2025-13-45')),
  })
  await page.getByTestId('import-submit').click()

  const error = page.getByTestId('import-error')
  await expect(error).toContainText('全部人员均未导入')
  const report = page.getByTestId('import-report').locator('tbody tr')
  await expect(report).toHaveCount(1)
  await expect(report.first()).toContainText('3')
  await expect(report.first()).toContainText('发证日期')
  await expect(report.first()).toContainText('2025-13-45')
  await expect(page.getByTestId('import-done')).toHaveCount(0)

  // Not even the good row went in.
  await page.goto(`/verify?cert=${good}`)
  await expect(page.getByTestId('verify-not-found')).toBeVisible()
})

test('a correct file imports every row', async ({ page }) => {
  const certs = [certNumber(), certNumber()]
  await page.getByTestId('import-file').setInputFiles({
    name: 'officers.csv',
    mimeType: 'text/csv',
    buffer: csv(row(`导入${unique()}`, certs[0]), row(`导入${unique()}`, certs[1])),
  })
  await page.getByTestId('import-submit').click()
  await expect(page.getByTestId('import-done')).toContainText('已导入 2 名执法人员')

  await page.goto(`/verify?cert=${certs[1]}`)
  await expect(page.getByTestId('verify-verdict')).toHaveText('有效')
})

test('the template has the columns the importer expects', async ({ page }) => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('import-template').click(),
  ])
  expect(download.suggestedFilename()).toBe('执法人员导入模板.csv')
  const text = await readFile((await download.path())!, 'utf-8')
  expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(header)
})
