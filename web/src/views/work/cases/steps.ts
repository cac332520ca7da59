import type { CaseDetail, CaseDocument, StepAction } from '@/api/cases'

// What each step asks for, besides the case's version (POST /cases/{id}/steps, docs/cases.md).
// The rules themselves are the server's (src/domain/case_flow.cc); this only decides which fields
// the dialog shows.
export type StepField =
  | 'outcome'
  | 'fine' // with the tier and, outside it, the reason for deviating
  | 'reason'
  | 'hearingHost'
  | 'hearingWaived'
  | 'serviceMethod'

export const stepFields: Record<StepAction, StepField[]> = {
  file: [],
  decline: ['reason'],
  finish_investigation: ['outcome', 'fine'],
  submit_review: [],
  review_pass: [],
  review_return: ['reason'],
  to_discussion: ['reason'],
  discuss: ['outcome', 'fine'],
  notify: ['fine'],
  record_statement: [],
  request_hearing: [],
  hold_hearing: ['hearingHost'],
  decide: ['outcome', 'fine', 'hearingWaived'],
  decide_on_spot: ['fine'],
  serve: ['serviceMethod'],
  pay: [],
  remind: [],
  apply_court: [],
  court_done: [],
  close: [],
  archive: [],
  withdraw: ['reason'],
  suspend: ['reason'],
  resume: [],
}

// Steps whose reason the law requires (不予立案, 退回, 撤案, 中止 all need one written down).
export const reasonRequired: ReadonlySet<string> = new Set(['decline', 'review_return', 'withdraw', 'suspend'])

// Labels of the reason field, by step.
export const reasonLabels: Partial<Record<StepAction, string>> = {
  decline: '不予立案理由',
  review_return: '退回理由（存在的问题）',
  to_discussion: '提请理由',
  withdraw: '撤案理由',
  suspend: '中止理由',
}

// Drafts of a type that every listed role has signed: the ones a step may take, newest first.
export function signedDrafts(c: CaseDetail, type: string): CaseDocument[] {
  return c.documents
    .filter((d) => d.type === type && d.status === 'draft' && d.missingSignoffs.length === 0)
    .sort((a, b) => b.id - a.id)
}

export function unsignedDrafts(c: CaseDetail, type: string): CaseDocument[] {
  return c.documents
    .filter((d) => d.type === type && d.status === 'draft' && d.missingSignoffs.length > 0)
    .sort((a, b) => b.id - a.id)
}
