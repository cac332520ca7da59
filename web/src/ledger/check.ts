// Checks an object's ledger leaves against the log's signed checkpoint, as a visitor's browser
// would: leaf hash → inclusion proof → checkpoint root and size → checkpoint signature.
import { errorMessage } from '@/api/client'
import {
  fetchCheckpoint,
  fetchInclusionProof,
  fetchVerifierKey,
  type InclusionProof,
  type LedgerLeaf,
} from '@/api/ledger'

import {
  bytesEqual,
  decodeBase64,
  leafHash,
  LedgerFormatError,
  parseCheckpoint,
  verifyInclusion,
  verifyNoteSignature,
  webCryptoAvailable,
  type Checkpoint,
  type SignatureCheck,
} from './verify'

export type LeafResult = { ok: true; treeSize: number } | { ok: false; reason: string }

export interface LedgerCheck {
  results: Map<number, LeafResult> // by leaf index
  checkpoint?: { origin: string; size: number; signature: SignatureCheck }
  error?: string // why nothing could be checked
}

// The sequencer may sign a new checkpoint between our reading it and asking for proofs; then the
// proofs are for a larger tree, and we read the checkpoint again (a few times at most).
const attempts = 3

function failAll(leaves: LedgerLeaf[], reason: string): LedgerCheck {
  return { results: new Map(leaves.map((l) => [l.index, { ok: false, reason }])), error: reason }
}

function describe(e: unknown): string {
  return e instanceof LedgerFormatError ? e.message : errorMessage(e)
}

type Outcome = LeafResult | { ok: false; reason: string; stale: true }

async function checkLeaf(leaf: LedgerLeaf, note: Checkpoint): Promise<Outcome> {
  let proof: InclusionProof
  try {
    proof = await fetchInclusionProof(leaf.index)
  } catch (e) {
    return { ok: false, reason: `无法取得包含证明：${errorMessage(e)}` }
  }
  if (proof.leafIndex !== leaf.index) {
    return { ok: false, reason: `包含证明的叶子序号 ${proof.leafIndex} 与记录的序号 ${leaf.index} 不符` }
  }
  if (proof.treeSize !== note.size) {
    return {
      ok: false,
      stale: true,
      reason: `包含证明的树大小 ${proof.treeSize} 与已签名检查点的树大小 ${note.size} 不一致`,
    }
  }
  try {
    if (!bytesEqual(decodeBase64(proof.root, '包含证明的根哈希'), note.root)) {
      return { ok: false, reason: '包含证明的根哈希与已签名检查点的根哈希不一致' }
    }
    const path = proof.proof.map((h) => decodeBase64(h, '包含证明中的哈希'))
    const included = await verifyInclusion(leaf.index, note.size, await leafHash(leaf.entry), path, note.root)
    if (!included) {
      return { ok: false, reason: '包含证明不成立：由条目原文和证明算出的根哈希与已签名检查点不符' }
    }
  } catch (e) {
    return { ok: false, reason: describe(e) }
  }
  return { ok: true, treeSize: note.size }
}

export async function checkLeaves(leaves: LedgerLeaf[]): Promise<LedgerCheck> {
  if (!webCryptoAvailable()) {
    return failAll(leaves, '本页面未通过安全连接（HTTPS）打开，浏览器不提供 WebCrypto，无法核验')
  }
  try {
    const vkey = await fetchVerifierKey()
    for (let attempt = 1; ; attempt++) {
      const note = parseCheckpoint(await fetchCheckpoint())
      const signature = await verifyNoteSignature(note, vkey)
      if (signature.state === 'invalid') {
        return failAll(leaves, `检查点签名未通过核验：${signature.reason}`)
      }
      const outcomes = await Promise.all(leaves.map((l) => checkLeaf(l, note)))
      if (attempt < attempts && outcomes.some((o) => 'stale' in o)) continue
      return {
        results: new Map(
          leaves.map((l, i): [number, LeafResult] => {
            const o = outcomes[i]!
            return [l.index, o.ok ? o : { ok: false, reason: o.reason }]
          }),
        ),
        checkpoint: { origin: note.origin, size: note.size, signature },
      }
    }
  } catch (e) {
    return failAll(leaves, describe(e))
  }
}
