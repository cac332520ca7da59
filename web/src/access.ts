import type { Role } from './api/session'

// What the workbench offers to whom. The server decides (src/domain/access.cc) and answers 403
// anyway; these only keep the pages from offering what would be refused.

export type RoleCode =
  | 'officer'
  | 'unit_head'
  | 'legal_reviewer'
  | 'leader'
  | 'publisher'
  | 'admin'
  | 'supervisor'

// Anything with roles: the session user (also its readonly view) or a listed user.
type Holder = { readonly roles: readonly Readonly<Role>[] } | null | undefined

export function hasRole(user: Holder, ...codes: RoleCode[]): boolean {
  return !!user && user.roles.some((r) => (codes as string[]).includes(r.code))
}

// Officers, certificates, trainings and the CSV import.
export const canManagePeople = (u: Holder) => hasRole(u, 'admin')
// Accounts and role assignments; API tokens.
export const canManageUsers = (u: Holder) => hasRole(u, 'admin')
// The user list and the sign-in and permission record.
export const canReadAudit = (u: Holder) =>
  hasRole(u, 'admin', 'leader', 'supervisor')

// Extending a deadline needs an approver (延长期限审批): 承办机构负责人 or 机关负责人.
export const canExtendDeadlines = (u: Holder) => hasRole(u, 'unit_head', 'leader')
// Registering and completing deadlines: in an enforcement agency (a supervisor only reads).
export const canWorkDeadlines = (u: Holder) => hasRole(u, 'officer', 'unit_head', 'leader', 'admin')
// An agency's own periods for the deadline rules.
export const canSetDeadlineRules = (u: Holder) => hasRole(u, 'admin')
// Loading a holiday schedule: the administrator of the supervising organisation (司法局) only;
// whether the user's organisation supervises is its agency's kind (see composables/ownAgency.ts).
export const canImportCalendar = (u: Holder, supervisingOrg: boolean) => supervisingOrg && hasRole(u, 'admin')

// Cases (案件办理). Opening a case and the investigating steps are the 执法人员's; the 承办机构负责人
// may open one too. Each step's own role is the server's (the case page lists them).
export const caseCreators: readonly RoleCode[] = ['officer', 'unit_head']
export const canCreateCases = (u: Holder) => hasRole(u, ...caseCreators)
// Changing the officers on a case (before 调查终结): those who work the case.
export const canEditCaseOfficers = (u: Holder) => hasRole(u, 'officer', 'unit_head')
// Declaring a recusal (回避, 行政处罚法 第43条): the officer themselves or on the party's request.
export const canDeclareRecusal = (u: Holder) => hasRole(u, 'officer', 'unit_head', 'leader')
// Deciding a recusal and extending the decision period (第60条): the agency's head.
export const canDecideRecusal = (u: Holder) => hasRole(u, 'leader')
export const canExtendCases = (u: Holder) => hasRole(u, 'leader')
// The powers list (权责清单): maintained by the administrator.
export const canEditPowers = (u: Holder) => hasRole(u, 'admin')

// 法制审核与集体讨论 (docs/review.md). Submitting a case and answering the reviewer's opinion: the
// case unit (执法人员, 承办机构负责人); the opinion: the 法制审核人员 the submission is assigned to;
// the agency's own catalogue rules: the administrator or a 法制审核人员; escalating a dispute to a
// collective discussion: 承办机构负责人 or 机关负责人; holding the discussion: 机关负责人.
export const canSubmitReview = (u: Holder) => hasRole(u, 'officer', 'unit_head')
export const canReview = (u: Holder) => hasRole(u, 'legal_reviewer')
export const canEditCatalogue = (u: Holder) => hasRole(u, 'admin', 'legal_reviewer')
export const canEscalate = (u: Holder) => hasRole(u, 'unit_head', 'leader')
export const canHoldDiscussion = (u: Holder) => hasRole(u, 'leader')
// Reassigning a submission: 机关负责人, or the review unit's head (a 法制审核人员 who is also 承办机构负责人).
export const canAssignReviewer = (u: Holder) =>
  hasRole(u, 'leader') || (hasRole(u, 'legal_reviewer') && hasRole(u, 'unit_head'))

// 执法公示 (docs/disclosure.md): publishing, withholding, correcting and withdrawing an item, and the
// masks added to it, are the agency's 公示管理员's (permission disclosure.publish).
export const canPublishDisclosures = (u: Holder) => hasRole(u, 'publisher')

// The agency's own 事前公开 sections, the changes they must follow and the display periods of its
// disclosures: the 系统管理员 (permission agency.manage), for their own agency only.
export const canManagePublicInfo = (u: Holder) => hasRole(u, 'admin')

// 双随机、一公开 (docs/draw.md). The rosters, conflicts, item list and plans, the draw and the
// replacements: 承办机构负责人, 机关负责人 or 系统管理员 (permission inspection.manage). A result: a
// member of the target's team (inspection.result), so officers and 承办机构负责人. Publishing the
// entered results: the 公示管理员 (disclosure.publish).
export const inspectionManagers: readonly RoleCode[] = ['unit_head', 'leader', 'admin']
export const canManageInspections = (u: Holder) => hasRole(u, ...inspectionManagers)
export const canEnterInspectionResults = (u: Holder) => hasRole(u, 'officer', 'unit_head')
export const canPublishInspectionResults = (u: Holder) => hasRole(u, 'publisher')

// 投诉举报 (docs/supervision.md, permission complaint.handle): assigning, answering and refusing the
// complaints filed about the agency — 法制审核人员, 机关负责人, 系统管理员.
export const complaintHandlers: readonly RoleCode[] = ['legal_reviewer', 'leader', 'admin']
export const canHandleComplaints = (u: Holder) => hasRole(u, ...complaintHandlers)

// 行政执法统计年报 (permission report.annual): compiling the draft and publishing it — 机关负责人,
// 法制审核人员, 系统管理员.
export const annualReportEditors: readonly RoleCode[] = ['leader', 'legal_reviewer', 'admin']
export const canCompileAnnualReport = (u: Holder) => hasRole(u, ...annualReportEditors)

// 考核监督: every staff member reads their agency's indicators; a supervisor (司法局) every agency's.
export const canReadAllAgencies = (u: Holder) => hasRole(u, 'supervisor')

// 案卷评查 (docs/supervision.md, permission evaluation.manage): templates, rounds, the draw, the
// scores and the review of rectifications — supervisors (司法局, any agency) and the agency's own
// 法制审核人员 or 机关负责人. The agency answers a rectification with its case.handle: 承办机构负责人 or
// 机关负责人, so the section opens to the 承办机构负责人 too (the rectifications only).
export const evaluationManagers: readonly RoleCode[] = ['supervisor', 'legal_reviewer', 'leader']
export const canManageEvaluation = (u: Holder) => hasRole(u, ...evaluationManagers)
export const rectificationResponders: readonly RoleCode[] = ['unit_head', 'leader']
export const canRespondRectification = (u: Holder) => hasRole(u, ...rectificationResponders)
export const evaluationSection: readonly RoleCode[] = [...evaluationManagers, 'unit_head']

// 案例指导 (permission guidance.manage): drafting a guidance case from a closed case, publishing and
// withdrawing it — 法制审核人员, 机关负责人.
export const guidanceEditors: readonly RoleCode[] = ['legal_reviewer', 'leader']
export const canManageGuidance = (u: Holder) => hasRole(u, ...guidanceEditors)
