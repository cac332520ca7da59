// Re-runs a 双随机 draw in the browser (docs/draw.md, algorithm sx-draw-v1), with WebCrypto only:
// each stratum's pool root (RFC 9162 Merkle tree hash over the pool's targets in id order), the
// canonical input and its seed, the selection (a partial Fisher–Yates shuffle driven by a SHA-256
// stream, unbiased by rejection), the inspector teams and the replacements after the draw. Pure
// functions; 64-bit values are BigInt. Fetching the bundle is the caller's business.
//
// This module imports nothing but ./verify (which imports nothing), so that e2e/draw-vectors.spec.ts
// and e2e/draw-vectors.mjs can load it on their own.

import { toHex, webCryptoAvailable } from './verify'

export const drawAlgorithm = 'sx-draw-v1'
export const bundleFormat = 'sanxiang-draw-bundle/1'

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

export async function sha256(...parts: (Uint8Array | string)[]): Promise<Uint8Array> {
  const bytes = parts.map((p) => (typeof p === 'string' ? utf8.encode(p) : p))
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...bytes)))
}

export async function sha256Hex(...parts: (Uint8Array | string)[]): Promise<string> {
  return toHex(await sha256(...parts))
}

export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new DrawFormatError(`“${hex.slice(0, 16)}…”不是小写十六进制`)
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))
}

// ---- Pool roots (RFC 9162 §2.1.1) ------------------------------------------------------------

export interface PoolTarget {
  id: number
  creditCode: string
  name: string
}

// The leaf of a target: SHA-256(0x00 ‖ "{id}\t{creditCode}\t{name}").
export function poolLeaf(t: PoolTarget): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x00), `${t.id}\t${t.creditCode}\t${t.name}`)
}

// Hashes are asked of WebCrypto this many at a time (one promise each), between progress reports.
const batch = 2048

// MTH over the leaf hashes: level by level, an odd last node carried up unchanged — the same tree
// as RFC 9162's split at the largest power of two below n. `onHash` counts the hashes done.
export async function merkleRoot(leaves: Uint8Array[], onHash?: (done: number) => void): Promise<Uint8Array> {
  if (leaves.length === 0) return sha256()
  let level = leaves
  let done = 0
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2 * batch) {
      const end = Math.min(level.length, i + 2 * batch)
      const pairs: Promise<Uint8Array>[] = []
      for (let j = i; j < end; j += 2) {
        pairs.push(j + 1 < end ? sha256(Uint8Array.of(0x01), level[j]!, level[j + 1]!) : Promise.resolve(level[j]!))
      }
      next.push(...(await Promise.all(pairs)))
      done += Math.floor((end - i) / 2)
      onHash?.(done)
    }
    level = next
  }
  return level[0]!
}

export async function poolLeaves(targets: PoolTarget[], onHash?: (done: number) => void): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for (let i = 0; i < targets.length; i += batch) {
    out.push(...(await Promise.all(targets.slice(i, i + batch).map(poolLeaf))))
    onHash?.(out.length)
  }
  return out
}

export async function poolRoot(targets: PoolTarget[]): Promise<string> {
  return toHex(await merkleRoot(await poolLeaves(targets)))
}

// ---- Seeds and the stream ------------------------------------------------------------------

export interface DrawInput {
  plan: string // "{plan code}/{stratum name}"
  poolRoot: string
  poolSize: number
  count: number
  source: string
  publicValue: string
}

export function canonicalInput(i: DrawInput): string {
  return (
    `algorithm=${drawAlgorithm}\n` +
    `plan=${i.plan}\n` +
    `pool_root=${i.poolRoot}\n` +
    `pool_size=${i.poolSize}\n` +
    `count=${i.count}\n` +
    `source=${i.source}\n` +
    `public_value=${i.publicValue}\n`
  )
}

// SHA-256("sx-draw-v1/teams\n" + one line per stratum seed, in order).
export function teamSeed(strataSeeds: string[]): Promise<Uint8Array> {
  return sha256(`${drawAlgorithm}/teams\n` + strataSeeds.map((s) => `${s}\n`).join(''))
}

// SHA-256("sx-draw-v1/replacement\n" + team seed hex + "\n" + m), m = 1, 2, …
export function replacementSeed(teamSeedHex: string, m: number): Promise<Uint8Array> {
  return sha256(`${drawAlgorithm}/replacement\n${teamSeedHex}\n${m}`)
}

const max64 = (1n << 64n) - 1n

// 64-bit values from SHA-256(seed ‖ counter as 8 big-endian bytes), four per block, counter from 0.
export class DrawStream {
  private readonly seed: Uint8Array
  private counter = 0n
  private block: Uint8Array = new Uint8Array(32)
  private used = 4

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new DrawFormatError('种子应为 32 字节')
    this.seed = seed
  }

  async next(): Promise<bigint> {
    if (this.used === 4) {
      const c = new Uint8Array(8)
      new DataView(c.buffer).setBigUint64(0, this.counter, false)
      this.block = await sha256(this.seed, c)
      this.counter++
      this.used = 0
    }
    const v = new DataView(this.block.buffer, this.block.byteOffset + this.used * 8, 8).getBigUint64(0, false)
    this.used++
    return v
  }

  // Uniform in [0, n) for n ≥ 1: values above the largest multiple of n that fits are dropped.
  async below(n: number | bigint): Promise<bigint> {
    const m = BigInt(n)
    if (m < 1n) throw new DrawFormatError('取值范围应至少为 1')
    const limit = max64 - ((max64 % m) + 1n) % m
    for (;;) {
      const v = await this.next()
      if (v <= limit) return v % m
    }
  }
}

// `k` distinct positions of [0, n) in the order drawn: for i = 0…k−1, j = i + Below(n − i), swap
// cells i and j of the virtual array 0…n−1, take cell i. Only the moved cells are kept.
export async function selectIndices(stream: DrawStream, n: number, k: number): Promise<number[]> {
  const moved = new Map<number, number>()
  const at = (i: number) => moved.get(i) ?? i
  const out: number[] = []
  for (let i = 0; i < k; i++) {
    const j = i + Number(await stream.below(n - i))
    const vi = at(i)
    const vj = at(j)
    moved.set(j, vi)
    moved.set(i, vj)
    out.push(vj)
  }
  return out
}

// ---- Teams ---------------------------------------------------------------------------------

export interface TeamInspector {
  id: number
  load: number
}

// Thrown when no inspector is left to pick; the message names the target.
export class DrawTeamError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DrawTeamError'
  }
}

// One inspector: among those (in id order) not skipped, the least loaded; among several, the one
// at position Below(count) — the stream is asked even when there is only one. Its load grows.
export async function pickInspector(
  stream: DrawStream,
  byId: TeamInspector[],
  loads: Map<number, number>,
  skip: (id: number) => boolean,
): Promise<number | undefined> {
  let least = Infinity
  let tied: number[] = []
  for (const i of byId) {
    if (skip(i.id)) continue
    const load = loads.get(i.id) ?? 0
    if (load < least) {
      least = load
      tied = [i.id]
    } else if (load === least) {
      tied.push(i.id)
    }
  }
  if (tied.length === 0) return undefined
  const id = tied[Number(await stream.below(tied.length))]!
  loads.set(id, least + 1)
  return id
}

function sortedById(inspectors: TeamInspector[]): TeamInspector[] {
  return [...inspectors].sort((a, b) => a.id - b.id)
}

// For each target in order, `teamSize` inspectors picked one at a time, skipping those recused for
// the target and those already on its team. Loads start at each inspector's `load`.
export async function formTeams(
  stream: DrawStream,
  targets: number[],
  inspectors: TeamInspector[],
  teamSize: number,
  recused: (target: number, inspector: number) => boolean,
): Promise<number[][]> {
  const byId = sortedById(inspectors)
  const loads = new Map(byId.map((i) => [i.id, i.load]))
  const teams: number[][] = []
  for (const [t, target] of targets.entries()) {
    const team: number[] = []
    for (let m = 0; m < teamSize; m++) {
      const id = await pickInspector(stream, byId, loads, (i) => team.includes(i) || recused(target, i))
      if (id === undefined) {
        throw new DrawTeamError(`第 ${t + 1} 个抽中对象（编号 ${target}）回避后可派的执法人员不足 ${teamSize} 名`)
      }
      team.push(id)
    }
    teams.push(team)
  }
  return teams
}

// ---- The bundle ----------------------------------------------------------------------------

export interface BundleStratum {
  name: string
  filter: string
  ratio?: string | null
  count: number
  pool: { size: number; root: string; targets: PoolTarget[] }
}

export type ReplacementReason = 'recusal' | 'absence'

export interface BundleReplacement {
  seq: number
  target: number
  out: number
  in: number
  reason: ReplacementReason | string
  note?: string
  at?: string
}

export interface BundleTeam {
  target: number
  inspectors: number[]
}

export interface BundleDraw {
  publicValue: string
  drawnAt: string
  strata: { name: string; input: string; seed: string; selected: number[] }[]
  teamSeed: string
  inspectors: { id: number; name: string; certNumber: string; load: number }[]
  recusals: { inspector: number; target: number; kind: string }[]
  teams: BundleTeam[]
  replacements: BundleReplacement[]
  finalTeams: BundleTeam[]
}

export interface DrawBundle {
  format: string
  algorithm: string
  plan: {
    id: number
    code: string
    title: string
    agency: string
    agencyCode: string
    item: { code: string; name: string }
    area: string
    teamSize: number
    source: string
    drawDate: string
    publishedAt: string
  }
  strata: BundleStratum[]
  draw: BundleDraw | null
}

// The file is not a bundle (or not one this page knows).
export class DrawFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DrawFormatError'
  }
}

type Json = Record<string, unknown>

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function need(ok: boolean, what: string): void {
  if (!ok) throw new DrawFormatError(`结果包格式有误：${what}`)
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isIds = (v: unknown): v is number[] => Array.isArray(v) && v.every(isId)
const isText = (v: unknown): v is string => typeof v === 'string'

function checkTeams(v: unknown, what: string): void {
  need(Array.isArray(v), `${what}应为数组`)
  for (const t of v as unknown[]) {
    need(isObject(t) && isId(t.target) && isIds(t.inspectors), `${what}中的每项应含 target 和 inspectors`)
  }
}

// Checks the shape of a parsed bundle (e.g. a file the visitor chose); throws DrawFormatError.
export function asBundle(value: unknown): DrawBundle {
  need(isObject(value), '应为 JSON 对象')
  const b = value as Json
  need(b.format === bundleFormat, `format 应为“${bundleFormat}”`)
  need(b.algorithm === drawAlgorithm, `不支持的算法“${String(b.algorithm)}”，本页只能核验 ${drawAlgorithm}`)
  need(isObject(b.plan), '缺少 plan')
  const plan = b.plan as Json
  need(isText(plan.code) && isText(plan.source), 'plan 缺少 code 或 source')
  need(Number.isSafeInteger(plan.teamSize) && (plan.teamSize as number) >= 1, 'plan.teamSize 应为正整数')
  need(Array.isArray(b.strata) && b.strata.length > 0, 'strata 应为非空数组')
  for (const s of b.strata as unknown[]) {
    need(isObject(s) && isText(s.name) && isId(s.count), '每个分层应含 name 和 count')
    const pool = (s as Json).pool
    need(isObject(pool) && isId(pool.size) && isText(pool.root) && Array.isArray(pool.targets), `分层「${String((s as Json).name)}」的 pool 不完整`)
    for (const t of (pool as Json).targets as unknown[]) {
      need(isObject(t) && isId(t.id) && isText(t.creditCode) && isText(t.name), `分层「${String((s as Json).name)}」的名录对象应含 id、creditCode、name`)
    }
  }
  if (b.draw !== null && b.draw !== undefined) {
    need(isObject(b.draw), 'draw 应为对象或 null')
    const d = b.draw as Json
    need(isText(d.publicValue) && isText(d.teamSeed), 'draw 缺少 publicValue 或 teamSeed')
    need(Array.isArray(d.strata), 'draw.strata 应为数组')
    for (const s of d.strata as unknown[]) {
      need(isObject(s) && isText(s.name) && isText(s.input) && isText(s.seed) && isIds(s.selected), 'draw.strata 的每项应含 name、input、seed、selected')
    }
    need(Array.isArray(d.inspectors), 'draw.inspectors 应为数组')
    for (const i of d.inspectors as unknown[]) {
      need(isObject(i) && isId(i.id) && Number.isSafeInteger(i.load), 'draw.inspectors 的每项应含 id 和 load')
    }
    need(Array.isArray(d.recusals), 'draw.recusals 应为数组')
    for (const r of d.recusals as unknown[]) {
      need(isObject(r) && isId(r.inspector) && isId(r.target), 'draw.recusals 的每项应含 inspector 和 target')
    }
    checkTeams(d.teams, 'draw.teams')
    checkTeams(d.finalTeams, 'draw.finalTeams')
    need(Array.isArray(d.replacements), 'draw.replacements 应为数组')
    for (const r of d.replacements as unknown[]) {
      need(isObject(r) && isId(r.seq) && isId(r.target) && isId(r.out) && isId(r.in) && isText(r.reason), 'draw.replacements 的每项应含 seq、target、out、in、reason')
    }
  } else {
    b.draw = null
  }
  return value as DrawBundle
}

// ⌈size × ratio / 100⌉ for a ratio written as a decimal percentage ("20", "12.5"); undefined when
// it is not one.
export function countFromRatio(size: number, ratio: string): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(ratio.trim())
  if (!m) return undefined
  const decimals = m[2] ?? ''
  const scaled = BigInt(m[1]! + decimals) // ratio × 10^decimals
  const denominator = 100n * 10n ** BigInt(decimals.length)
  const product = BigInt(size) * scaled
  return Number((product + denominator - 1n) / denominator)
}

// ---- Verification ----------------------------------------------------------------------------

export interface DrawProgress {
  step: string // what is being computed, for a person
  done: number
  total: number
}

export type DrawVerdict =
  | { match: true; checked: string[] } // what was recomputed, for a person
  | { match: false; difference: string }

class Difference extends Error {}

function differ(what: string, inBundle: unknown, recomputed: unknown): never {
  throw new Difference(`${what}：包中为 ${String(inBundle)}，重算为 ${String(recomputed)}`)
}

function compareList(what: string, unit: string, inBundle: number[], recomputed: number[]): void {
  const n = Math.max(inBundle.length, recomputed.length)
  for (let i = 0; i < n; i++) {
    if (inBundle[i] !== recomputed[i]) {
      differ(`${what}第 ${i + 1} ${unit}`, inBundle[i] ?? '（无）', recomputed[i] ?? '（无）')
    }
  }
}

function compareTeams(what: string, inBundle: BundleTeam[], recomputed: BundleTeam[]): void {
  if (inBundle.length !== recomputed.length) differ(`${what}的组数`, inBundle.length, recomputed.length)
  recomputed.forEach((team, i) => {
    const b = inBundle[i]!
    if (b.target !== team.target) differ(`${what}第 ${i + 1} 组的检查对象`, b.target, team.target)
    compareList(`${what}第 ${i + 1} 组（对象 ${team.target}）执法人员`, '名', b.inspectors, team.inspectors)
  })
}

const key = (inspector: number, target: number) => `${inspector}:${target}`

// Recomputes everything in the bundle that follows from what was published before the draw and
// the public value; the first difference, in Chinese, or what was checked.
export async function verifyBundle(value: unknown, onProgress?: (p: DrawProgress) => void): Promise<DrawVerdict> {
  if (!webCryptoAvailable()) {
    return { match: false, difference: '本页面未通过安全连接（HTTPS）打开，浏览器不提供 WebCrypto，无法核验' }
  }
  try {
    return await recompute(asBundle(value), onProgress)
  } catch (e) {
    if (e instanceof Difference || e instanceof DrawFormatError || e instanceof DrawTeamError) {
      return { match: false, difference: e.message }
    }
    throw e
  }
}

async function recompute(bundle: DrawBundle, onProgress?: (p: DrawProgress) => void): Promise<DrawVerdict> {
  const checked: string[] = []
  const seeds: string[] = []
  const drawn: number[] = []
  const draw = bundle.draw
  if (draw && draw.strata.length !== bundle.strata.length) differ('抽取结果的分层数', draw.strata.length, bundle.strata.length)

  let poolTotal = 0
  for (const [index, s] of bundle.strata.entries()) {
    const label = `分层「${s.name}」`
    const targets = s.pool.targets
    if (s.pool.size !== targets.length) differ(`${label}名录对象数`, s.pool.size, targets.length)
    for (let i = 1; i < targets.length; i++) {
      if (targets[i]!.id <= targets[i - 1]!.id) {
        throw new Difference(`${label}名录第 ${i + 1} 个对象（编号 ${targets[i]!.id}）未按编号升序排列`)
      }
    }
    // Leaves, then the inner nodes: n + (n − 1) hashes.
    const total = Math.max(1, 2 * targets.length - 1)
    const step = `计算${label}名录根哈希（${targets.length} 个对象）`
    onProgress?.({ step, done: 0, total })
    const leaves = await poolLeaves(targets, (done) => onProgress?.({ step, done, total }))
    const root = toHex(await merkleRoot(leaves, (done) => onProgress?.({ step, done: targets.length + done, total })))
    if (root !== s.pool.root) differ(`${label}名录根哈希`, s.pool.root, root)
    poolTotal += targets.length

    if (s.ratio !== undefined && s.ratio !== null && s.ratio !== '') {
      const count = countFromRatio(targets.length, String(s.ratio))
      if (count !== undefined && count !== s.count) differ(`${label}按比例 ${s.ratio}% 应抽数量`, s.count, count)
    }
    if (s.count < 1 || s.count > targets.length) {
      throw new Difference(`${label}抽取数量 ${s.count} 不在 1 至名录对象数 ${targets.length} 之间`)
    }
    if (!draw) continue

    const d = draw.strata[index]!
    if (d.name !== s.name) differ(`第 ${index + 1} 个分层的名称`, d.name, s.name)
    onProgress?.({ step: `重算${label}的种子和抽中对象`, done: 0, total: s.count })
    const input = canonicalInput({
      plan: `${bundle.plan.code}/${s.name}`,
      poolRoot: root,
      poolSize: targets.length,
      count: s.count,
      source: bundle.plan.source,
      publicValue: draw.publicValue,
    })
    if (d.input !== input) {
      throw new Difference(`${label}的规范输入与重算不同：包中为“${d.input}”，重算为“${input}”`)
    }
    const seed = await sha256(input)
    const seedHex = toHex(seed)
    if (d.seed !== seedHex) differ(`${label}的种子`, d.seed, seedHex)
    seeds.push(seedHex)
    const positions = await selectIndices(new DrawStream(seed), targets.length, s.count)
    const selected = positions.map((p) => targets[p]!.id)
    compareList(`${label}抽中对象`, '个', d.selected, selected)
    drawn.push(...selected)
    onProgress?.({ step: `重算${label}的种子和抽中对象`, done: s.count, total: s.count })
  }
  checked.push(`${bundle.strata.length} 个分层共 ${poolTotal} 个名录对象的根哈希`)
  if (!draw) {
    checked.push('尚未抽取：结果包中还没有抽取结果')
    return { match: true, checked }
  }
  checked.push(`${bundle.strata.length} 个分层的规范输入、种子和抽中的 ${drawn.length} 个对象`)

  // Teams.
  onProgress?.({ step: '重算检查组', done: 0, total: drawn.length })
  const tSeed = await teamSeed(seeds)
  const tSeedHex = toHex(tSeed)
  if (draw.teamSeed !== tSeedHex) differ('检查组种子', draw.teamSeed, tSeedHex)
  const ids = new Set(draw.inspectors.map((i) => i.id))
  if (ids.size !== draw.inspectors.length) throw new Difference('执法人员名单中有重复的编号')
  const inspectors: TeamInspector[] = draw.inspectors.map((i) => ({ id: i.id, load: i.load }))
  // A recusal declared in a replacement of inspector X for target T cannot have stood at the draw
  // (X was on T's team), whether or not the bundle lists it with the draw's recusals.
  const later = new Set(draw.replacements.filter((r) => r.reason === 'recusal').map((r) => key(r.out, r.target)))
  const recusals = new Set(draw.recusals.map((r) => key(r.inspector, r.target)).filter((k) => !later.has(k)))
  const teams = await formTeams(new DrawStream(tSeed), drawn, inspectors, bundle.plan.teamSize, (t, i) =>
    recusals.has(key(i, t)),
  )
  const formed = drawn.map((target, i) => ({ target, inspectors: teams[i]! }))
  compareTeams('检查组', draw.teams, formed)
  onProgress?.({ step: '重算检查组', done: drawn.length, total: drawn.length })
  checked.push(`${formed.length} 个检查组（每组 ${bundle.plan.teamSize} 名，${inspectors.length} 名执法人员参与抽取）`)

  // Replacements, in order, on the teams as drawn.
  const current = formed.map((t) => ({ target: t.target, inspectors: [...t.inspectors] }))
  const absent = new Set<number>()
  const byId = sortedById(inspectors)
  const replacements = [...draw.replacements].sort((a, b) => a.seq - b.seq)
  for (const [i, r] of replacements.entries()) {
    const m = i + 1
    const label = `第 ${m} 次更换`
    onProgress?.({ step: '重算更换人员', done: i, total: replacements.length })
    if (r.seq !== m) differ(`${label}的序号`, r.seq, m)
    if (r.reason !== 'recusal' && r.reason !== 'absence') throw new Difference(`${label}的原因“${r.reason}”不是回避或缺席`)
    const team = current.find((t) => t.target === r.target)
    if (!team) throw new Difference(`${label}的检查对象 ${r.target} 不在抽中的对象中`)
    const slot = team.inspectors.indexOf(r.out)
    if (slot < 0) throw new Difference(`${label}换下的执法人员 ${r.out} 不在对象 ${r.target} 的检查组中`)
    if (r.reason === 'recusal') recusals.add(key(r.out, r.target))
    else absent.add(r.out)
    team.inspectors.splice(slot, 1)
    const loads = new Map(inspectors.map((x) => [x.id, x.load]))
    for (const t of current) for (const id of t.inspectors) loads.set(id, (loads.get(id) ?? 0) + 1)
    const stream = new DrawStream(await replacementSeed(tSeedHex, m))
    const picked = await pickInspector(
      stream,
      byId,
      loads,
      (id) => team.inspectors.includes(id) || recusals.has(key(id, r.target)) || absent.has(id),
    )
    if (picked === undefined) throw new Difference(`${label}：重算时已没有可替换的执法人员，包中却换上了 ${r.in}`)
    if (r.in !== picked) differ(`${label}（对象 ${r.target}）换上的执法人员`, r.in, picked)
    team.inspectors.splice(slot, 0, picked)
  }
  if (replacements.length) checked.push(`${replacements.length} 次更换人员`)
  compareTeams('更换后的检查组', draw.finalTeams, current)
  return { match: true, checked }
}

// What the page says of the plan against what the bundle holds: the first difference, if any.
export function compareWithPublished(
  bundle: DrawBundle,
  published: { id: number; publicValue: string | null; strata: { name: string; poolRoot: string | null; poolSize: number }[] },
): string | undefined {
  if (bundle.plan.id !== published.id) return `结果包属于编号 ${bundle.plan.id} 的计划，不是本页的计划（编号 ${published.id}）`
  for (const s of published.strata) {
    const b = bundle.strata.find((x) => x.name === s.name)
    if (!b) return `结果包中没有本页公布的分层「${s.name}」`
    if (s.poolRoot && b.pool.root !== s.poolRoot) {
      return `分层「${s.name}」名录根哈希：本页公布为 ${s.poolRoot}，包中为 ${b.pool.root}`
    }
    if (b.pool.size !== s.poolSize) return `分层「${s.name}」名录对象数：本页公布为 ${s.poolSize}，包中为 ${b.pool.size}`
  }
  if (published.publicValue && bundle.draw && bundle.draw.publicValue !== published.publicValue) {
    return `公开随机数：本页公布为 ${published.publicValue}，包中为 ${bundle.draw.publicValue}`
  }
  return undefined
}
