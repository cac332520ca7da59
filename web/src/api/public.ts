import { getJson } from './client'

// 主体资格: 法定 (statutory agency), 授权 (empowered by law or regulation), 委托 (entrusted).
export type AgencyStanding = '法定' | '授权' | '委托'

export interface Department {
  id: number
  name: string
}

// 机关负责人
export interface Leader {
  name: string
  title: string
}

// 执法主体
export interface Agency {
  id: number
  code: string
  name: string
  standing: AgencyStanding | string
  legalBasis: string
  kind?: string // enforcement, supervision
  departments: Department[]
  leaders?: Leader[]
}

export interface AgencyList {
  items: Agency[]
}

export function fetchAgencies(): Promise<AgencyList> {
  return getJson<AgencyList>('/api/v1/public/agencies')
}

export function fetchAgency(id: number): Promise<Agency> {
  return getJson<Agency>(`/api/v1/public/agencies/${id}`)
}

const standingNotes: Record<string, string> = {
  法定: '法定行政机关',
  授权: '法律、法规授权的组织',
  委托: '受委托的组织',
}

export function standingNote(standing: string): string | undefined {
  return standingNotes[standing]
}
