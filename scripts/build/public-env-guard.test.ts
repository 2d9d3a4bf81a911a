// The build guard, through the real `electron-vite build`/`dev` and electron.vite.config.ts: bad public values
// stop the command before anything is bundled; a good build carries no secret from the environment.

import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { publicEnvProblems } from './public-env-guard.ts'

const root = resolve(import.meta.dirname, '../..')
const ELECTRON_VITE = join(root, 'node_modules/electron-vite/bin/electron-vite.js')
const HOST = 'happy-otter-12.clerk.accounts.dev'
const GOOD = {
  VITE_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from(`${HOST}$`).toString('base64')}`,
  VITE_CONVEX_URL: 'https://happy-animal-123.convex.cloud',
}

let cleanup: (() => void)[] = []
afterEach(() => {
  for (const fn of cleanup) fn()
  cleanup = []
})

function electronVite(args: string[], env: Record<string, string>) {
  // Only what the test gives: a developer's own VITE_/CLERK_ values must not decide the outcome.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(VITE_|MAIN_VITE_|PRELOAD_VITE_|RENDERER_VITE_|CLERK_|CONVEX_)/.test(k),
    ),
  )
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile(
      process.execPath,
      [ELECTRON_VITE, ...args],
      { cwd: root, env: { ...base, NODE_ENV: 'production', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  )
}

function tempOut(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'guard-build-')), 'out')
  cleanup.push(() => rmSync(resolve(dir, '..'), { recursive: true, force: true }))
  return dir
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('electron-vite build refuses bad public values before bundling', () => {
  it('a secret key as the publishable key: names the variable and the reason, builds nothing', async () => {
    const outDir = tempOut()
    const run = await electronVite(['build', '--outDir', outDir], {
      ...GOOD,
      VITE_CLERK_PUBLISHABLE_KEY: 'sk_test_abcdef123456',
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'VITE_CLERK_PUBLISHABLE_KEY (from your environment) holds a Clerk secret key (sk_...)',
    )
    expect(run.stderr).not.toContain('sk_test_abcdef123456') // never echo the secret
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(run.stdout).not.toContain('building') // refused before any bundle started
    expect(existsSync(outDir)).toBe(false)
  }, 120_000)

  it('a malformed publishable key, a .convex.site URL (from an .env file) and a whsec_ anywhere in VITE_*', async () => {
    const outDir = tempOut()
    // `--mode guardtest` reads .env.guardtest.local (git-ignored): a file source without touching .env.local.
    const envFile = join(root, '.env.guardtest.local')
    writeFileSync(envFile, 'VITE_CONVEX_URL=https://happy-animal-123.convex.site\n')
    cleanup.push(() => rmSync(envFile, { force: true }))
    const run = await electronVite(['build', '--mode', 'guardtest', '--outDir', outDir], {
      VITE_CLERK_PUBLISHABLE_KEY: 'pk_test_not-a-key!',
      RENDERER_VITE_WEBHOOK: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'VITE_CLERK_PUBLISHABLE_KEY (from your environment) is not a Clerk publishable key',
    )
    expect(run.stderr).toContain(
      'VITE_CONVEX_URL (from an .env file) points at the HTTP actions host (.convex.site); use the deployment URL (.convex.cloud)',
    )
    expect(run.stderr).toContain(
      'RENDERER_VITE_WEBHOOK (from your environment) holds a webhook signing secret',
    )
    expect(existsSync(outDir)).toBe(false)
  }, 120_000)

  it('`electron-vite dev` refuses the same way, before looking for Electron', async () => {
    const run = await electronVite(['dev'], {
      ...GOOD,
      VITE_CONVEX_URL: 'https://happy-animal-123.convex.site',
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('VITE_CONVEX_URL (from your environment) points at the HTTP actions host')
    expect(`${run.stdout}${run.stderr}`).not.toContain('Electron uninstall')
  }, 120_000)

  it('a good build succeeds and no secret from the environment reaches any bundle', async () => {
    const outDir = tempOut()
    const webhookSecret = `whsec_${Buffer.alloc(24, 2).toString('base64')}`
    const run = await electronVite(['build', '--outDir', outDir], {
      ...GOOD,
      CLERK_SECRET_KEY: 'sk_test_shouldNeverBeBundled1',
      CLERK_WEBHOOK_SECRET: webhookSecret,
      CONVEX_DEPLOY_KEY: 'prod:happy-animal-123|secretpart',
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('larger than')
    const files = filesUnder(outDir)
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    const all = files.map((f) => readFileSync(f, 'latin1')).join('\n')
    expect(all).toContain(GOOD.VITE_CLERK_PUBLISHABLE_KEY) // the scan reads the real bundles
    // The values, not the prefixes: the log redaction in the main bundle names `sk_` and `whsec_` in its patterns.
    expect(all).not.toMatch(/sk_(test|live)_[A-Za-z0-9]/)
    expect(all).not.toContain('shouldNeverBeBundled1')
    expect(all).not.toContain(webhookSecret)
    expect(all).not.toContain(webhookSecret.slice('whsec_'.length))
    expect(all).not.toContain('secretpart')
  }, 180_000)
})

describe('publicEnvProblems', () => {
  it('accepts unset values (the setup screen handles them) and Convex’s own VITE_CONVEX_SITE_URL', () => {
    expect(publicEnvProblems({})).toEqual([])
    expect(publicEnvProblems({ VITE_CONVEX_URL: '', VITE_CLERK_PUBLISHABLE_KEY: ' ' })).toEqual([])
    expect(
      publicEnvProblems({ ...GOOD, VITE_CONVEX_SITE_URL: 'https://happy-animal-123.convex.site' }),
    ).toEqual([])
    expect(publicEnvProblems({ VITE_CONVEX_URL: 'http://127.0.0.1:3210' })).toEqual([])
  })
  it('ignores secrets outside the public prefixes (they never reach a bundle)', () => {
    expect(publicEnvProblems({ CLERK_SECRET_KEY: 'sk_live_x', MY_VITE_X: 'sk_test_y' })).toEqual([])
    expect(publicEnvProblems({ MAIN_VITE_TOKEN: 'sk_live_abc' })).toEqual([
      { name: 'MAIN_VITE_TOKEN', reason: expect.stringContaining('Clerk secret key') },
    ])
  })
})
