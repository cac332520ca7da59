import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

// Accessibility of the public portal (WCAG 2.1 AA, checked with axe-core): no violation of
// impact "serious" or "critical" on the portal's pages, in the normal and in the large-text
// (适老化) mode, and on a phone-sized screen.

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>
type Violation = AxeResults['violations'][number]

const blocking = new Set(['serious', 'critical'])

function report(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 10)
        .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n')
      const more = v.nodes.length > 10 ? `\n    … and ${v.nodes.length - 10} more` : ''
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`
    })
    .join('\n\n')
}

async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.filter((v) => v.impact && blocking.has(v.impact))
  expect(found.length, `${what}: ${found.length} serious or critical accessibility violation(s)\n\n${report(found)}`).toBe(0)
}

// The first published disclosure, from the API.
async function firstDisclosure(page: Page): Promise<number> {
  const response = await page.request.get('/api/v1/public/disclosures?limit=1')
  expect(response.status(), await response.text()).toBe(200)
  const { items } = (await response.json()) as { items: { id: number }[] }
  expect(items.length, 'the demo data should hold at least one published disclosure').toBeGreaterThan(0)
  return items[0]!.id
}

// The first published 双随机 plan (the demo draws one), from the API.
async function firstDraw(page: Page): Promise<number> {
  const response = await page.request.get('/api/v1/public/draws')
  expect(response.status(), await response.text()).toBe(200)
  const { items } = (await response.json()) as { items: { id: number }[] }
  expect(items.length, 'the demo data should hold a published plan').toBeGreaterThan(0)
  return items[0]!.id
}

// Waits until the page has its heading and has stopped loading.
async function settle(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.waitForLoadState('networkidle')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
}

interface PortalPage {
  name: string
  path: (page: Page) => Promise<string>
  ready?: (page: Page) => Promise<void>
}

const pages: PortalPage[] = [
  { name: 'home', path: async () => '/' },
  { name: 'disclosure search', path: async () => '/disclosures' },
  {
    name: 'disclosure detail',
    path: async (page) => `/disclosures/${await firstDisclosure(page)}`,
    // The verification panel settles on its verdict (either; this test is about markup).
    ready: async (page) => {
      await expect(page.getByTestId('proof-verified').or(page.getByTestId('proof-failed'))).toBeVisible({ timeout: 30_000 })
    },
  },
  { name: 'agency 事前公开', path: async () => '/agencies/1/public' },
  { name: 'officers', path: async () => '/officers' },
  { name: 'certificate check', path: async () => '/verify' },
  { name: '双随机 plans', path: async () => '/draws' },
  { name: '投诉举报 form', path: async () => '/complaints/new' },
  { name: '投诉举报 status lookup', path: async () => '/complaints/status' },
  { name: '统计年报 list', path: async () => '/reports/annual' },
  { name: '案例指导', path: async () => '/guidance' },
  {
    name: '双随机 plan with its check',
    path: async (page) => `/draws/${await firstDraw(page)}`,
    // Re-run in the browser and settled on its verdict, so the panel's result is audited too.
    ready: async (page) => {
      await page.getByTestId('draw-verify-button').click()
      await expect(page.getByTestId('draw-verify-verdict')).toBeVisible({ timeout: 30_000 })
    },
  },
]

for (const largeText of [false, true]) {
  const mode = largeText ? 'large-text mode' : 'normal mode'
  test.describe(mode, () => {
    for (const p of pages) {
      test(`${p.name} has no serious or critical violations (${mode})`, async ({ page }) => {
        await page.goto(await p.path(page))
        await settle(page)
        const toggle = page.getByTestId('large-text-toggle')
        if (largeText) {
          await expect(toggle).toHaveAttribute('aria-pressed', 'false')
          await toggle.click()
          await expect(toggle).toHaveAttribute('aria-pressed', 'true')
          await expect(page.locator('html')).toHaveClass(/sx-large-text/)
        } else {
          await expect(toggle).toHaveAttribute('aria-pressed', 'false')
        }
        await p.ready?.(page)
        await audit(page, `${p.name} (${mode})`)
      })
    }
  })
}

test('the large-text mode is kept across pages and visits', async ({ page }) => {
  await page.goto('/')
  await settle(page)
  const before = await page.locator('h1').evaluate((el) => parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).fontSize))
  await page.getByTestId('large-text-toggle').click()
  const after = await page.locator('h1').evaluate((el) => parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).fontSize))
  expect(after / before).toBeGreaterThan(1.2)

  await page.goto('/disclosures')
  await settle(page)
  await expect(page.locator('html')).toHaveClass(/sx-large-text/)
  await expect(page.getByTestId('large-text-toggle')).toHaveAttribute('aria-pressed', 'true')

  await page.getByTestId('large-text-toggle').click()
  await expect(page.locator('html')).not.toHaveClass(/sx-large-text/)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } })

  test('the navigation folds behind a menu button and the home page passes', async ({ page }) => {
    await page.goto('/')
    await settle(page)
    const nav = page.getByRole('navigation', { name: '主导航' })
    const menu = page.getByTestId('nav-menu-toggle')
    await expect(menu).toBeVisible()
    await expect(menu).toHaveAttribute('aria-expanded', 'false')
    await expect(nav.getByRole('link', { name: '公示查询' })).toBeHidden()
    await audit(page, 'home on a phone')

    await menu.click()
    await expect(menu).toHaveAttribute('aria-expanded', 'true')
    await nav.getByRole('link', { name: '公示查询' }).click()
    await expect(page).toHaveURL(/\/disclosures$/)
    await expect(menu).toHaveAttribute('aria-expanded', 'false')
    await settle(page)
    await audit(page, 'disclosure search on a phone')
  })
})
