import { expect, test, type Locator, type Page } from '@playwright/test'

import { apiSignIn, creditCode, demoPassword, signIn, type Session } from './helpers'

// The acceptance path of a penalty case (docs/cases.md): demo.officer takes a 住房公积金管理条例
// 第37条 case (GJJ-CF-037) from lead to 事先告知 with two officers holding valid certificates and
// prints the notice. The officer's own work goes through the pages; what other people do (the
// unit head's and the reviewer's signatures, the legal review) goes through the API with their
// own sessions. Demo officers: 张伟 and 陈静 hold valid certificates, 李强's expired, 刘洋's is
// suspended.

// ---- other people, through the API ----------------------------------------------------------

interface Doc {
  id: number
  type: string
  status: string
  version: number
  number: string | null
  missingSignoffs: string[]
}

interface Case {
  id: number
  version: number
  stage: string
  documents: Doc[]
}

async function post<T>(s: Session, path: string, data: unknown, status = 200): Promise<T> {
  const response = await s.api.post(path, { headers: { 'X-CSRF-Token': s.csrf }, data })
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status)
  return (await response.json()) as T
}

async function getCase(s: Session, id: number): Promise<Case> {
  const response = await s.api.get(`/api/v1/cases/${id}`)
  expect(response.status(), await response.text()).toBe(200)
  return (await response.json()) as Case
}

// Each missing sign-off of a document by the person holding that role (the officer's own are
// done in the page before this is called).
async function signAsOthers(people: Record<string, Session>, caseId: number, type: string) {
  const doc = (await getCase(Object.values(people)[0]!, caseId)).documents
    .filter((d) => d.type === type && d.status === 'draft')
    .sort((a, b) => b.id - a.id)[0]
  expect(doc, `a draft ${type}`).toBeTruthy()
  for (const role of doc!.missingSignoffs) {
    const signer = people[role]
    expect(signer, `someone to sign as ${role}`).toBeTruthy()
    await post(signer!, `/api/v1/documents/${doc!.id}/signoffs`, { role })
  }
}

// ---- the officer, through the pages ---------------------------------------------------------

async function pickOption(page: Page, select: Locator, text: string) {
  await select.click()
  await page.getByRole('option').filter({ hasText: text }).first().click()
}

// 新建案件 through the guided flow; returns the case id from the address it lands on.
async function createCase(page: Page, party: string, idNumber: string, officers: string[]): Promise<number> {
  await page.goto('/work/cases')
  await page.getByRole('button', { name: '新建案件' }).click()
  await expect(page).toHaveURL(/\/work\/cases\/new$/)

  // ① 职权事项 and 程序: the item shows its basis, fine range and tiers.
  await pickOption(page, page.getByTestId('case-power-item'), 'GJJ-CF-037')
  const note = page.getByTestId('case-power-item-note')
  await expect(note).toContainText('第三十七条')
  await expect(note).toContainText('10,000 元 至 50,000 元')
  await expect(note.getByTestId('tier-table').locator('tbody tr')).toHaveCount(6)
  await page.getByText('普通程序', { exact: true }).click()
  await page.getByRole('button', { name: '下一步' }).click()

  // ② 当事人
  const partyForm = page.getByRole('form', { name: '当事人' })
  await partyForm.getByText('单位', { exact: true }).click()
  await partyForm.getByLabel('单位名称').fill(party)
  await partyForm.getByLabel('统一社会信用代码').fill(idNumber)
  await partyForm.getByLabel('法定代表人').fill('王建设')
  await partyForm.getByLabel('地址').fill('郑州市金水区花园路 1 号')
  await partyForm.getByLabel('电话').fill('0371-60000000')
  await page.getByRole('button', { name: '下一步' }).click()

  // ③ 案情: not registered for deposits, founded 3 years ago → the 1–3 万 tier.
  const factsForm = page.getByRole('form', { name: '案情' })
  await expect(factsForm.getByLabel('案由')).not.toBeEmpty()
  await pickOption(page, page.getByTestId('case-source'), '投诉举报')
  await factsForm.getByLabel('违法事实').fill('该单位自成立以来未办理住房公积金缴存登记，经责令限期办理，逾期仍未办理。')
  await expect(factsForm.getByRole('checkbox', { name: '未办理缴存登记' })).toBeChecked()
  await factsForm.getByLabel('成立年限').fill('3')
  await factsForm.getByLabel('成立年限').blur()
  await expect(page.getByTestId('case-tier-preview')).toContainText('10,000 元 至 30,000 元')
  await page.getByRole('button', { name: '下一步' }).click()

  // ④ 执法人员
  for (const name of officers) await page.getByTestId('officer-option').filter({ hasText: name }).click()
  await page.getByRole('button', { name: '登记案件' }).click()
  await expect(page).toHaveURL(/\/work\/cases\/\d+$/)
  await expect(page.getByTestId('case-stage')).toHaveText('线索登记')
  return Number(/\/cases\/(\d+)$/.exec(page.url())![1])
}

// Drafts a document from the documents tab (or the step dialog's 起草文书) and signs it in every
// role the officer holds; the editor stays as it is for the caller to close.
async function draftAndSign(page: Page, inputs: Record<string, string>) {
  const editor = page.getByRole('dialog').filter({ has: page.getByTestId('document-save') })
  for (const [label, value] of Object.entries(inputs)) await editor.getByLabel(label, { exact: true }).fill(value)
  await editor.getByRole('button', { name: '保存草稿' }).click()
  await expect(editor.getByTestId('document-notice')).toContainText('已保存草稿')
  const sign = editor.getByRole('button', { name: /^签署/ })
  const mine = await sign.count()
  for (let left = mine - 1; left >= 0; left--) {
    await sign.first().click()
    await expect(sign).toHaveCount(left)
  }
  await editor.getByRole('button', { name: '关闭', exact: true }).click()
  await expect(editor).toBeHidden()
}

async function draftFromTab(page: Page, typeName: string, inputs: Record<string, string>) {
  await page.getByRole('tab', { name: /文书/ }).click()
  await pickOption(page, page.getByTestId('new-document-type'), typeName)
  await page.getByRole('button', { name: '起草文书' }).click()
  await draftAndSign(page, inputs)
}

// Opens a step from the 办理 panel, by its name.
async function openStep(page: Page, name: string): Promise<Locator> {
  await page.getByTestId('case-actions').getByRole('button', { name, exact: true }).click()
  const dialog = page.getByRole('dialog', { name: `办理：${name}` })
  await expect(dialog).toBeVisible()
  return dialog
}

async function finishStep(page: Page, dialog: Locator, stage: string) {
  await dialog.getByRole('button', { name: /^确定/ }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('case-notice')).toContainText('已办理')
  await expect(page.getByTestId('case-stage')).toHaveText(stage)
}

test('an officer takes a 第37条 case from lead to 事先告知 with two officers and prints the notice', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const people: Record<string, Session> = {
    officer: await apiSignIn(baseURL!, 'demo.officer'),
    unit_head: await apiSignIn(baseURL!, 'demo.unithead'),
    legal_reviewer: await apiSignIn(baseURL!, 'demo.reviewer'),
    leader: await apiSignIn(baseURL!, 'demo.leader'),
  }
  await signIn(page, 'demo.officer', demoPassword, '/work/cases')
  await expect(page.getByTestId('workbench-title')).toHaveText('案件列表')
  const suffix = Date.now().toString(36).toUpperCase()

  // An expired certificate: the page warns; the 办理 panel shows 立案 greyed, with the server's
  // 第42条 reason over it.
  await createCaseWithWarning(page, `测试单位甲${suffix}`)
  await expect(page.getByTestId('case-actions').getByRole('button', { name: '立案', exact: true })).toBeDisabled()
  await page.getByLabel(/^立案：/).hover()
  await expect(page.getByRole('tooltip')).toContainText('第42条')
  await expect(page.getByRole('tooltip')).toContainText('李强 执法证已过期')
  await expect(page.getByTestId('case-stage')).toHaveText('线索登记')

  // Two officers with valid certificates.
  const party = `测试单位乙${suffix}`
  const caseId = await createCase(page, party, creditCode(), ['张伟', '陈静'])
  await expect(page.getByTestId('case-header')).toContainText(party)
  await expect(page.getByTestId('case-header')).toContainText('第 1 版')

  // 立案: the filing approval, drafted from the step's own shortcut.
  let dialog = await openStep(page, '立案')
  await dialog.getByRole('button', { name: '起草文书' }).click()
  await draftAndSign(page, filingInputs)
  await signAsOthers(people, caseId, 'filing_approval')
  await dialog.getByRole('button', { name: '刷新签署情况' }).click()
  await expect(dialog.getByTestId('step-document')).toContainText('立案审批表')
  await finishStep(page, dialog, '调查取证')
  await expect(page.getByTestId('case-notice')).toContainText('立审')

  // 调查终结: the report, and the proposed fine inside the tier the facts point to.
  await draftFromTab(page, '案件调查终结报告', {
    证据: '1. 单位登记信息；2. 责令限期办理通知书及送达回证；3. 询问笔录。',
    分析认定: '当事人成立 3 年未办理住房公积金缴存登记，经责令逾期仍不办理。',
    处理意见: '建议依据《住房公积金管理条例》第三十七条处罚款 20000 元。',
  })
  await signAsOthers(people, caseId, 'investigation_report')
  await page.getByRole('button', { name: '刷新' }).click()
  dialog = await openStep(page, '调查终结')
  await expect(dialog.getByTestId('step-tier')).toContainText('2 年以上')
  await dialog.getByLabel('罚款金额').fill('20000')
  await dialog.getByLabel('罚款金额').blur()
  await expect(dialog.getByTestId('step-document')).toContainText('调查终结报告')
  await dialog.getByLabel('未音像记录的理由').fill('证据为书证及询问笔录，询问时未录音录像。')
  await finishStep(page, dialog, '调查终结')

  // 提交法制审核, from the case's 法制审核 tab: the materials come from the case; the evidence list
  // needs a record, so the 询问笔录 is issued first (through the API, as the officer).
  const record = await post<Doc>(
    people.officer!,
    `/api/v1/cases/${caseId}/documents`,
    {
      type: 'inquiry_record',
      inputs: {
        started_at: '2026年11月20日9时00分',
        ended_at: '2026年11月20日9时40分',
        place: '郑州住房公积金管理中心询问室',
        inquirer: '张伟、陈静',
        recorder: '陈静',
        subject: '当事人委托代理人',
        qa: '问：你单位是否为职工办理了住房公积金缴存登记？\n答：尚未办理。',
      },
    },
    201,
  )
  await post(people.officer!, `/api/v1/documents/${record.id}/signoffs`, { role: 'officer' })
  await post(people.officer!, `/api/v1/documents/${record.id}/issue`, {})
  await page.getByRole('button', { name: '刷新' }).click()
  await page.getByRole('tab', { name: '法制审核' }).click()
  await expect(page.getByTestId('case-review-need')).toContainText('普通程序办理的案件')
  await page.getByTestId('submit-review').click()
  const submitDialog = page.getByRole('dialog', { name: '提交法制审核' })
  await submitDialog.getByTestId('submit-tier-reasoning').fill('成立 3 年未办理缴存登记，适用 2 年以上不满 5 年档次。')
  await submitDialog.getByTestId('submit-vouched').click()
  await submitDialog.getByTestId('submit-review-confirm').click()
  await expect(page.getByTestId('case-stage')).toHaveText('法制审核')

  // The reviewer's eight items and 同意, through the API.
  const reviewer = people.legal_reviewer!
  const review = (await (await reviewer.api.get(`/api/v1/cases/${caseId}/review`)).json()) as {
    submissions: { id: number; reviewerName: string }[]
  }
  expect(review.submissions[0]!.reviewerName).toBe('演示法制审核人员')
  const items = ['subject', 'personnel', 'procedure', 'facts', 'law', 'within_powers', 'documents', 'crime_transfer']
  await post(reviewer, `/api/v1/review/submissions/${review.submissions[0]!.id}/opinion`, {
    findings: items.map((item) => ({ item, conforms: true, comment: '' })),
    opinion: 'approve',
    summary: '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。同意。',
  })

  // 事先告知: the notice, with the unit head's sign-off, then the step in the page.
  await page.getByRole('tab', { name: /文书/ }).click()
  await page.getByRole('button', { name: '刷新' }).click()
  await expect(page.getByTestId('case-stage')).toHaveText('审核通过')
  await draftFromTab(page, '行政处罚事先告知书', {
    证据: '单位登记信息、责令限期办理通知书及送达回证、询问笔录。',
    违反的规定: '《住房公积金管理条例》第十四条、第十五条',
    '陈述申辩期限（工作日数，大写如“五”）': '五',
    联系人及电话: '张伟 0371-60000001',
  })
  await signAsOthers(people, caseId, 'penalty_notice')
  await page.getByRole('button', { name: '刷新' }).click()
  dialog = await openStep(page, '事先告知')
  await expect(dialog.getByLabel('罚款金额')).toHaveValue(/20,?000/)
  await expect(dialog.getByTestId('step-document')).toContainText('事先告知书')
  await finishStep(page, dialog, '事先告知')

  // The timeline tells the story.
  const timeline = page.getByTestId('case-timeline')
  for (const step of ['立案', '调查终结', '提交法制审核', '法制审核通过', '事先告知']) {
    await expect(timeline.getByTestId('timeline-item').filter({ hasText: step }).first()).toBeVisible()
  }
  await expect(timeline.getByTestId('timeline-item').filter({ hasText: '事先告知' }).last()).toContainText('罚告')

  // 打印: the issued notice opens as a PDF in a new tab.
  await page.getByRole('tab', { name: /文书/ }).click()
  const notice = page.getByTestId('document-table').locator('tbody tr').filter({ hasText: '行政处罚事先告知书' })
  await expect(notice.getByTestId('document-status')).toHaveText('已签发')
  await expect(notice.getByTestId('document-number')).toContainText('罚告')
  const pdfResponse = page.context().waitForEvent('response', (r) => /\/api\/v1\/documents\/\d+\/pdf$/.test(r.url()))
  const popup = page.waitForEvent('popup')
  await notice.getByRole('link', { name: '打印' }).click()
  await popup
  const response = await pdfResponse
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toContain('application/pdf')
  // Chromium hands a PDF to its viewer, whose page is what the response body reads as; the bytes
  // behind the same address are read again with the page's session.
  const pdf = await page.request.get(response.url())
  expect(pdf.headers()['content-type']).toContain('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  // The 文号 on the notice checks out on the public page, its ledger proof verified in the browser.
  const number = (await notice.getByTestId('document-number').innerText()).trim()
  await page.goto(`/verify/document?number=${encodeURIComponent(number)}`)
  const verified = page.getByTestId('document-verify-result')
  await expect(verified.getByTestId('document-verify-type')).toHaveText('行政处罚事先告知书')
  await expect(verified.getByTestId('document-verify-agency')).toHaveText('郑州住房公积金管理中心')
  await expect(verified.getByTestId('document-verify-sha256')).toHaveText(/^[0-9a-f]{64}$/)
  await expect(verified.getByTestId('document-verify-proof')).toContainText('包含证明已核验', { timeout: 30_000 })

  for (const s of Object.values(people)) await s.api.dispose()
})

const filingInputs = {
  案件来源: '投诉举报',
  简要案情: '当事人未办理住房公积金缴存登记，经责令限期办理，逾期仍未办理。',
  承办人意见: '建议立案调查。',
}

// 新建案件 with 李强 (expired) and 张伟: the page warns before sending it; the server registers the
// lead (who is on it may still change) and refuses 立案.
async function createCaseWithWarning(page: Page, party: string) {
  await page.goto('/work/cases/new')
  await pickOption(page, page.getByTestId('case-power-item'), 'GJJ-CF-037')
  await page.getByRole('button', { name: '下一步' }).click()
  const partyForm = page.getByRole('form', { name: '当事人' })
  await partyForm.getByLabel('单位名称').fill(party)
  await partyForm.getByLabel('统一社会信用代码').fill(creditCode())
  await partyForm.getByLabel('法定代表人').fill('李建业')
  await partyForm.getByLabel('地址').fill('郑州市二七区大学路 2 号')
  await page.getByRole('button', { name: '下一步' }).click()
  const factsForm = page.getByRole('form', { name: '案情' })
  await pickOption(page, page.getByTestId('case-source'), '监督检查')
  await factsForm.getByLabel('违法事实').fill('该单位未为职工办理住房公积金账户设立手续。')
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByTestId('officer-option').filter({ hasText: '李强' }).click()
  await page.getByTestId('officer-option').filter({ hasText: '张伟' }).click()
  await expect(page.getByTestId('officer-warning')).toContainText('李强：执法证已过期')
  await page.getByRole('button', { name: '登记案件' }).click()
  await expect(page).toHaveURL(/\/work\/cases\/\d+$/)
  await expect(page.getByTestId('case-stage')).toHaveText('线索登记')
}
