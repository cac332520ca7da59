import { expect, test, type Page } from '@playwright/test'

import { certNumber, createOfficerViaApi, signIn, unique } from './helpers'

// The sequencer signs a checkpoint about once a second; a new leaf shows in the history only once
// a checkpoint covers it. Refreshes the card until it lists `count` leaves.
async function ledgerRows(page: Page, count: number) {
  const card = page.getByTestId('ledger-card')
  const rows = card.getByTestId('ledger-row')
  await expect(async () => {
    await card.getByTestId('ledger-refresh').click()
    await expect(rows).toHaveCount(count, { timeout: 1000 })
  }).toPass()
  return rows
}

async function changeTitleViaApi(page: Page, id: number, title: string) {
  const session = await page.request.get('/api/v1/session')
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  const response = await page.request.patch(`/api/v1/officers/${id}`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { title },
  })
  expect(response.status(), await response.text()).toBe(200)
}

test("an officer's ledger record verifies in the browser against the signed checkpoint", async ({ page }) => {
  await signIn(page)
  const { id } = await createOfficerViaApi(page, { name: `测试${unique()}`, certNumber: certNumber() })
  await changeTitleViaApi(page, id, '副科长')

  await page.goto(`/work/people/${id}`)
  const card = page.getByTestId('ledger-card')
  await expect(card.getByRole('heading', { name: '账本记录（防篡改）' })).toBeVisible()
  const rows = await ledgerRows(page, 2)
  await expect(rows.nth(0)).toContainText('登记')
  await expect(rows.nth(1)).toContainText('变更')

  await card.getByTestId('ledger-verify').click()
  const results = card.getByTestId('ledger-result')
  await expect(results).toHaveCount(2)
  for (const result of await results.all()) {
    await expect(result).toContainText(/✓ 已核验（树大小 \d+）/)
  }
  const summary = card.getByTestId('ledger-summary')
  await expect(summary).toContainText('叶子哈希')
  await expect(summary).toContainText('包含证明')
  await expect(summary).toContainText('已签名检查点')
  await expect(summary).toContainText(/验证密钥 \S+\+[0-9a-f]{8}（Ed25519 签名有效）/)
})

test('a tampered inclusion proof fails verification', async ({ page }) => {
  await signIn(page)
  const { id } = await createOfficerViaApi(page, { name: `测试${unique()}`, certNumber: certNumber() })

  // Flip one character of the first proof hash, keeping it valid base64.
  await page.route('**/api/v1/public/ledger/inclusion*', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { proof: string[] }
    expect(body.proof.length).toBeGreaterThan(0)
    const hash = body.proof[0]!
    body.proof[0] = (hash[0] === 'A' ? 'B' : 'A') + hash.slice(1)
    await route.fulfill({ response, json: body })
  })

  await page.goto(`/work/people/${id}`)
  const card = page.getByTestId('ledger-card')
  const rows = await ledgerRows(page, 1)
  await expect(rows).toContainText('登记')

  await card.getByTestId('ledger-verify').click()
  const result = card.getByTestId('ledger-result')
  await expect(result).toContainText('✗')
  await expect(result).toContainText('包含证明不成立')
  await expect(result).not.toContainText('✓')
})
