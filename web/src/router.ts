import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

import PortalLayout from './layouts/PortalLayout.vue'
import HomeView from './views/portal/HomeView.vue'
import { useSession } from './api/session'
import { portalHeading, portalName, workbenchName } from './site'

declare module 'vue-router' {
  interface RouteMeta {
    // Page name for the document title and the workbench heading.
    title?: string
    // Only for a signed-in user; others are sent to /login.
    requiresAuth?: boolean
  }
}

// Workbench sections, in menu order. Each is a placeholder until its feature lands.
export const workbenchSections = [
  { path: '', name: 'work-home', title: '工作台首页', menu: '首页' },
  { path: 'cases', name: 'work-cases', title: '案件', menu: '案件' },
  { path: 'reviews', name: 'work-reviews', title: '法制审核', menu: '法制审核' },
  { path: 'disclosures', name: 'work-disclosures', title: '公示', menu: '公示' },
  { path: 'inspections', name: 'work-inspections', title: '双随机', menu: '双随机' },
  { path: 'people', name: 'work-people', title: '人员', menu: '人员' },
] as const

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: PortalLayout,
    children: [{ path: '', name: 'home', component: HomeView, meta: { title: portalHeading } }],
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
        component: () => import('./views/work/UnderConstruction.vue'),
        meta: { title: s.title },
      })),
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
  scrollBehavior: () => ({ top: 0 }),
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
  if (user) return true
  return { name: 'login', query: { redirect: to.fullPath } }
})

router.afterEach((to) => {
  const title = to.meta.title
  const site = to.path.startsWith('/work') || to.name === 'login' ? workbenchName : portalName
  document.title = !title || title === portalHeading ? portalHeading : `${title} - ${site}`
})
