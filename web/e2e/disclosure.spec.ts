import { expect, test, type Browser, type Page } from '@playwright/test'

import { demoPassword, signIn } from './helpers'

// 执法公示 (docs/disclosure.md), end to end: demo.publisher opens a draft drafted by a demo case's
// decision, sees its redactions highlighted and publishes it; a visitor (no session, own HTTP
// cache) finds it by part of its title, opens it and sees it proved in the browser against the
// signed ledger; the publisher withdraws it (原决定已被依法撤销) and the public page then shows only
// the withdrawal notice, none of the content.

// A visitor: a new browser context, so no staff cookie and nothing cached from an earlier visit.
async function visitor(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

// A search word from the title: its longest space-separated part (the 文号 in "行政处罚决定书 郑…号"),
// at most 100 characters; the search matches every word literally.
function searchWord(title: string): string {
  const words = title.split(/\s+/).filter(Boolean)
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '')
  return longest.slice(0, 100)
}

// A stretch of the published text to look for after the withdrawal: from the middle of the body,
// else the conclusion.
async function contentSnippet(page: Page): Promise<string> {
  const body = page.getByTestId('disclosure-body')
  if ((await body.count()) > 0) {
    const text = ((await body.textContent()) ?? '').replace(/\s+/g, ' ').trim()
    const middle = Math.floor(text.length / 2)
    return text.slice(middle, middle + 16).trim()
  }
  const conclusion = page.getByTestId('disclosure-fields').locator('div', { has: page.locator('dt', { hasText: '执法结论' }) })
  return ((await conclusion.locator('dd').textContent()) ?? '').trim()
}

test('a draft is published, verified in the browser by the public, and withdrawn', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000)

  // ---- the publisher opens a draft ----------------------------------------------------------
  await signIn(page, 'demo.publisher', demoPassword, '/work/disclosures')
  await expect(page).toHaveURL(/\/work\/disclosures$/)
  await expect(page.getByTestId('workbench-title')).toHaveText('执法公示')
  // 待发布 is the first tab.
  await expect(page.getByTestId('disclosure-tabs').getByRole('tab', { name: '待发布' })).toHaveAttribute('aria-selected', 'true')
  const drafts = page.getByTestId('disclosure-row-link')
  await expect(drafts.first(), 'the demo data should hold at least one draft disclosure').toBeVisible()
  await drafts.first().click()

  await expect(page).toHaveURL(/\/work\/disclosures\/\d+$/)
  const id = Number(/\/work\/disclosures\/(\d+)$/.exec(page.url())![1])
  await expect(page.getByTestId('disclosure-status')).toHaveText('待发布')
  const title = ((await page.getByTestId('workbench-title').textContent()) ?? '').trim()
  expect(title).not.toBe('')

  // Every redaction is highlighted, with its kind, and the original on hover.
  const marks = page.getByTestId('redaction')
  await expect(marks.first()).toBeVisible()
  expect(await marks.count()).toBeGreaterThan(0)
  await expect(marks.first()).toHaveAttribute('title', /\S/)
  expect(await marks.first().evaluate((el) => el.tagName)).toBe('MARK')

  // A mask must be a piece of the current text; the page says why not before asking the server.
  await page.getByTestId('add-mask-input').fill('这段文字不在公示文本中XYZ')
  await page.getByTestId('add-mask-button').click()
  await expect(page.getByText('不是当前公示文本中的一段文字')).toBeVisible()
  await page.getByTestId('add-mask-input').fill('')

  // ---- publish ------------------------------------------------------------------------------
  await page.getByTestId('publish-button').click()
  const publishDialog = page.getByRole('dialog', { name: '发布公示' })
  await expect(publishDialog).toBeVisible()
  await publishDialog.getByTestId('publish-confirm').click()
  await expect(publishDialog).toBeHidden()
  await expect(page.getByTestId('disclosure-status')).toHaveText('已公示')
  await expect(page.getByTestId('withdraw-button')).toBeVisible()
  await expect(page.getByTestId('publish-button')).toHaveCount(0)

  // ---- the public finds it and verifies it -----------------------------------------------------
  const pub = await visitor(browser, baseURL)
  await pub.goto('/disclosures')
  await expect(pub.getByRole('heading', { level: 1 })).toHaveText('公示查询')
  const word = searchWord(title)
  await pub.getByTestId('disclosure-search-input').fill(word)
  await pub.getByTestId('disclosure-search-submit').click()
  // The query is in the URL, so the search can be shared.
  await expect(pub).toHaveURL(/[?&]q=/)
  const hit = pub.getByTestId('disclosure-results').locator(`a[href="/disclosures/${id}"]`)
  await expect(hit).toBeVisible()
  await hit.click()

  await expect(pub).toHaveURL(new RegExp(`/disclosures/${id}$`))
  await expect(pub.getByTestId('disclosure-title')).toBeVisible()
  await expect(pub.getByTestId('disclosure-fields')).toBeVisible()
  // The sequencer integrates the leaf about a second after publication; the page retries.
  const verified = pub.getByTestId('proof-verified')
  await expect(verified).toContainText('已在浏览器中核验', { timeout: 30_000 })
  await expect(verified).toContainText(/第 \d+ 号叶子/)
  await expect(verified).toContainText(/树大小为\s*\d+/)
  await expect(pub.getByTestId('proof-failed')).toHaveCount(0)
  await expect(pub.getByTestId('disclosure-history')).toContainText('发布')
  const snippet = await contentSnippet(pub)
  expect(snippet).not.toBe('')
  await pub.context().close()

  // ---- the publisher withdraws it -------------------------------------------------------------
  await page.reload()
  await expect(page.getByTestId('disclosure-status')).toHaveText('已公示')
  // First the revocation is registered: the 3-working-day duty to take it down starts.
  await page.getByTestId('revocation-button').click()
  const registerDialog = page.getByRole('dialog', { name: '登记撤销情形' })
  await expect(registerDialog).toBeVisible()
  await registerDialog.getByTestId('withdraw-reason').click()
  await page.getByRole('option', { name: '原决定已被依法撤销', exact: true }).click()
  await registerDialog.getByTestId('withdraw-confirm').click()
  await expect(registerDialog).toBeHidden()
  await expect(page.getByTestId('withdraw-due')).toContainText(/应于 \d{4}-\d{2}-\d{2} 前撤下/)
  await expect(page.getByTestId('revocation-button')).toHaveCount(0)
  await page.getByTestId('withdraw-button').click()
  const withdrawDialog = page.getByRole('dialog', { name: '撤下公示' })
  await expect(withdrawDialog).toBeVisible()
  await withdrawDialog.getByTestId('withdraw-reason').click()
  await page.getByRole('option', { name: '原决定已被依法撤销', exact: true }).click()
  await withdrawDialog.getByTestId('withdraw-note').fill('经行政复议，原行政处罚决定已被撤销（e2e）。')
  await withdrawDialog.getByTestId('withdraw-confirm').click()
  await expect(withdrawDialog).toBeHidden()
  await expect(page.getByTestId('disclosure-status')).toHaveText('已撤下')

  // ---- the public page now shows only the notice ----------------------------------------------
  const after = await visitor(browser, baseURL)
  await after.goto(`/disclosures/${id}`)
  const notice = after.getByTestId('withdrawal-notice')
  await expect(notice).toBeVisible()
  await expect(notice).toContainText(/本条信息已于 \d{4}-\d{2}-\d{2} 撤下/)
  await expect(notice).toContainText('原决定已被依法撤销')
  await expect(notice).toContainText('经行政复议，原行政处罚决定已被撤销（e2e）。')
  await expect(after.getByTestId('disclosure-history')).toContainText('撤')
  await expect(after.getByTestId('disclosure-body')).toHaveCount(0)
  await expect(after.getByTestId('disclosure-fields')).toHaveCount(0)
  await expect(after.getByTestId('disclosure-content')).toHaveCount(0)
  await expect(after.getByTestId('proof-verified')).toHaveCount(0)
  await expect(after.getByRole('main')).not.toContainText(snippet)

  // And the search no longer finds it among the published items.
  await after.goto(`/disclosures?q=${encodeURIComponent(word)}`)
  await expect(after.getByTestId('disclosure-results').or(after.getByTestId('disclosure-empty'))).toBeVisible()
  await expect(after.locator(`a[href="/disclosures/${id}"]`)).toHaveCount(0)
  await after.context().close()
})

test('an unknown disclosure says so', async ({ page }) => {
  await page.goto('/disclosures/999999999')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('未找到该公示信息')
})

test('the search keeps its query in the URL and explains a refused query', async ({ page }) => {
  await page.goto('/disclosures?q=' + encodeURIComponent('一 二 三 四 五 六'))
  await expect(page.getByTestId('disclosure-search-input')).toHaveValue('一 二 三 四 五 六')
  await expect(page.getByTestId('disclosure-search-error')).toContainText('查询条件有误')

  await page.route((url) => url.pathname === '/api/v1/public/disclosures', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '30' },
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: '/problems/too-many-requests', title: '请求过于频繁', status: 429, detail: '请求过于频繁' }),
    }),
  )
  await page.getByTestId('disclosure-search-input').fill('住房公积金')
  await page.getByTestId('disclosure-search-submit').click()
  await expect(page).toHaveURL(/[?&]q=/)
  await expect(page.getByTestId('disclosure-search-error')).toContainText('查询过于频繁，请稍后再试')
})
