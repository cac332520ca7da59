// Checks src/ledger/draw.ts (the browser's re-run of a 双随机 draw) against the test vectors the C++
// implementation computed (e2e/draw-vectors.json), in Node, with no build step and no server:
//
//   cd web && node e2e/draw-vectors.mjs
//
// The module is transpiled with the project's TypeScript and imported from a temporary directory.
// It also checks the Merkle root against RFC 9162's recursive definition, and that a bundle built
// with these functions verifies and fails once altered. Exits 1 on any difference.
// (e2e/draw-vectors.spec.ts runs the same vectors in the browser.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import ts from 'typescript'

const ledger = new URL('../src/ledger/', import.meta.url)
const vectors = JSON.parse(readFileSync(new URL('./draw-vectors.json', import.meta.url), 'utf-8'))

// draw.ts imports only './verify', which imports nothing.
function transpile(name) {
  const source = readFileSync(new URL(`${name}.ts`, ledger), 'utf-8')
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  return js.replace(/from '\.\/verify'/g, "from './verify.js'")
}

const dir = mkdtempSync(join(tmpdir(), 'sx-draw-'))
let failures = 0
function check(name, got, want) {
  const ok = JSON.stringify(got) === JSON.stringify(want)
  if (!ok) failures++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n     got  ${JSON.stringify(got)}\n     want ${JSON.stringify(want)}`}`)
}

try {
  for (const name of ['verify', 'draw']) writeFileSync(join(dir, `${name}.js`), transpile(name))
  const draw = await import(pathToFileURL(join(dir, 'draw.js')).href)
  const { toHex } = await import(pathToFileURL(join(dir, 'verify.js')).href)

  // ---- the vectors ----------------------------------------------------------------------------
  const canonical = draw.canonicalInput(vectors.input)
  check('canonical input', canonical, vectors.canonical)
  const seed = await draw.sha256(canonical)
  check('seed', toHex(seed), vectors.seed)

  let stream = new draw.DrawStream(seed)
  const next = []
  for (let i = 0; i < 5; i++) next.push(String(await stream.next()))
  check('stream Next() ×5', next, vectors.next)

  check(
    'SelectIndices(1000, 5)',
    await draw.selectIndices(new draw.DrawStream(seed), vectors.select.n, vectors.select.k),
    vectors.select.indices,
  )

  stream = new draw.DrawStream(seed)
  const below = []
  for (let i = 0; i < vectors.below.values.length; i++) below.push(Number(await stream.below(vectors.below.n)))
  check('Below(7) ×8', below, vectors.below.values)

  const t = vectors.teams
  const recused = new Set(t.recusals.map((r) => `${r.inspector}:${r.target}`))
  const teams = await draw.formTeams(
    new draw.DrawStream(await draw.sha256(t.seedText)),
    t.targets,
    t.inspectors,
    t.teamSize,
    (target, inspector) => recused.has(`${inspector}:${target}`),
  )
  check('FormTeams', teams, t.teams)

  // ---- the Merkle root against RFC 9162 §2.1.1, recursively --------------------------------------
  const leaf = (i) => draw.sha256(Uint8Array.of(0), `leaf ${i}`)
  async function mth(leaves) {
    if (leaves.length === 1) return leaves[0]
    let k = 1
    while (k * 2 < leaves.length) k *= 2
    return draw.sha256(Uint8Array.of(1), await mth(leaves.slice(0, k)), await mth(leaves.slice(k)))
  }
  let merkleOk = true
  for (let n = 1; n <= 70; n++) {
    const leaves = await Promise.all(Array.from({ length: n }, (_, i) => leaf(i)))
    if (toHex(await draw.merkleRoot(leaves)) !== toHex(await mth(leaves))) merkleOk = false
  }
  check('Merkle root = RFC 9162 MTH for n = 1…70', merkleOk, true)

  // ---- a whole bundle --------------------------------------------------------------------------
  const bundle = await sampleBundle(draw, toHex)
  check('sample bundle verifies', await draw.verifyBundle(bundle), {
    match: true,
    checked: (await draw.verifyBundle(bundle)).checked,
  })
  const progress = []
  await draw.verifyBundle(bundle, (p) => progress.push(p))
  check('progress reported', progress.length > 0, true)

  const altered = structuredClone(bundle)
  altered.draw.strata[0].selected[2] = altered.strata[0].pool.targets.find(
    (x) => !altered.draw.strata[0].selected.includes(x.id),
  ).id
  const verdict = await draw.verifyBundle(altered)
  check('altered selection is found', verdict.match === false && verdict.difference.startsWith('分层「高风险」抽中对象第 3 个'), true)
  console.log(`     (${verdict.difference})`)

  const renamed = structuredClone(bundle)
  renamed.strata[1].pool.targets[4].name += '（改）'
  const v2 = await draw.verifyBundle(renamed)
  check('altered pool is found', v2.match === false && v2.difference.startsWith('分层「其他」名录根哈希'), true)

  const swapped = structuredClone(bundle)
  swapped.draw.finalTeams[0].inspectors.reverse()
  const v3 = await draw.verifyBundle(swapped)
  check('altered final team is found', v3.match === false && v3.difference.startsWith('更换后的检查组第 1 组'), true)

  check('not a bundle', (await draw.verifyBundle({ format: 'x' })).match, false)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

if (failures) {
  console.error(`${failures} check(s) failed`)
  process.exit(1)
}
console.log('all draw vectors match')

// A bundle made with the module's own functions, as the server would make it: two strata, a
// recusal, two replacements (one recusal, one absence).
async function sampleBundle(draw, toHex) {
  const targets = Array.from({ length: 57 }, (_, i) => ({
    id: 100 + i * 3,
    creditCode: `91410100MA${String(i).padStart(7, '0')}X`,
    name: `郑州测试单位${i}有限公司`,
  }))
  const strataDef = [
    { name: '高风险', filter: '风险等级 高', ratio: '20', targets: targets.filter((_, i) => i % 3 === 0) },
    { name: '其他', filter: '全部', count: 4, targets: targets.filter((_, i) => i % 3 !== 0) },
  ]
  const plan = {
    id: 3,
    code: 'ZZGJJ-CJ-2026-01',
    title: '2026 年住房公积金缴存情况双随机抽查',
    agency: '郑州住房公积金管理中心',
    agencyCode: 'zzgjj',
    item: { code: 'GJJ-JC-001', name: '住房公积金缴存情况检查' },
    area: '郑州市',
    teamSize: 2,
    source: '深证成指 2026-12-01 收盘点数',
    drawDate: '2026-12-01',
    publishedAt: '2026-11-29T03:00:00.000Z',
  }
  const publicValue = '10234.56'
  const strata = []
  const drawStrata = []
  const seeds = []
  const drawn = []
  for (const s of strataDef) {
    const root = await draw.poolRoot(s.targets)
    const count = s.ratio ? draw.countFromRatio(s.targets.length, s.ratio) : s.count
    strata.push({
      name: s.name,
      filter: s.filter,
      ...(s.ratio ? { ratio: s.ratio } : {}),
      count,
      pool: { size: s.targets.length, root, targets: s.targets },
    })
    const input = draw.canonicalInput({
      plan: `${plan.code}/${s.name}`,
      poolRoot: root,
      poolSize: s.targets.length,
      count,
      source: plan.source,
      publicValue,
    })
    const seed = await draw.sha256(input)
    seeds.push(toHex(seed))
    const selected = (await draw.selectIndices(new draw.DrawStream(seed), s.targets.length, count)).map(
      (p) => s.targets[p].id,
    )
    drawn.push(...selected)
    drawStrata.push({ name: s.name, input, seed: toHex(seed), selected })
  }
  const inspectors = [7, 9, 11, 12, 15, 20].map((id, i) => ({
    id,
    name: `执法人员${id}`,
    certNumber: `ZZGJJ-2023-0${id}`,
    load: i === 2 ? 1 : 0,
  }))
  const recusals = [{ inspector: 7, target: drawn[0], kind: 'relative' }]
  const tSeed = await draw.teamSeed(seeds)
  const teams = (
    await draw.formTeams(new draw.DrawStream(tSeed), drawn, inspectors, plan.teamSize, (t, i) =>
      recusals.some((r) => r.inspector === i && r.target === t),
    )
  ).map((inspectorIds, i) => ({ target: drawn[i], inspectors: inspectorIds }))

  // Two replacements, computed as the server would.
  const current = teams.map((t) => ({ target: t.target, inspectors: [...t.inspectors] }))
  const recused = new Set(recusals.map((r) => `${r.inspector}:${r.target}`))
  const absent = new Set()
  const replacements = []
  const wanted = [
    { team: 1, slot: 0, reason: 'recusal' },
    { team: 2, slot: 1, reason: 'absence' },
  ]
  for (const [i, w] of wanted.entries()) {
    const team = current[w.team]
    const out = team.inspectors[w.slot]
    if (w.reason === 'recusal') recused.add(`${out}:${team.target}`)
    else absent.add(out)
    team.inspectors.splice(w.slot, 1)
    const loads = new Map(inspectors.map((x) => [x.id, x.load]))
    for (const t of current) for (const id of t.inspectors) loads.set(id, loads.get(id) + 1)
    const stream = new draw.DrawStream(await draw.replacementSeed(toHex(tSeed), i + 1))
    const byId = [...inspectors].sort((a, b) => a.id - b.id)
    const inId = await draw.pickInspector(
      stream,
      byId,
      loads,
      (id) => team.inspectors.includes(id) || recused.has(`${id}:${team.target}`) || absent.has(id),
    )
    team.inspectors.splice(w.slot, 0, inId)
    replacements.push({ seq: i + 1, target: team.target, out, in: inId, reason: w.reason, note: '', at: '2026-12-02T01:00:00Z' })
  }
  return {
    format: 'sanxiang-draw-bundle/1',
    algorithm: 'sx-draw-v1',
    plan,
    strata,
    draw: {
      publicValue,
      drawnAt: '2026-12-01T08:00:00Z',
      strata: drawStrata,
      teamSeed: toHex(tSeed),
      inspectors,
      recusals,
      teams,
      replacements,
      finalTeams: current,
    },
  }
}
