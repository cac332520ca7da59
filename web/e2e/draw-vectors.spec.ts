import { readFileSync } from 'node:fs'

import { expect, test } from '@playwright/test'
import ts from 'typescript'

// The browser's re-run of a 双随机 draw (src/ledger/draw.ts) against the test vectors the C++
// implementation computed (draw-vectors.json): canonical input, seed, the SHA-256 stream, Below,
// the selection and the team forming, in the browser's WebCrypto. Nothing comes from the server:
// the module is transpiled here and served to the page from a made-up localhost origin (a secure
// context, so WebCrypto is there). `node e2e/draw-vectors.mjs` checks the same vectors in Node.

interface Vectors {
  input: { plan: string; poolRoot: string; poolSize: number; count: number; source: string; publicValue: string }
  canonical: string
  seed: string
  next: string[]
  select: { n: number; k: number; indices: number[] }
  below: { n: number; values: number[] }
  teams: {
    seedText: string
    inspectors: { id: number; load: number }[]
    targets: number[]
    teamSize: number
    recusals: { inspector: number; target: number }[]
    teams: number[][]
  }
}

const vectors = JSON.parse(readFileSync(new URL('./draw-vectors.json', import.meta.url), 'utf-8')) as Vectors

// draw.ts imports only './verify', which imports nothing.
function transpile(name: string): string {
  const source = readFileSync(new URL(`../src/ledger/${name}.ts`, import.meta.url), 'utf-8')
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  return js.replace(/from '\.\/verify'/g, "from './verify.js'")
}

const origin = 'http://localhost'
const base = '/__sx-draw-vectors/'
const files: Record<string, { body: string; contentType: string }> = {
  'index.html': {
    contentType: 'text/html; charset=utf-8',
    body:
      '<!doctype html><meta charset="utf-8"><title>sx-draw-v1</title>' +
      '<script type="module">import * as draw from "./draw.js"; window.sxDraw = draw; document.title = "ready"</script>',
  },
  'draw.js': { contentType: 'text/javascript; charset=utf-8', body: transpile('draw') },
  'verify.js': { contentType: 'text/javascript; charset=utf-8', body: transpile('verify') },
}

// What the page's module offers, as far as the test uses it.
interface Draw {
  canonicalInput(i: Vectors['input']): string
  sha256(...parts: (Uint8Array | string)[]): Promise<Uint8Array>
  sha256Hex(...parts: (Uint8Array | string)[]): Promise<string>
  DrawStream: new (seed: Uint8Array) => { next(): Promise<bigint>; below(n: number): Promise<bigint> }
  selectIndices(stream: unknown, n: number, k: number): Promise<number[]>
  formTeams(
    stream: unknown,
    targets: number[],
    inspectors: { id: number; load: number }[],
    teamSize: number,
    recused: (target: number, inspector: number) => boolean,
  ): Promise<number[][]>
  verifyBundle(value: unknown): Promise<{ match: boolean }>
}

test('sx-draw-v1 reproduces the C++ vectors in the browser', async ({ page }) => {
  await page.route(`${origin}${base}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(base.length)
    const file = files[name]
    await (file ? route.fulfill({ status: 200, contentType: file.contentType, body: file.body }) : route.fulfill({ status: 404 }))
  })
  await page.goto(`${origin}${base}index.html`)
  await expect(page).toHaveTitle('ready')
  // The page's globals (this file is type-checked without the DOM library).
  expect(
    await page.evaluate(() => {
      const g = globalThis as unknown as { isSecureContext: boolean; crypto?: { subtle?: unknown } }
      return g.isSecureContext && !!g.crypto?.subtle
    }),
  ).toBe(true)

  const got = await page.evaluate(async (v) => {
    const draw = (globalThis as unknown as { sxDraw: Draw }).sxDraw
    const canonical = draw.canonicalInput(v.input)
    const seed = await draw.sha256(canonical)
    const seedHex = await draw.sha256Hex(canonical)

    const stream = new draw.DrawStream(seed)
    const next: string[] = []
    for (let i = 0; i < v.next.length; i++) next.push(String(await stream.next()))

    const select = await draw.selectIndices(new draw.DrawStream(seed), v.select.n, v.select.k)

    const fresh = new draw.DrawStream(seed)
    const below: number[] = []
    for (let i = 0; i < v.below.values.length; i++) below.push(Number(await fresh.below(v.below.n)))

    const t = v.teams
    const teams = await draw.formTeams(
      new draw.DrawStream(await draw.sha256(t.seedText)),
      t.targets,
      t.inspectors,
      t.teamSize,
      (target, inspector) => t.recusals.some((r) => r.inspector === inspector && r.target === target),
    )
    const notABundle = await draw.verifyBundle({ format: 'something else' })
    return { canonical, seedHex, next, select, below, teams, notABundle: notABundle.match }
  }, vectors)

  expect(got.canonical).toBe(vectors.canonical)
  expect(got.seedHex).toBe(vectors.seed)
  expect(got.next).toEqual(vectors.next)
  expect(got.select).toEqual(vectors.select.indices)
  expect(got.below).toEqual(vectors.below.values)
  expect(got.teams).toEqual(vectors.teams.teams)
  expect(got.notABundle).toBe(false)
})
