// Checks the ledger's proofs in the browser, with WebCrypto only: RFC 9162 §2.1 hashing and
// inclusion proofs, C2SP tlog-checkpoint and signed-note (Ed25519). Pure functions; fetching is
// the caller's business. Malformed input throws LedgerFormatError with a message for a person.

export class LedgerFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LedgerFormatError'
  }
}

const utf8 = new TextEncoder()

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)))
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function decodeBase64(text: string, what: string): Uint8Array {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    throw new LedgerFormatError(`${what}不是有效的 base64`)
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

function decodeHash(text: string, what: string): Uint8Array {
  const hash = decodeBase64(text, what)
  if (hash.length !== 32) throw new LedgerFormatError(`${what}长度应为 32 字节`)
  return hash
}

// WebCrypto exists only in secure contexts (HTTPS, or localhost).
export function webCryptoAvailable(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined
}

// RFC 9162 §2.1.1: the hash of a leaf is SHA-256(0x00 ‖ entry).
export function leafHash(entry: string): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x00), utf8.encode(entry))
}

function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x01), left, right)
}

// RFC 9162 §2.1.3.2, step by step. Indices may exceed 32 bits, so no bitwise operators.
export async function verifyInclusion(
  index: number,
  treeSize: number,
  hash: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0) return false
  if (index >= treeSize) return false
  let fn = index
  let sn = treeSize - 1
  let r = hash
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = await nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && bytesEqual(r, root)
}

export interface NoteSignature {
  name: string
  keyId: Uint8Array // 4 bytes
  signature: Uint8Array
}

export interface Checkpoint {
  body: string // the signed text, up to and including the body's final "\n"
  origin: string
  size: number
  root: Uint8Array
  extensions: string[]
  signatures: NoteSignature[]
}

// C2SP signed-note carrying a C2SP tlog-checkpoint body.
export function parseCheckpoint(noteText: string): Checkpoint {
  const split = noteText.indexOf('\n\n')
  if (split < 0) throw new LedgerFormatError('检查点格式有误：缺少正文与签名之间的空行')
  const body = noteText.slice(0, split + 1)
  const lines = body.slice(0, -1).split('\n')
  if (lines.length < 3) throw new LedgerFormatError('检查点格式有误：正文应有日志名、树大小、根哈希三行')
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]]
  if (origin === '') throw new LedgerFormatError('检查点格式有误：日志名为空')
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new LedgerFormatError('检查点格式有误：树大小不是非负整数')
  }
  const root = decodeHash(rootText, '检查点根哈希')

  const signatureText = noteText.slice(split + 2)
  if (!signatureText.endsWith('\n')) throw new LedgerFormatError('检查点格式有误：签名行应以换行结束')
  const signatures = signatureText
    .slice(0, -1)
    .split('\n')
    .map((line): NoteSignature => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line)
      if (!m) throw new LedgerFormatError(`检查点格式有误：签名行“${line}”不符合“— 密钥名 签名”`)
      const bytes = decodeBase64(m[2]!, '检查点签名')
      if (bytes.length < 5) throw new LedgerFormatError('检查点格式有误：签名过短')
      return { name: m[1]!, keyId: bytes.slice(0, 4), signature: bytes.slice(4) }
    })
  if (signatures.length === 0) throw new LedgerFormatError('检查点没有签名')
  return { body, origin, size: Number(sizeText), root, extensions, signatures }
}

export interface VerifierKey {
  name: string
  keyId: Uint8Array // 4 bytes, as written in the key
  publicKey: Uint8Array // 32-byte Ed25519 public key
}

const ed25519Algorithm = 0x01

// `<name>+<8 hex key id>+<base64(0x01 ‖ public key)>`; the name contains no "+", base64 may.
export function parseVerifierKey(text: string): VerifierKey {
  const vkey = text.trim()
  const first = vkey.indexOf('+')
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1)
  if (first <= 0 || second < 0) throw new LedgerFormatError('验证密钥格式有误：应为“名称+密钥编号+公钥”')
  const hex = vkey.slice(first + 1, second)
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new LedgerFormatError('验证密钥格式有误：密钥编号应为 8 位十六进制')
  const key = decodeBase64(vkey.slice(second + 1), '验证密钥')
  if (key.length !== 33 || key[0] !== ed25519Algorithm) {
    throw new LedgerFormatError('验证密钥不是 Ed25519 公钥')
  }
  return {
    name: vkey.slice(0, first),
    keyId: Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)),
    publicKey: key.slice(1),
  }
}

// C2SP signed-note: the key id is the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
export async function keyId(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const digest = await sha256(utf8.encode(name + '\n'), Uint8Array.of(ed25519Algorithm), publicKey)
  return digest.slice(0, 4)
}

export type SignatureCheck =
  | { state: 'valid'; keyName: string; keyIdHex: string }
  | { state: 'unsupported'; keyName: string; keyIdHex: string; reason: string }
  | { state: 'invalid'; reason: string }

// Checks the note's signature by the given verifier key. A browser without Ed25519 in WebCrypto
// gets 'unsupported', not 'invalid': the proofs can still be checked, the signature cannot.
export async function verifyNoteSignature(note: Checkpoint, vkeyText: string): Promise<SignatureCheck> {
  const vkey = parseVerifierKey(vkeyText)
  const id = await keyId(vkey.name, vkey.publicKey)
  if (!bytesEqual(id, vkey.keyId)) {
    return { state: 'invalid', reason: '验证密钥的密钥编号与公钥不符' }
  }
  const keyIdHex = toHex(id)
  const sig = note.signatures.find((s) => s.name === vkey.name && bytesEqual(s.keyId, id))
  if (!sig) return { state: 'invalid', reason: `检查点上没有验证密钥 ${vkey.name}+${keyIdHex} 的签名` }
  if (sig.signature.length !== 64) return { state: 'invalid', reason: '检查点签名长度应为 64 字节' }
  let key: CryptoKey
  try {
    key = await crypto.subtle.importKey('raw', concat(vkey.publicKey), { name: 'Ed25519' }, false, [
      'verify',
    ])
  } catch {
    return { state: 'unsupported', keyName: vkey.name, keyIdHex, reason: '本浏览器不支持 Ed25519 验签' }
  }
  const ok = await crypto.subtle.verify('Ed25519', key, concat(sig.signature), utf8.encode(note.body))
  if (!ok) return { state: 'invalid', reason: '检查点签名无效' }
  return { state: 'valid', keyName: vkey.name, keyIdHex }
}
