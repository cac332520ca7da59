// Proves a published disclosure in the browser (docs/disclosure.md): SHA-256 of the item's
// canonical `content` = its `contentDigest` = the `digests.content` of a `disclosure.published` or
// `disclosure.corrected` leaf of its ledger object, and that leaf is in the tree of the signed
// checkpoint (./check.ts). Nothing in the result rests on trusting the server's word.
import { errorMessage } from '@/api/client'
import { fetchLedgerHistory, type LedgerLeaf } from '@/api/ledger'

import { checkLeaves } from './check'
import { toHex, webCryptoAvailable, type SignatureCheck } from './verify'

export const disclosureLeafTypes = ['disclosure.published', 'disclosure.corrected']

// The sequencer integrates a new leaf about a second after publication: the history is read
// again after these pauses (ms) before giving up.
export const leafRetryDelays = [500, 1000, 1500, 2500, 4000, 6000]

export type DisclosureProof =
  | {
      ok: true
      digest: string
      leafIndex: number
      leafType: string
      treeSize: number
      signature: SignatureCheck | undefined
    }
  | { ok: false; reason: string; digest?: string }

// "sha256:<hex>" of the UTF-8 text, as the server writes digests.
export async function sha256Digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return `sha256:${toHex(new Uint8Array(hash))}`
}

// The leaf entry's `digests.content`, if the entry is JSON that has one.
export function leafContentDigest(leaf: LedgerLeaf): string | undefined {
  try {
    const entry: unknown = JSON.parse(leaf.entry)
    if (typeof entry !== 'object' || entry === null) return undefined
    const digests = (entry as { digests?: unknown }).digests
    if (typeof digests !== 'object' || digests === null) return undefined
    const content = (digests as { content?: unknown }).content
    return typeof content === 'string' ? content.toLowerCase() : undefined
  } catch {
    return undefined
  }
}

async function findLeaf(object: string, digest: string): Promise<LedgerLeaf | undefined> {
  const history = await fetchLedgerHistory(object)
  return history.items
    .filter((l) => l.type !== null && disclosureLeafTypes.includes(l.type) && leafContentDigest(l) === digest)
    .at(-1)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function proveDisclosure(
  content: string,
  contentDigest: string,
  ledgerObject: string,
  cancelled: () => boolean = () => false,
): Promise<DisclosureProof> {
  if (!webCryptoAvailable()) {
    return { ok: false, reason: '本页面未通过安全连接（HTTPS）打开，浏览器不提供 WebCrypto，无法核验' }
  }
  const digest = await sha256Digest(content)
  if (digest !== contentDigest.trim().toLowerCase()) {
    return {
      ok: false,
      digest,
      reason: `本页显示内容的 SHA-256（${digest}）与公布的内容摘要（${contentDigest}）不一致`,
    }
  }
  let leaf: LedgerLeaf | undefined
  try {
    leaf = await findLeaf(ledgerObject, digest)
    for (const delay of leafRetryDelays) {
      if (leaf || cancelled()) break
      await sleep(delay)
      leaf = await findLeaf(ledgerObject, digest)
    }
  } catch (e) {
    return { ok: false, digest, reason: `无法读取账本记录：${errorMessage(e)}` }
  }
  if (!leaf) {
    return {
      ok: false,
      digest,
      reason: '账本中尚未找到与该内容摘要一致的发布或更正记录（新记录约 1 秒后进入已签名的检查点），请稍后重新核验',
    }
  }
  const check = await checkLeaves([leaf])
  const result = check.results.get(leaf.index)
  if (!result) return { ok: false, digest, reason: check.error ?? '未能核验账本记录' }
  if (!result.ok) return { ok: false, digest, reason: result.reason }
  return {
    ok: true,
    digest,
    leafIndex: leaf.index,
    leafType: leaf.type ?? '',
    treeSize: result.treeSize,
    signature: check.checkpoint?.signature,
  }
}
