import { getJson, getText } from './client'

// 账本 (the record ledger, an RFC 9162 Merkle log): public reads anyone can check in the browser
// with ../ledger/verify.ts.

export interface LedgerLeaf {
  index: number // leaf index in the log
  type: string | null // e.g. officer.created
  at: string | null // RFC 3339 UTC
  entry: string // the leaf's exact text; its hash is SHA-256(0x00 ‖ entry)
}

export interface LedgerHistory {
  object: string
  items: LedgerLeaf[]
}

// RFC 9162 §2.1.3 inclusion proof against the latest checkpoint; hashes in base64.
export interface InclusionProof {
  leafIndex: number
  treeSize: number
  root: string
  proof: string[]
}

export function fetchLedgerHistory(object: string): Promise<LedgerHistory> {
  return getJson<LedgerHistory>(`/api/v1/public/ledger/history?object=${encodeURIComponent(object)}`)
}

export function fetchInclusionProof(index: number): Promise<InclusionProof> {
  return getJson<InclusionProof>(`/api/v1/public/ledger/inclusion?index=${index}`)
}

// The signed checkpoint (C2SP signed note) and the key that signs it.
export function fetchCheckpoint(): Promise<string> {
  return getText('/log/checkpoint')
}

export function fetchVerifierKey(): Promise<string> {
  return getText('/log/vkey')
}

// Chinese names of the ledger's event types; an unknown type is shown as it is.
const eventLabels: Record<string, string> = {
  'officer.created': '登记',
  'officer.updated': '变更',
  'officer.imported': '导入',
  'officer.training_added': '培训',
  'agency.created': '设立',
  'agency.department_added': '增设部门',
  'case.registered': '线索登记',
  'case.updated': '修改案件信息',
  'case.officers': '调整执法人员',
  'case.recusal_requested': '申请回避',
  'case.recusal_decided': '决定回避',
  'document.drafted': '起草文书',
  'document.revised': '修改文书',
  'document.signed': '签署文书',
  'document.issued': '签发文书',
  'disclosure.published': '发布公示',
  'disclosure.corrected': '更正公示',
  'disclosure.withdrawn': '撤下公示',
  'disclosure.expired': '公示期满',
}

export function ledgerEventLabel(type: string | null): string {
  if (!type) return '—'
  return eventLabels[type] ?? type
}
