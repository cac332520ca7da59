import { expect, test, type Browser, type Page } from '@playwright/test'

import { creditCode, demoPassword, signIn, switchUser, unique } from './helpers'

// 双随机、一公开 (docs/draw.md), end to end: demo.unithead drafts a plan on the demo item GJJ-JC-001
// with two strata (高风险 by ratio, 其他 by count), publishes it (the pools are fixed and their
// roots shown), enters the public value and draws; the teams appear. A visitor (no session) finds
// the plan on the portal, re-runs the draw in the browser (重算一致), then feeds an altered copy of
// the bundle through the file chooser and is told where it differs (不一致).

// A visitor: a new browser context, so no staff cookie and nothing cached from an earlier visit.
async function visitor(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

interface Bundle {
  strata: { name: string; pool: { targets: { id: number }[] } }[]
  draw: { strata: { name: string; selected: number[] }[] } | null
}

test('a plan is drafted, published and drawn, and the public re-runs the draw in the browser', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000)
  const title = `双随机抽查 e2e ${unique()}`
  const publicValue = '10234.56'

  // ---- draft ------------------------------------------------------------------------------------
  await signIn(page, 'demo.unithead', demoPassword, '/work/inspections')
  await expect(page.getByTestId('workbench-title')).toHaveText('双随机')
  await expect(page.getByTestId('inspection-tabs').getByRole('tab', { name: '抽查计划' })).toHaveAttribute('aria-selected', 'true')
  await page.getByTestId('new-plan').click()
  await expect(page).toHaveURL(/\/work\/inspections\/plans\/new$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('新建抽查计划')

  const form = page.getByRole('form', { name: '抽查计划' })
  await form.getByTestId('plan-item').click()
  await page.getByRole('option', { name: /GJJ-JC-001/ }).click()
  await form.getByLabel('计划名称').fill(title)
  await form.getByLabel('随机数来源').fill('深证成指 抽取日收盘点数（e2e）')
  // The draw date is today by default, so the draw can follow at once.

  // Stratum 1: 高风险, half of them; stratum 2: the rest, three units.
  const first = form.getByTestId('stratum-0')
  await first.getByRole('textbox', { name: '分层 1 名称' }).fill('高风险')
  await first.getByTestId('stratum-risk').getByText('高', { exact: true }).click()
  await first.getByRole('textbox', { name: '分层 1 抽取比例（%）' }).fill('50')
  await form.getByTestId('add-stratum').click()
  const second = form.getByTestId('stratum-1')
  await second.getByRole('textbox', { name: '分层 2 名称' }).fill('其他')
  await second.getByTestId('stratum-mode').getByText('按数量', { exact: true }).click()
  const count = second.getByLabel('分层 2 抽取户数')
  await count.fill('3')
  await count.press('Tab')
  await form.getByTestId('plan-save').click()

  await expect(page).toHaveURL(/\/work\/inspections\/plans\/\d+$/)
  const id = Number(/\/plans\/(\d+)$/.exec(page.url())![1])
  await expect(page.getByTestId('workbench-title')).toHaveText(title)
  await expect(page.getByTestId('plan-status')).toHaveText('草稿')
  await expect(page.getByTestId('plan-notice')).toContainText('已保存草稿')
  const pools = page.getByTestId('stratum-pool')
  await expect(pools).toHaveCount(2)
  for (const pool of await pools.all()) expect(Number(await pool.textContent())).toBeGreaterThan(0)

  // ---- publish: the pools are fixed and their roots shown --------------------------------------------
  await page.getByTestId('plan-publish').click()
  const publishDialog = page.getByRole('dialog', { name: '发布抽查计划' })
  await expect(publishDialog).toBeVisible()
  await expect(publishDialog).toContainText('固定')
  await publishDialog.getByTestId('plan-publish-confirm').click()
  await expect(publishDialog).toBeHidden()
  await expect(page.getByTestId('plan-status')).toHaveText('已发布')
  const roots = page.getByTestId('stratum-root')
  await expect(roots).toHaveCount(2)
  for (const root of await roots.all()) await expect(root).toHaveText(/^[0-9a-f]{64}$/)
  await expect(page.getByTestId('plan-edit')).toHaveCount(0)

  // ---- draw ---------------------------------------------------------------------------------------
  const counts = await page.getByTestId('stratum-draw-count').allTextContents()
  const drawCount = counts.reduce((n, c) => n + Number(c), 0)
  expect(drawCount).toBeGreaterThan(3)
  await expect(page.getByTestId('draw-panel')).toBeVisible()
  await page.getByRole('textbox', { name: '公开随机数', exact: true }).fill(publicValue)
  await page.getByTestId('draw-button').click()
  const drawDialog = page.getByRole('dialog', { name: '确认抽取' })
  await expect(drawDialog).toBeVisible()
  await expect(drawDialog.getByTestId('draw-confirm-value')).toHaveText(publicValue)
  await expect(drawDialog).toContainText('不能更改')
  await drawDialog.getByTestId('draw-confirm').click()
  await expect(drawDialog).toBeHidden()
  await expect(page.getByTestId('plan-status')).toHaveText('已抽取')
  await expect(page.getByTestId('plan-public-value')).toHaveText(publicValue)
  await expect(page.getByTestId('draw-panel')).toHaveCount(0)

  const teams = page.getByTestId('team-table')
  await expect(teams.getByTestId('team-target')).toHaveCount(drawCount)
  for (const members of await teams.getByTestId('team-members').all()) {
    await expect(members.getByTestId('team-member')).toHaveCount(2)
  }

  // ---- the public re-runs it --------------------------------------------------------------------------
  const pub = await visitor(browser, baseURL)
  await pub.goto('/draws')
  await expect(pub.getByRole('heading', { level: 1 })).toHaveText('双随机抽查公示')
  await pub.getByTestId('public-draw-table').getByRole('link', { name: title, exact: true }).click()
  await expect(pub).toHaveURL(new RegExp(`/draws/${id}$`))
  await expect(pub.getByTestId('draw-title')).toHaveText(title)
  await expect(pub.getByTestId('draw-public-value')).toHaveText(publicValue)
  await expect(pub.getByTestId('draw-stratum-root')).toHaveCount(2)

  await pub.getByTestId('draw-verify-button').click()
  await expect(pub.getByTestId('draw-verify-verdict')).toHaveText('重算一致', { timeout: 60_000 })
  await expect(pub.getByTestId('draw-verify-ok')).toContainText('抽中的')
  await expect(pub.getByTestId('draw-verify-bad')).toHaveCount(0)

  // ---- an altered bundle does not pass ------------------------------------------------------------------
  const response = await pub.request.get(`/api/v1/public/draws/${id}/bundle`)
  expect(response.ok()).toBeTruthy()
  const bundle = (await response.json()) as Bundle
  expect(bundle.draw).not.toBeNull()
  const drawn = bundle.draw!.strata[0]!
  const pool = bundle.strata[0]!.pool.targets.map((t) => t.id)
  const other = pool.find((t) => !drawn.selected.includes(t))
  expect(other, 'the 高风险 stratum should hold a target that was not drawn').toBeDefined()
  drawn.selected[0] = other!

  const chooser = pub.waitForEvent('filechooser')
  await pub.getByTestId('draw-verify-choose').click()
  await (await chooser).setFiles({
    name: 'altered-bundle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  })
  await expect(pub.getByTestId('draw-verify-verdict')).toHaveText('不一致', { timeout: 60_000 })
  await expect(pub.getByTestId('draw-verify-difference')).toContainText(`分层「${drawn.name}」抽中对象第 1 个`)
  await expect(pub.getByTestId('draw-verify-ok')).toHaveCount(0)
  await pub.context().close()
})

test('the portal header links to the draws, and the agency page lists its inspection items', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '双随机' }).click()
  await expect(page).toHaveURL(/\/draws$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('双随机抽查公示')

  await page.goto('/agencies/public')
  await expect(page).toHaveURL(/\/agencies\/\d+\/public$/)
  await page.getByTestId('agency-public-picker').click()
  await page.getByRole('option', { name: '郑州住房公积金管理中心', exact: true }).click()
  await expect(page.getByTestId('agency-public-title')).toHaveText('郑州住房公积金管理中心 事前公开')
  await expect(page.getByTestId('public-inspection-items')).toContainText('GJJ-JC-001')
})

test('the roster is imported with a row report, a member replaced, a result entered and published', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000)
  await signIn(page, 'demo.unithead', demoPassword, '/work/inspections?tab=targets')
  await expect(page.getByTestId('target-total')).toContainText('户')

  // A file with one bad row: the report names it, and nothing is imported.
  const tag = unique()
  const header = '单位名称,统一社会信用代码,所在区县,行业,规模,风险等级,投诉次数,上次检查日期\n'
  const good = [0, 1].map((i) => `导入测试${tag}第${i}公司,${creditCode()},金水区,建筑业,小型,高,1,2025-03-01`)
  await page.getByTestId('import-targets').click()
  const dialog = page.getByTestId('target-import-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByTestId('target-import-file').setInputFiles({
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(header + good.join('\n') + `\n导入测试${tag}坏公司,91410100XXXXXXXXXX,金水区,,,很高,,\n`),
  })
  await dialog.getByTestId('target-import-submit').click()
  const report = dialog.getByTestId('target-import-report')
  await expect(report).toBeVisible()
  await expect(report).toContainText('统一社会信用代码')
  await expect(report).toContainText('风险等级')
  await expect(report.locator('tbody tr').first()).toContainText('4')

  // The corrected file goes in.
  await dialog.getByTestId('target-import-file').setInputFiles({
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(header + good.join('\n') + '\n'),
  })
  await dialog.getByTestId('target-import-submit').click()
  await expect(page.getByTestId('target-import-done')).toBeVisible()
  await page.getByTestId('target-search').fill(`导入测试${tag}`)
  await page.getByTestId('target-search').press('Enter')
  await expect(page.getByTestId('target-table').locator('tbody tr')).toHaveCount(2)

  // The demo plan, drawn today: one member replaced for absence, then a result entered.
  const plans = await page.request.get('/api/v1/public/draws?agency=zzgjj')
  const demo = ((await plans.json()) as { items: { id: number; code: string }[] }).items.find((p) =>
    p.code.endsWith('-01'),
  )
  expect(demo, 'the demo plan').toBeDefined()
  await page.goto(`/work/inspections/plans/${demo!.id}`)
  await expect(page.getByTestId('plan-status')).toHaveText('已抽取')
  const rows = page.getByTestId('team-table').locator('tbody tr')
  // A team without a result yet (the demo published one for the first team).
  let row = rows.first()
  for (const candidate of await rows.all()) {
    if ((await candidate.getByTestId('result-button').count()) > 0) {
      row = candidate
      break
    }
  }
  const target = (await row.getByTestId('team-target').textContent())!.trim()
  const before = (await row.getByTestId('team-member').first().textContent())!.trim()
  await row.getByTestId('replace-button').first().click()
  const replace = page.getByTestId('replace-dialog')
  await expect(replace.getByTestId('replace-out')).toHaveText(before)
  await replace.getByTestId('replace-reason').getByText('缺席', { exact: true }).click()
  await replace.getByRole('textbox').fill('病假,e2e')
  await replace.getByTestId('replace-confirm').click()
  await expect(replace).toBeHidden()
  const replacements = page.getByTestId('replacement-table')
  await expect(replacements).toContainText(target)
  await expect(replacements).toContainText('缺席')
  const same = page.getByTestId('team-table').locator('tbody tr', { hasText: target })
  await expect(same.getByTestId('team-member').first()).not.toHaveText(before)

  await same.getByTestId('result-button').click()
  const result = page.getByTestId('result-dialog')
  await result.getByTestId('result-outcome').getByText('责令整改', { exact: true }).click()
  await result.getByRole('textbox').fill('未为 2 名职工缴存,责令限期补缴(e2e)')
  await result.getByTestId('result-confirm').click()
  await expect(result).toBeHidden()
  await expect(same.getByTestId('team-outcome')).toHaveText('责令整改')

  // The publisher publishes; the public sees the result and the replacement.
  await switchUser(page, 'demo.publisher', `/work/inspections/plans/${demo!.id}`)
  await page.getByTestId('publish-results').click()
  await page.getByTestId('results-publish-confirm').click()
  await expect(page.getByTestId('publish-results')).toBeDisabled()

  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const pub = await context.newPage()
  await pub.goto(`/draws/${demo!.id}`)
  await expect(pub.getByTestId('draw-results')).toContainText(target)
  await expect(pub.getByTestId('draw-results')).toContainText('责令整改')
  await expect(pub.getByTestId('draw-replacements')).toContainText('缺席')
  await pub.getByTestId('draw-verify-button').click()
  await expect(pub.getByTestId('draw-verify-verdict')).toHaveText('重算一致', { timeout: 60_000 })
  await context.close()
})
