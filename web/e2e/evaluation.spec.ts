import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

import { demoPassword, signIn, unique } from './helpers'

// 案卷评查 and 案例指导 (docs/supervision.md), end to end:
// (a) demo.supervisor opens 案卷评查 for 郑州住房公积金管理中心, tries to save a template whose
//     points do not add up and sees the server's refusal naming the sum; creates a round over this
//     year's closed files (one file, any source), sees the pool's size and root, draws with a
//     public value, sees the seed and the drawn file, scores it with one deduction and a
//     rectification request, and sees the stored score and grade — the same as the preview;
// (b) the portal's 案例指导 page loads from the navigation and its search box works (no published
//     guidance case matches the made-up text).
// The demo data holds at least one archived case of this year, so the pool is never empty.

// No accessibility violation of impact serious or critical (as e2e/a11y.spec.ts checks the portal).
async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = found.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n')
  expect(found.length, `${what}: ${found.length} serious or critical accessibility violation(s)\n${report}`).toBe(0)
}

const agencyName = '郑州住房公积金管理中心'
const run = unique()
const hex64 = /^[0-9a-f]{64}$/i

test('(a) a supervisor checks the template, creates a round, draws it and scores the drawn file', async ({ page }) => {
  test.setTimeout(180_000)
  await signIn(page, 'demo.supervisor', demoPassword, '/work')
  await page.getByTestId('workbench-menu').getByRole('menuitem', { name: '案卷评查' }).click()
  await expect(page).toHaveURL(/\/work\/evaluation/)
  await expect(page.getByTestId('workbench-title')).toHaveText('案卷评查')

  // The supervisor picks the agency.
  await page.getByTestId('evaluation-agency').click()
  await page.getByRole('option', { name: agencyName, exact: true }).click()
  await expect(page).toHaveURL(/[?&]agency=\d+/)

  // ---- The template: points that do not add up are refused, the sum named at the field. --------
  await expect(page.getByTestId('evaluation-template-table')).toBeVisible()
  await expect(page.getByTestId('evaluation-template-item').first()).toBeVisible()
  await page.getByTestId('evaluation-template-edit').click()
  const editor = page.getByTestId('evaluation-template-editor')
  await expect(editor).toBeVisible()
  const total = (await editor.getByTestId('evaluation-template-total').textContent())!.trim()
  await expect(editor.getByTestId('evaluation-template-sum')).toHaveText(total)

  // Five more points for the first item: every deduction still fits it, the sum exceeds the total.
  const points = editor.getByTestId('evaluation-item-points').first().locator('input')
  const before = Number(await points.inputValue())
  expect(before).toBeGreaterThan(0)
  await points.fill(String(before + 5))
  await points.press('Tab')
  const sum = String(Number(total) + 5)
  await expect(editor.getByTestId('evaluation-template-sum')).toHaveText(sum)
  await expect(editor.getByTestId('evaluation-template-sum-box')).toContainText('相差 5 分')

  await editor.getByTestId('evaluation-template-save').click()
  const refusal = editor.getByTestId('evaluation-template-sum-error').or(editor.getByTestId('evaluation-template-error'))
  await expect(refusal).toContainText(`合计 ${sum}`)
  await expect(refusal).toContainText(total)
  // Nothing was saved: leave the editor, the table is as before.
  await editor.getByTestId('evaluation-template-cancel').click()
  await expect(editor).toHaveCount(0)
  await expect(page.getByTestId('evaluation-template-points').first()).toHaveText(String(before))

  // ---- A round over this year's closed files, one file. -----------------------------------------
  await page.getByRole('tab', { name: '评查批次' }).click()
  await expect(page).toHaveURL(/[?&]tab=rounds/)
  await page.getByTestId('evaluation-round-new').click()
  const create = page.getByRole('dialog', { name: '新建评查批次' })
  await expect(create).toBeVisible()
  const title = `e2e 案卷评查 ${run}`
  await create.getByTestId('evaluation-round-title').fill(title)
  // The closing dates default to 1 January of this year up to today.
  await create.getByTestId('evaluation-round-count').locator('input').fill('1')
  await create.getByTestId('evaluation-round-count').locator('input').press('Tab')
  await create.getByTestId('evaluation-round-source').fill(`e2e 测试随机数 ${run}`)
  await create.getByTestId('evaluation-round-create').click()

  await expect(page).toHaveURL(/\/work\/evaluation\/rounds\/\d+/)
  await expect(page.getByTestId('workbench-title')).toHaveText(title)
  await expect(page.getByTestId('evaluation-round-agency')).toHaveText(agencyName)
  await expect(page.getByTestId('evaluation-round-status')).toHaveText('已公布，待抽取')
  await expect(page.getByTestId('evaluation-round-pool-size')).toHaveText(/^[1-9]\d*$/)
  await expect(page.getByTestId('evaluation-round-root')).toHaveText(hex64)
  await expect(page.getByTestId('evaluation-round-root-copy')).toBeVisible()

  // ---- The draw with a public value. -----------------------------------------------------------
  const publicValue = `3412.56-${run}`
  await page.getByTestId('evaluation-draw-value').fill(publicValue)
  await page.getByTestId('evaluation-draw-submit').click()
  await expect(page.getByTestId('evaluation-round-status')).toHaveText('已抽取')
  await expect(page.getByTestId('evaluation-round-public-value')).toHaveText(publicValue)
  await expect(page.getByTestId('evaluation-round-seed')).toHaveText(hex64)
  const file = page.getByTestId('evaluation-file')
  await expect(file).toHaveCount(1)
  await expect(file.getByTestId('evaluation-file-status')).toHaveText('待评分')

  // ---- The score: one deduction (not a 否决项), a rectification request. ------------------------
  await file.getByTestId('evaluation-file-score').click()
  const dialog = page.getByRole('dialog', { name: /^案卷评分/ })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('evaluation-score-preview')).toHaveText(total)
  await expect(dialog.getByTestId('evaluation-grade-preview')).toHaveText('优秀')

  const deduction = dialog.locator('[data-testid="evaluation-deduction"][data-veto="false"]').first()
  await deduction.getByTestId('evaluation-deduction-check').click()
  await expect(deduction.getByRole('checkbox')).toBeChecked()
  await expect(deduction.getByTestId('evaluation-deduction-times')).toBeVisible()
  await deduction.getByTestId('evaluation-deduction-note').fill(`e2e 评查发现 ${run}`)
  await expect(dialog.getByTestId('evaluation-score-preview')).not.toHaveText(total)
  const score = (await dialog.getByTestId('evaluation-score-preview').textContent())!.trim()
  const grade = (await dialog.getByTestId('evaluation-grade-preview').textContent())!.trim()
  expect(Number(score)).toBeLessThan(Number(total))
  expect(['优秀', '合格', '不合格']).toContain(grade)

  await dialog.getByTestId('evaluation-rectify-toggle').click()
  await dialog.getByTestId('evaluation-rectify-request').fill(`请补正案卷材料并说明（e2e ${run}）`)
  await dialog.getByTestId('evaluation-score-submit').click()
  await expect(dialog).toBeHidden()

  await expect(file.getByTestId('evaluation-file-status')).toHaveText('已评分')
  await expect(file.getByTestId('evaluation-score')).toHaveText(score)
  await expect(file.getByTestId('evaluation-grade')).toHaveText(grade)
  await expect(file.getByTestId('evaluation-findings')).toContainText(`e2e 评查发现 ${run}`)
  await expect(file.getByTestId('evaluation-rectification-status')).toHaveText('待整改')
  await expect(file.getByTestId('evaluation-rectification-request')).toContainText(run)
})

test('(b) the portal 案例指导 page loads and searches', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '案例指导' }).click()
  await expect(page).toHaveURL(/\/guidance$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('案例指导')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  // The published cases, or none yet.
  await expect(page.getByTestId('guidance-item').first().or(page.getByTestId('guidance-empty'))).toBeVisible()
  await expect(page.getByTestId('guidance-error')).toHaveCount(0)
  await audit(page, 'guidance list')

  // A text no case holds: the search runs (the address keeps it) and finds nothing.
  const text = `无此案例${run}`
  await page.getByTestId('guidance-search').fill(text)
  await page.getByTestId('guidance-search-submit').click()
  await expect(page).toHaveURL(/[?&]q=/)
  await expect(page.getByTestId('guidance-empty')).toBeVisible()
  await expect(page.getByTestId('guidance-item')).toHaveCount(0)
  await expect(page.getByTestId('guidance-count')).toHaveText('共 0 件')
  await expect(page.getByTestId('guidance-error')).toHaveCount(0)

  // Each item found has its title and legal point.
  await page.getByTestId('guidance-search-reset').click()
  await expect(page).toHaveURL(/\/guidance$/)
  const first = page.getByTestId('guidance-item').first()
  if (await first.isVisible()) {
    await expect(first.getByTestId('guidance-title')).toHaveText(/\S/)
    await expect(first.getByTestId('guidance-legal-point')).toHaveText(/\S/)
  }
})
