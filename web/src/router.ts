import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

import PortalLayout from './layouts/PortalLayout.vue'
import HomeView from './views/portal/HomeView.vue'
import {
  annualReportEditors,
  caseCreators,
  complaintHandlers,
  evaluationSection,
  guidanceEditors,
  hasRole,
  inspectionManagers,
  type RoleCode,
} from './access'
import { useSession } from './api/session'
import { portalHeading, portalName, workbenchName } from './site'

declare module 'vue-router' {
  interface RouteMeta {
    // Page name for the document title and the workbench heading.
    title?: string
    // Only for a signed-in user; others are sent to /login.
    requiresAuth?: boolean
    // Only for users holding one of these roles; others see a "no access" page.
    roles?: readonly RoleCode[]
  }
}

interface WorkbenchSection {
  path: string
  name: string
  title: string
  menu: string
  // Shown in the menu and opened only for these roles; every staff role when absent.
  roles?: readonly RoleCode[]
}

// Workbench sections, in menu order. Those without a page of their own are placeholders until
// their feature lands.
export const workbenchSections: readonly WorkbenchSection[] = [
  { path: '', name: 'work-home', title: '工作台首页', menu: '首页' },
  { path: 'cases', name: 'work-cases', title: '案件列表', menu: '案件' },
  { path: 'dossiers', name: 'work-dossiers', title: '当事人档案', menu: '当事人档案' },
  { path: 'powers', name: 'work-powers', title: '权责清单', menu: '权责清单' },
  { path: 'reviews', name: 'work-reviews', title: '法制审核', menu: '法制审核' },
  { path: 'disclosures', name: 'work-disclosures', title: '执法公示', menu: '公示' },
  { path: 'inspections', name: 'work-inspections', title: '双随机', menu: '双随机' },
  { path: 'deadlines', name: 'work-deadlines', title: '期限管理', menu: '期限管理' },
  { path: 'complaints', name: 'work-complaints', title: '投诉举报', menu: '投诉举报', roles: complaintHandlers },
  { path: 'supervision', name: 'work-supervision', title: '考核监督', menu: '考核监督' },
  { path: 'reports', name: 'work-reports', title: '统计年报', menu: '统计年报', roles: annualReportEditors },
  { path: 'evaluation', name: 'work-evaluation', title: '案卷评查', menu: '案卷评查', roles: evaluationSection },
  { path: 'guidance', name: 'work-guidance', title: '案例指导', menu: '案例指导', roles: guidanceEditors },
  { path: 'people', name: 'work-people', title: '人员', menu: '人员' },
  {
    path: 'users',
    name: 'work-users',
    title: '用户与权限',
    menu: '用户与权限',
    roles: ['admin', 'leader', 'supervisor'],
  },
  // Everyone who works with deadlines may read the schedules; loading one is the supervising
  // organisation's administrator's (the page offers it only to them).
  {
    path: 'calendar',
    name: 'work-calendar',
    title: '节假日安排',
    menu: '节假日安排',
    roles: ['admin', 'leader', 'unit_head', 'supervisor'],
  },
]

const sectionPages: Record<string, () => Promise<unknown>> = {
  'work-cases': () => import('./views/work/cases/CaseList.vue'),
  'work-dossiers': () => import('./views/work/cases/Dossier.vue'),
  'work-powers': () => import('./views/work/cases/PowerList.vue'),
  'work-reviews': () => import('./views/work/reviews/ReviewQueue.vue'),
  'work-disclosures': () => import('./views/work/disclosures/DisclosureList.vue'),
  'work-inspections': () => import('./views/work/inspections/InspectionsView.vue'),
  'work-people': () => import('./views/work/people/PeopleView.vue'),
  'work-users': () => import('./views/work/users/UsersView.vue'),
  'work-deadlines': () => import('./views/work/deadlines/DeadlinesView.vue'),
  'work-calendar': () => import('./views/work/calendar/HolidaysView.vue'),
  'work-complaints': () => import('./views/work/complaints/ComplaintsView.vue'),
  'work-supervision': () => import('./views/work/supervision/SupervisionView.vue'),
  'work-reports': () => import('./views/work/reports/AnnualReportsView.vue'),
  'work-evaluation': () => import('./views/work/evaluation/EvaluationView.vue'),
  'work-guidance': () => import('./views/work/guidance/GuidanceListView.vue'),
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: PortalLayout,
    children: [
      { path: '', name: 'home', component: HomeView, meta: { title: portalHeading } },
      {
        path: 'disclosures',
        name: 'disclosures',
        component: () => import('./views/portal/DisclosureSearchView.vue'),
        meta: { title: '公示查询' },
      },
      {
        path: 'disclosures/:id(\\d+)',
        name: 'disclosure',
        component: () => import('./views/portal/DisclosureDetailView.vue'),
        meta: { title: '公示信息' },
      },
      // 事前公开: one page per agency; the entry without an id opens the first agency's.
      {
        path: 'agencies/public',
        name: 'agency-public-index',
        component: () => import('./views/portal/AgencyPublicView.vue'),
        meta: { title: '事前公开' },
      },
      {
        path: 'agencies/:id(\\d+)/public',
        name: 'agency-public',
        component: () => import('./views/portal/AgencyPublicView.vue'),
        meta: { title: '事前公开' },
      },
      {
        path: 'officers',
        name: 'officers',
        component: () => import('./views/portal/OfficersView.vue'),
        meta: { title: '执法人员公示' },
      },
      {
        path: 'verify',
        name: 'verify',
        component: () => import('./views/portal/VerifyView.vue'),
        meta: { title: '执法证查验' },
      },
      {
        path: 'verify/document',
        name: 'verify-document',
        component: () => import('./views/portal/DocumentVerifyView.vue'),
        meta: { title: '文书验证' },
      },
      {
        path: 'review-catalogue',
        name: 'review-catalogue',
        component: () => import('./views/portal/ReviewCatalogueView.vue'),
        meta: { title: '法制审核目录清单' },
      },
      // 双随机、一公开: published plans, their draws and results, re-run in the browser.
      {
        path: 'draws',
        name: 'draws',
        component: () => import('./views/portal/DrawListView.vue'),
        meta: { title: '双随机抽查公示' },
      },
      {
        path: 'draws/:id(\\d+)',
        name: 'draw',
        component: () => import('./views/portal/DrawDetailView.vue'),
        meta: { title: '双随机抽查' },
      },
      // 投诉举报: filed without signing in, followed by the tracking number.
      {
        path: 'complaints/new',
        name: 'complaint-new',
        component: () => import('./views/portal/ComplaintNewView.vue'),
        meta: { title: '投诉举报' },
      },
      {
        path: 'complaints/status',
        name: 'complaint-status-index',
        component: () => import('./views/portal/ComplaintStatusView.vue'),
        meta: { title: '投诉举报办理进度' },
      },
      {
        path: 'complaints/status/:tracking',
        name: 'complaint-status',
        component: () => import('./views/portal/ComplaintStatusView.vue'),
        meta: { title: '投诉举报办理进度' },
      },
      // 行政执法统计年报: the published reports; ?agency=CODE&version=N.
      {
        path: 'reports/annual',
        name: 'annual-reports',
        component: () => import('./views/portal/AnnualReportListView.vue'),
        meta: { title: '行政执法统计年报' },
      },
      {
        path: 'reports/annual/:year(\\d{4})',
        name: 'annual-report',
        component: () => import('./views/portal/AnnualReportPortalView.vue'),
        meta: { title: '行政执法统计年报' },
      },
      // 案例指导: published guidance cases, searched literally (?q=).
      {
        path: 'guidance',
        name: 'guidance',
        component: () => import('./views/portal/GuidanceListView.vue'),
        meta: { title: '案例指导' },
      },
      {
        path: 'guidance/:id(\\d+)',
        name: 'guidance-case',
        component: () => import('./views/portal/GuidanceDetailView.vue'),
        meta: { title: '案例指导' },
      },
      {
        path: 'workdays',
        name: 'workdays',
        component: () => import('./views/portal/WorkdaysView.vue'),
        meta: { title: '工作日计算' },
      },
    ],
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { title: '工作台登录' },
  },
  {
    path: '/work',
    component: () => import('./layouts/WorkbenchLayout.vue'),
    meta: { requiresAuth: true },
    children: [
      ...workbenchSections.map((s) => ({
        path: s.path,
        name: s.name,
        component: sectionPages[s.name] ?? (() => import('./views/work/UnderConstruction.vue')),
        meta: { title: s.title, roles: s.roles },
      })),
      {
        path: 'cases/new',
        name: 'work-case-new',
        component: () => import('./views/work/cases/CaseNew.vue'),
        meta: { title: '新建案件', roles: caseCreators },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'work-case',
        component: () => import('./views/work/cases/CaseDetail.vue'),
        meta: { title: '案件详情' },
      },
      {
        path: 'reviews/:id(\\d+)',
        name: 'work-review',
        component: () => import('./views/work/reviews/ReviewScreen.vue'),
        meta: { title: '法制审核' },
      },
      // 事前公开管理: every staff member reads; the page offers editing to the 系统管理员 only.
      {
        path: 'disclosures/public-info',
        name: 'work-disclosure-public-info',
        component: () => import('./views/work/disclosures/PublicInfo.vue'),
        meta: { title: '事前公开管理' },
      },
      {
        path: 'disclosures/:id(\\d+)',
        name: 'work-disclosure',
        component: () => import('./views/work/disclosures/DisclosureEdit.vue'),
        meta: { title: '公示信息' },
      },
      // 双随机: a plan's page for every staff member; drafting and changing one for those who manage.
      {
        path: 'inspections/plans/new',
        name: 'work-inspection-plan-new',
        component: () => import('./views/work/inspections/PlanEditor.vue'),
        meta: { title: '新建抽查计划', roles: inspectionManagers },
      },
      {
        path: 'inspections/plans/:id(\\d+)',
        name: 'work-inspection-plan',
        component: () => import('./views/work/inspections/PlanView.vue'),
        meta: { title: '抽查计划' },
      },
      {
        path: 'inspections/plans/:id(\\d+)/edit',
        name: 'work-inspection-plan-edit',
        component: () => import('./views/work/inspections/PlanEditor.vue'),
        meta: { title: '修改抽查计划', roles: inspectionManagers },
      },
      {
        path: 'complaints/:id(\\d+)',
        name: 'work-complaint',
        component: () => import('./views/work/complaints/ComplaintDetail.vue'),
        meta: { title: '投诉举报', roles: complaintHandlers },
      },
      // 案卷评查: a round with its pool, the draw and the drawn files' scores.
      {
        path: 'evaluation/rounds/:id(\\d+)',
        name: 'work-evaluation-round',
        component: () => import('./views/work/evaluation/RoundView.vue'),
        meta: { title: '评查批次', roles: evaluationSection },
      },
      {
        path: 'guidance/:id(\\d+)',
        name: 'work-guidance-item',
        component: () => import('./views/work/guidance/GuidanceEditView.vue'),
        meta: { title: '案例指导', roles: guidanceEditors },
      },
      {
        path: 'people/import',
        name: 'work-people-import',
        component: () => import('./views/work/people/ImportView.vue'),
        meta: { title: '导入执法人员', roles: ['admin'] },
      },
      {
        path: 'people/:id(\\d+)',
        name: 'work-officer',
        component: () => import('./views/work/people/OfficerView.vue'),
        meta: { title: '执法人员' },
      },
      {
        path: 'people/:id(\\d+)/qr',
        name: 'work-officer-qr',
        component: () => import('./views/work/people/OfficerQrView.vue'),
        meta: { title: '打印执法证查验二维码' },
      },
      {
        path: 'forbidden',
        name: 'work-forbidden',
        component: () => import('./views/work/Forbidden.vue'),
        meta: { title: '无权访问' },
      },
      {
        path: ':rest(.*)*',
        name: 'work-not-found',
        component: () => import('./views/NotFound.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
  {
    path: '/:rest(.*)*',
    component: PortalLayout,
    children: [
      {
        path: '',
        name: 'not-found',
        component: () => import('./views/NotFound.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  // Back and forward return to where the page was; a link to an anchor (a section of the
  // 事前公开 page, the skip link) scrolls to it; any other navigation starts at the top.
  scrollBehavior: (to, _from, saved) => {
    if (saved) return saved
    if (to.hash) return { el: to.hash, top: 16 }
    return { top: 0 }
  },
})

// Where to go after signing in: a path inside this site (never another origin), else /work.
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) {
    return '/work'
  }
  return path
}

router.beforeEach(async (to) => {
  if (to.name === 'login') {
    // Already signed in (e.g. a bookmarked /login): straight on to where the page would go.
    const user = await useSession().load()
    return user ? safeRedirect(to.query.redirect) : true
  }
  if (!to.matched.some((r) => r.meta.requiresAuth)) return true
  const user = await useSession().load()
  if (!user) return { name: 'login', query: { redirect: to.fullPath } }
  const roles = to.meta.roles
  if (roles && !hasRole(user, ...roles)) return { name: 'work-forbidden' }
  return true
})

router.afterEach((to) => {
  const title = to.meta.title
  const site = to.path.startsWith('/work') || to.name === 'login' ? workbenchName : portalName
  document.title = !title || title === portalHeading ? portalHeading : `${title} - ${site}`
})
