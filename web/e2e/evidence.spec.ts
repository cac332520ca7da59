import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { expect, test, type Page } from '@playwright/test'

import { apiSignIn, creditCode, csrfToken, demoPassword, signIn, type Session } from './helpers'

// Issue #7's acceptance path: demo.officer uploads a body-camera video to a case with a progress
// bar, plays it back from the server, closes the case (结案) in the page, downloads the case file
// (the BagIt bag) and sees its 四性检测 pass. The case is the test's own (made through the API,
// as are the steps other people take), so no demo case changes. A second test drops a chunk and
// sees the upload go on from the server's offset, then sees a mislabelled file refused.

const clip = fileURLToPath(new URL('../../tests/data/media/clip.webm', import.meta.url))
const photo = fileURLToPath(new URL('../../tests/data/media/photo.jpg', import.meta.url))

function sha256Hex(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

// ---- sessions and API setup -------------------------------------------------------------------

// The page's own session (demo.officer), for the officer's setup steps.
async function pageSession(page: Page): Promise<Session> {
  return { api: page.request, csrf: await csrfToken(page) }
}

async function call<T>(s: Session, method: 'POST' | 'GET', path: string, data?: unknown, status = 200): Promise<T> {
  const response =
    method === 'GET' ? await s.api.get(path) : await s.api.post(path, { headers: { 'X-CSRF-Token': s.csrf }, data })
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(status)
  return (await response.json()) as T
}

interface Doc {
  id: number
  missingSignoffs: string[]
}

// The people who sign and take the steps that are not the officer's.
type People = Record<'officer' | 'unit_head' | 'legal_reviewer' | 'leader', Session>

// A 第37条 case (56 accounts not opened) with 张伟 and 陈静, registered by the officer: a lead.
async function createCase(officer: Session, party: string): Promise<number> {
  const { user } = await call<{ user: { agencyId: number } }>(officer, 'GET', '/api/v1/session')
  const { items } = await call<{ items: { id: number; code: string }[] }>(officer, 'GET', '/api/v1/power-items')
  const { items: officers } = await call<{ items: { id: number; name: string }[] }>(
    officer,
    'GET',
    `/api/v1/agencies/${user.agencyId}/officers`,
  )
  const created = await call<{ id: number }>(
    officer,
    'POST',
    '/api/v1/cases',
    {
      powerItemId: items.find((p) => p.code === 'GJJ-CF-037')!.id,
      procedure: 'ordinary',
      cause: '未为职工办理住房公积金账户设立手续，逾期不办理',
      source: '监督检查',
      area: '郑州市金水区',
      party: {
        kind: 'organisation',
        name: party,
        idNumber: creditCode(),
        representative: '王建设',
        address: '郑州市金水区花园路 1 号',
        phone: '0371-60000000',
      },
      facts: '当事人未为 56 名职工办理住房公积金账户设立手续；经责令限期办理，逾期仍未办理。',
      art37: { unregistered: false, yearsSinceFounding: 0, accountsMissing: 56, correctedInTime: false },
      violationEndedOn: null,
      complexOrMajor: false,
      eServiceConsent: false,
      officerIds: ['张伟', '陈静'].map((n) => officers.find((o) => o.name === n)!.id),
    },
    201,
  )
  return created.id
}

// 立案: under investigation.
async function fileCase(people: People, caseId: number) {
  await step(people, caseId, 'officer', 'file', {
    documentId: await signed(people, caseId, 'officer', 'filing_approval', {
      source: '监督检查',
      summary: '当事人未为职工设立住房公积金账户，经责令逾期仍未办理。',
      handler_opinion: '建议立案调查。',
    }),
  })
}

// A document drafted by `by` and signed by whoever holds each role it needs.
async function signed(
  people: People,
  caseId: number,
  by: keyof People,
  type: string,
  inputs: Record<string, string>,
): Promise<number> {
  const doc = await call<Doc>(people[by], 'POST', `/api/v1/cases/${caseId}/documents`, { type, inputs }, 201)
  for (const role of doc.missingSignoffs) {
    await call(people[role as keyof People], 'POST', `/api/v1/documents/${doc.id}/signoffs`, { role })
  }
  return doc.id
}

async function step(people: People, caseId: number, by: keyof People, action: string, extra: object = {}) {
  const { version } = await call<{ version: number }>(people[by], 'GET', `/api/v1/cases/${caseId}`)
  await call(people[by], 'POST', `/api/v1/cases/${caseId}/steps`, { version, action, ...extra })
}

// From 调查取证 to 执行完毕: a 10,000 yuan fine, reviewed, notified, decided, served and paid.
async function toExecuted(people: People, caseId: number) {
  const evidence = '职工花名册、责令限期办理通知书及送达回证、询问笔录、执法记录仪视频'
  await step(people, caseId, 'officer', 'finish_investigation', {
    outcome: 'penalty',
    fine: 10000,
    documentId: await signed(people, caseId, 'officer', 'investigation_report', {
      evidence,
      analysis: '当事人未为 56 名职工设立住房公积金账户，经责令逾期仍未办理，事实清楚。',
      proposal: '建议罚款人民币 10000 元。',
    }),
  })
  // 法制审核 (docs/review.md): the package from the case, the reviewer's eight items, 同意.
  const { version } = await call<{ version: number }>(people.officer, 'GET', `/api/v1/cases/${caseId}`)
  const submitted = await call<{ id: number }>(
    people.officer,
    'POST',
    `/api/v1/cases/${caseId}/review/submissions`,
    { version, vouched: true, tierReasoning: '56 名职工未设立账户，按第三十七条裁量基准确定档次。' },
    201,
  )
  const items = ['subject', 'personnel', 'procedure', 'facts', 'law', 'within_powers', 'documents', 'crime_transfer']
  await call(people.legal_reviewer, 'POST', `/api/v1/review/submissions/${submitted.id}/opinion`, {
    findings: items.map((item) => ({ item, conforms: true, comment: '' })),
    opinion: 'approve',
    summary: '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。同意。',
  })
  await step(people, caseId, 'officer', 'notify', {
    documentId: await signed(people, caseId, 'officer', 'penalty_notice', {
      evidence,
      violated: '《住房公积金管理条例》第十五条',
      statement_days: '三',
      contact: '张伟 0371-60000001',
    }),
  })
  await step(people, caseId, 'leader', 'decide', {
    documentId: await signed(people, caseId, 'officer', 'penalty_decision', {
      evidence,
      violated: '《住房公积金管理条例》第十五条',
      statement_result: '当事人在规定期限内未提出陈述、申辩。',
    }),
  })
  await step(people, caseId, 'officer', 'serve', {
    serviceMethod: 'direct',
    documentId: await signed(people, caseId, 'officer', 'service_receipt', {
      served_document: '行政处罚决定书',
      recipient: '王建设（法定代表人）',
      place: '郑州市金水区花园路 1 号',
      method: '直接送达',
      served_at: '决定作出当日',
      server: '张伟、陈静',
    }),
  })
  await step(people, caseId, 'officer', 'pay')
}

async function signInPeople(page: Page, baseURL: string): Promise<People> {
  await signIn(page, 'demo.officer', demoPassword, '/work/cases')
  return {
    officer: await pageSession(page),
    unit_head: await apiSignIn(baseURL, 'demo.unithead'),
    legal_reviewer: await apiSignIn(baseURL, 'demo.reviewer'),
    leader: await apiSignIn(baseURL, 'demo.leader'),
  }
}

async function dispose(people: People) {
  for (const [who, s] of Object.entries(people)) if (who !== 'officer') await s.api.dispose()
}

// ---- the officer, through the pages -----------------------------------------------------------

async function uploadFile(page: Page, path: string, fields: { place: string; device: string; description: string }) {
  const form = page.getByRole('form', { name: '上传证据' })
  await form.getByTestId('evidence-file').setInputFiles(path)
  await form.getByLabel('地点').fill(fields.place)
  await form.getByLabel('设备编号').fill(fields.device)
  await form.getByLabel('说明').fill(fields.description)
  await form.getByRole('button', { name: '上传', exact: true }).click()
}

test('an officer uploads a video, plays it back, closes the case and checks its case file', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const people = await signInPeople(page, baseURL!)
  const party = `测试证据单位${Date.now().toString(36).toUpperCase()}`
  const caseId = await createCase(people.officer, party)
  await fileCase(people, caseId)

  // 证据: the video, with a progress bar that reaches 100%.
  await page.goto(`/work/cases/${caseId}?tab=evidence`)
  await expect(page.getByTestId('case-stage')).toHaveText('调查取证')
  await uploadFile(page, clip, { place: '郑州市金水区花园路 1 号', device: 'DSJ-0427', description: '现场检查执法记录仪录像' })
  const progress = page.getByTestId('evidence-progress')
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  await expect(progress.getByTestId('evidence-progress-phase')).toHaveText('上传完成')
  await expect(page.getByTestId('case-notice')).toContainText('已上传证据：clip.webm')

  const row = page.getByTestId('evidence-table').locator('tbody tr').filter({ hasText: 'clip.webm' })
  await expect(row).toHaveCount(1)
  const digest = sha256Hex(clip)
  await expect(row.getByTestId('evidence-sha256')).toHaveAttribute('data-sha256', digest)
  await expect(row.getByTestId('evidence-sha256')).toHaveText(`${digest.slice(0, 12)}…${digest.slice(-6)}`)
  await expect(row).toContainText('调查取证')
  await expect(row).toContainText('设备 DSJ-0427')
  await expect(row).toContainText('WebM 视频')
  // What the server read from the container, and its poster frame.
  const media = row.getByTestId('evidence-media')
  await expect(media).toContainText('时长 00:02')
  await expect(media).toContainText('编码 vp8 / opus')
  await expect(media).toContainText('分辨率 160×120')
  const poster = row.getByTestId('evidence-poster')
  await expect
    .poll(() =>
      poster.evaluate((e) => {
        const img = e as unknown as { complete: boolean; naturalWidth: number }
        return img.complete ? img.naturalWidth : 0
      }),
    )
    .toBeGreaterThan(0)

  // Playback from the server (Range), and the view in the chain of custody.
  await row.getByTestId('evidence-play').click()
  const player = page.getByRole('dialog', { name: 'clip.webm' })
  const video = player.getByTestId('evidence-video')
  await expect(video).toBeVisible()
  // The browser fetched and decoded the first frames (HAVE_CURRENT_DATA) and knows the length.
  const playback = () =>
    video.evaluate((e) => {
      const v = e as unknown as { readyState: number; duration: number }
      return { readyState: v.readyState, duration: v.duration }
    })
  await expect.poll(async () => (await playback()).readyState).toBeGreaterThanOrEqual(2)
  await expect.poll(async () => (await playback()).duration).toBeGreaterThan(0)
  await expect(player.getByTestId('evidence-player-sha256')).toHaveText(digest)
  await expect(player.getByTestId('evidence-custody')).toContainText('查看')
  await player.getByRole('button', { name: /关闭|Close/ }).first().click()
  await expect(player).toBeHidden()

  // Decided, served and paid through the API; 结案 in the page with the 结案审批表.
  await toExecuted(people, caseId)
  await page.getByRole('button', { name: '刷新', exact: true }).click()
  await expect(page.getByTestId('case-stage')).toHaveText('执行完毕')
  await page.getByTestId('case-actions').getByRole('button', { name: '结案', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: '办理：结案' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: '起草文书' }).click()
  const editor = page.getByRole('dialog').filter({ has: page.getByTestId('document-save') })
  await editor.getByLabel('执行情况', { exact: true }).fill('当事人已按期缴纳罚款 10000 元，并为全部职工设立住房公积金账户。')
  await editor.getByLabel('结案理由', { exact: true }).fill('行政处罚决定已执行完毕。')
  await editor.getByLabel('承办人意见', { exact: true }).fill('建议结案。')
  await editor.getByRole('button', { name: '保存草稿' }).click()
  await expect(editor.getByTestId('document-notice')).toContainText('已保存草稿')
  await editor.getByRole('button', { name: /^签署/ }).click()
  await expect(editor.getByRole('button', { name: /^签署/ })).toHaveCount(0)
  await editor.getByRole('button', { name: '关闭', exact: true }).click()
  await expect(editor).toBeHidden()
  const closing = (
    await call<{ documents: { id: number; type: string; status: string }[] }>(people.officer, 'GET', `/api/v1/cases/${caseId}`)
  ).documents.find((d) => d.type === 'closing_approval' && d.status === 'draft')!
  await call(people.unit_head, 'POST', `/api/v1/documents/${closing.id}/signoffs`, { role: 'unit_head' })
  await dialog.getByRole('button', { name: '刷新签署情况' }).click()
  await expect(dialog.getByTestId('step-document')).toContainText('结案审批表')
  await dialog.getByRole('button', { name: /^确定/ }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('case-stage')).toHaveText('已结案')

  // The closed file is read-only: the video stays, nothing more can be added.
  await page.getByRole('tab', { name: '证据' }).click()
  await expect(page.getByTestId('evidence-readonly')).toContainText('案卷只读')
  await expect(row).toHaveCount(1)

  // 案卷: the bag downloads as <案件编号>.tar with bagit.txt inside …
  await page.getByRole('tab', { name: '案卷' }).click()
  const archive = page.getByTestId('case-archive')
  const downloading = page.waitForEvent('download')
  await archive.getByRole('link', { name: '下载案卷包' }).click()
  const download = await downloading
  expect(await download.failure()).toBeNull()
  const number = (await page.getByTestId('case-number').innerText()).trim()
  expect(download.suggestedFilename()).toBe(`${number}.tar`)
  const bag = await download.path()
  expect(statSync(bag).size).toBeGreaterThan(0)
  const listing = execFileSync('tar', ['-tf', bag], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'] })
  expect(listing).toMatch(/(^|\/)bagit\.txt$/m)

  // … and its 四性检测 passes in all four sections.
  await archive.getByRole('button', { name: '四性检测' }).click()
  const report = archive.getByTestId('archive-report')
  await expect(report.getByTestId('archive-result')).toHaveText('通过')
  await expect(report.getByTestId('archive-section-name')).toHaveText(['真实性', '完整性', '可用性', '安全性'])
  for (const section of await report.getByTestId('archive-section').all()) {
    await expect(section.getByTestId('archive-section-result')).toHaveText('通过')
    await expect(section.getByTestId('archive-failed')).toHaveText('0')
  }

  await dispose(people)
})

test('an upload goes on from the server offset after a lost chunk; bytes that are not what they claim are refused', async ({
  page,
}) => {
  await signIn(page, 'demo.officer', demoPassword, '/work/cases')
  const caseId = await createCase(await pageSession(page), `测试续传单位${Date.now().toString(36).toUpperCase()}`)

  // The first chunk never reaches the server: the page asks where the upload stands and sends
  // it again.
  const patches: string[] = []
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.fallback()
    patches.push(route.request().headers()['upload-offset'] ?? '')
    if (patches.length === 1) return route.abort('connectionreset')
    return route.fallback()
  })
  await page.goto(`/work/cases/${caseId}?tab=evidence`)
  await uploadFile(page, photo, { place: '郑州市金水区', device: 'CAM-01', description: '现场照片' })
  const progress = page.getByTestId('evidence-progress')
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  await expect(progress.getByTestId('evidence-retries')).toHaveText('已重试 1 次')
  expect(patches).toEqual(['0', '0'])
  const row = page.getByTestId('evidence-table').locator('tbody tr').filter({ hasText: 'photo.jpg' })
  await expect(row.getByTestId('evidence-sha256')).toHaveAttribute('data-sha256', sha256Hex(photo))

  // A photo named and declared as a video: the server sniffs the bytes and says why it refuses.
  const form = page.getByRole('form', { name: '上传证据' })
  await form.getByTestId('evidence-file').setInputFiles({ name: 'fake.mp4', mimeType: 'video/mp4', buffer: readFileSync(photo) })
  await form.getByRole('button', { name: '上传', exact: true }).click()
  await expect(progress.getByTestId('evidence-progress-phase')).toHaveText('上传失败')
  await expect(progress.getByTestId('evidence-upload-error')).toContainText('与声明的类型 video/mp4 不符')
  await expect(progress.getByTestId('evidence-resume')).toHaveCount(0)
  await expect(page.getByTestId('evidence-table').locator('tbody tr').filter({ hasText: 'fake.mp4' })).toHaveCount(0)
})
