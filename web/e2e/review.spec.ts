import { expect, test, type Page } from '@playwright/test'

import { apiSignIn, creditCode, csrfToken, demoPassword, signIn, switchUser, type Session } from './helpers'

// Issue #8's acceptance path (docs/review.md): the officer takes demo case 2 (河南中原建工集团, a
// 住房公积金管理条例 第37条 case under investigation) to 调查终结 and submits it for legal review
// through the API; then demo.reviewer opens 法制审核, picks the case from the queue, finds all
// eight items 符合, gives the opinion 同意, sees the 法制审核意见书's number, and on the case page
// sees it 审核通过. Demo case 2 is used while it is still under investigation (a fresh server);
// on a server where an earlier run already moved it on, the test makes its own copy of it.

const items = ['subject', 'personnel', 'procedure', 'facts', 'law', 'within_powers', 'documents', 'crime_transfer']

// ---- sessions and API setup -------------------------------------------------------------------

type People = Record<'officer' | 'unit_head' | 'legal_reviewer' | 'leader', Session>

async function call<T>(s: Session, method: 'POST' | 'GET', path: string, data?: unknown, status = 200): Promise<T> {
  const response =
    method === 'GET' ? await s.api.get(path) : await s.api.post(path, { headers: { 'X-CSRF-Token': s.csrf }, data })
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(status)
  return (await response.json()) as T
}

interface Doc {
  id: number
  type: string
  status: string
  missingSignoffs: string[]
}

interface Tier {
  code: string
  min: number
  max: number
}

interface Case {
  id: number
  number: string
  version: number
  stage: string
  documents: Doc[]
  powerItem?: { tiers: Tier[] }
  flow: { reviewRequired: boolean; reviewPassed: boolean; suggestedTier: Tier | string | null }
}

interface Submission {
  id: number
  caseId: number
  caseNumber: string
  round: number
  status: string
  reviewerId: number | null
}

function getCase(s: Session, id: number): Promise<Case> {
  return call<Case>(s, 'GET', `/api/v1/cases/${id}`)
}

// A document drafted by `by` and signed by whoever holds each role it needs.
async function signed(people: People, caseId: number, by: keyof People, type: string, inputs: Record<string, string>) {
  const doc = await call<Doc>(people[by], 'POST', `/api/v1/cases/${caseId}/documents`, { type, inputs }, 201)
  for (const role of doc.missingSignoffs) {
    await call(people[role as keyof People], 'POST', `/api/v1/documents/${doc.id}/signoffs`, { role })
  }
  return doc.id
}

async function step(people: People, caseId: number, by: keyof People, action: string, extra: object = {}) {
  const { version } = await getCase(people[by], caseId)
  return call<Case>(people[by], 'POST', `/api/v1/cases/${caseId}/steps`, { version, action, ...extra })
}

// Demo case 2 while it is under investigation; otherwise a new case like it, filed by the officer.
async function investigatedCase(people: People): Promise<number> {
  const officer = people.officer
  const { items: found } = await call<{ items: { id: number; stage: string }[] }>(
    officer,
    'GET',
    `/api/v1/cases?stage=investigation&q=${encodeURIComponent('河南中原建工集团有限公司')}`,
  )
  if (found[0]) return found[0].id

  const { user } = await call<{ user: { agencyId: number } }>(officer, 'GET', '/api/v1/session')
  const { items: powers } = await call<{ items: { id: number; code: string }[] }>(officer, 'GET', '/api/v1/power-items')
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
      powerItemId: powers.find((p) => p.code === 'GJJ-CF-037')!.id,
      procedure: 'ordinary',
      cause: '涉嫌未为职工设立住房公积金账户',
      source: '监督检查',
      area: '郑州市金水区',
      party: {
        kind: 'organisation',
        name: `测试审核单位${Date.now().toString(36).toUpperCase()}`,
        idNumber: creditCode(),
        representative: '李明',
        address: '郑州市金水区花园路 88 号',
        phone: '0371-65550101',
      },
      facts: '当事人未为 230 名职工办理住房公积金账户设立手续；经责令限期办理，逾期仍未办理。',
      art37: { unregistered: false, yearsSinceFounding: 0, accountsMissing: 230, correctedInTime: false },
      violationEndedOn: null,
      complexOrMajor: false,
      eServiceConsent: false,
      officerIds: ['张伟', '陈静'].map((n) => officers.find((o) => o.name === n)!.id),
    },
    201,
  )
  await step(people, created.id, 'officer', 'file', {
    documentId: await signed(people, created.id, 'officer', 'filing_approval', {
      source: '监督检查',
      summary: '当事人未为职工设立住房公积金账户，经责令逾期仍未办理。',
      handler_opinion: '建议立案调查。',
      dept_opinion: '同意立案。',
    }),
  })
  return created.id
}

// The evidence list must not be empty: an issued 询问笔录 unless the case has one.
async function ensureInquiryRecord(people: People, caseId: number) {
  const c = await getCase(people.officer, caseId)
  if (c.documents.some((d) => d.type === 'inquiry_record' && d.status === 'issued')) return
  const id = await signed(people, caseId, 'officer', 'inquiry_record', {
    started_at: '2026年3月2日 9时30分',
    ended_at: '2026年3月2日 10时40分',
    place: '郑州住房公积金管理中心监察执法处询问室',
    inquirer: '张伟',
    recorder: '陈静',
    subject: '李明',
    qa: '问：你单位有多少名职工未设立住房公积金账户？\n答：230 名，均未设立。\n问：收到责令限期办理通知书后是否办理？\n答：没有办理。',
  })
  await call(people.officer, 'POST', `/api/v1/documents/${id}/issue`)
}

// 调查终结 with the tier the facts point to, then 提交法制审核 vouching for the materials.
async function investigateAndSubmit(people: People, caseId: number): Promise<Submission> {
  await ensureInquiryRecord(people, caseId)
  const c = await getCase(people.officer, caseId)
  const suggested = c.flow.suggestedTier
  const code = typeof suggested === 'string' ? suggested : suggested?.code
  expect(code, 'the case suggests a tier').toBeTruthy()
  const tier = typeof suggested === 'object' && suggested ? suggested : c.powerItem!.tiers.find((t) => t.code === code)!
  const fine = tier.min > 0 ? tier.min : tier.max
  await step(people, caseId, 'officer', 'finish_investigation', {
    outcome: 'penalty',
    fine,
    tierCode: code,
    noRecordingReason: '调查以调取缴存登记资料、书面询问方式在本中心进行，未开展现场执法，未录音录像',
    documentId: await signed(people, caseId, 'officer', 'investigation_report', {
      evidence: '职工花名册、责令限期办理通知书及送达回证、询问笔录',
      analysis: '当事人未为 230 名职工设立住房公积金账户，经责令逾期仍未办理，事实清楚，证据确凿。',
      proposal: `建议罚款人民币 ${fine} 元。`,
    }),
  })
  const { version, stage } = await getCase(people.officer, caseId)
  expect(stage).toBe('investigated')
  return call<Submission>(
    people.officer,
    'POST',
    `/api/v1/cases/${caseId}/review/submissions`,
    {
      version,
      vouched: true,
      tierReasoning: '当事人未为职工设立住房公积金账户的人数在 100 人以上，经责令逾期仍未办理，按第三十七条裁量基准适用相应档次。',
      note: '请予审核。',
    },
    201,
  )
}

async function signInPeople(page: Page, baseURL: string): Promise<People> {
  await signIn(page, 'demo.officer', demoPassword, '/work/cases')
  return {
    officer: { api: page.request, csrf: await csrfToken(page) },
    unit_head: await apiSignIn(baseURL, 'demo.unithead'),
    legal_reviewer: await apiSignIn(baseURL, 'demo.reviewer'),
    leader: await apiSignIn(baseURL, 'demo.leader'),
  }
}

// ---- the reviewer, through the pages ----------------------------------------------------------

test('a legal reviewer reviews a submitted case and approves it', async ({ page, baseURL }) => {
  test.setTimeout(180_000)
  const people = await signInPeople(page, baseURL!)
  try {
    const caseId = await investigatedCase(people)
    let submission = await investigateAndSubmit(people, caseId)
    expect(submission.status).toBe('assigned')

    // Assigned round-robin among the eligible reviewers: make it demo.reviewer's (机关负责人).
    const { user: reviewer } = await call<{ user: { id: number } }>(people.legal_reviewer, 'GET', '/api/v1/session')
    if (submission.reviewerId !== reviewer.id) {
      submission = await call<Submission>(people.leader, 'POST', `/api/v1/review/submissions/${submission.id}/assign`, {
        reviewerId: reviewer.id,
      })
    }
    expect(submission.reviewerId).toBe(reviewer.id)

    // The queue: the case is there; a click opens the reviewer's screen.
    await switchUser(page, 'demo.reviewer', '/work/reviews')
    await expect(page.getByTestId('workbench-title')).toHaveText('法制审核')
    const row = page.getByTestId('review-queue').locator('.el-table__row').filter({ hasText: submission.caseNumber })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('review-status')).toHaveText('审核中')
    await row.click()
    await expect(page).toHaveURL(new RegExp(`/work/reviews/${submission.id}$`))

    // The materials: the 调查终结报告 with its PDF, opened in a new tab.
    const materials = page.getByTestId('review-materials')
    await expect(materials).toContainText('案件调查终结报告')
    const pdf = materials.getByTestId('review-material-document').first()
    await expect(pdf).toHaveAttribute('href', /^\/api\/v1\/documents\/\d+\/pdf$/)
    await expect(pdf).toHaveAttribute('target', '_blank')

    // The form: a problem needs a comment, so submitting with nothing filled in is refused here.
    await page.getByTestId('review-submit').click()
    await expect(page.getByTestId('review-error')).toBeVisible()

    for (const item of items) {
      await page.getByTestId(`review-item-${item}`).getByText('符合', { exact: true }).click()
    }
    await page.getByTestId('review-opinion').getByText('同意', { exact: true }).click()
    await page
      .getByRole('textbox', { name: '审核意见说明' })
      .fill('执法主体合法，执法人员具备执法资格，程序合法，事实清楚，证据确凿，适用依据正确，裁量适当，文书规范，不涉嫌犯罪。')
    await page.getByTestId('review-submit').click()

    // The result: the 法制审核意见书's number, and the way back to the case.
    const result = page.getByTestId('review-result')
    await expect(result).toBeVisible()
    await expect(result).toContainText('同意')
    const number = result.getByTestId('review-document-number')
    await expect(number).toHaveText(/〔\d{4}〕\d+号/)
    await expect(number).toHaveAttribute('href', /^\/api\/v1\/documents\/\d+\/pdf$/)

    await result.getByTestId('review-case-link').click()
    await expect(page).toHaveURL(new RegExp(`/work/cases/${caseId}`))
    await expect(page.getByTestId('case-stage')).toContainText('审核通过')
    const after = await getCase(people.officer, caseId)
    expect(after.stage).toBe('reviewed')
    expect(after.flow.reviewRequired).toBe(true)
    expect(after.flow.reviewPassed).toBe(true)

    // The case's 法制审核 tab: required, passed, the submission approved with its document, and
    // the responsibility chain from the submission to the opinion.
    await page.getByTestId('case-tabs').getByRole('tab', { name: '法制审核' }).click()
    await expect(page.getByTestId('case-review-need')).toContainText('须法制审核')
    await expect(page.getByTestId('case-review-passed')).toBeVisible()
    const submissions = page.getByTestId('submission-table')
    await expect(submissions.getByTestId('submission-status').first()).toHaveText('同意')
    await expect(submissions.getByTestId('submission-document').first()).toHaveText(/〔\d{4}〕\d+号/)
    const chain = page.getByTestId('responsibility-chain')
    await expect(chain).toContainText('提交审核')
    await expect(chain).toContainText('出具审核意见')
  } finally {
    for (const [who, s] of Object.entries(people)) if (who !== 'officer') await s.api.dispose()
  }
})
