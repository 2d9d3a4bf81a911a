// `npm run dev`'s decisions, through the real script in a throw-away copy of the project (Electron cannot run
// here; the steps before it can). The Convex CLI is the real one; its backend download is made to fail on
// every machine by pointing Node's fetch at a proxy that refuses connections.

import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  closedPortUrl,
  installConvexCliStandIn,
  installElectronBinary,
  tempProject,
  type TempProject,
} from '../doctor/testing/fixtures.ts'
import { convexFirstRunNote, explainConvexFailure } from './cli.ts'

const root = resolve(import.meta.dirname, '../..')
const DEV = join(root, 'scripts/dev/cli.ts')

let temp: string | null = null
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true })
  temp = null
})

/** A fresh clone as far as `npm run dev` can tell: package.json, convex/, installed node_modules, no .env.local. */
function freshClone(): { dir: string; home: string; fakeElectron: string } {
  temp = mkdtempSync(join(tmpdir(), 'harbor-dev-'))
  const dir = join(temp, 'harbor')
  cpSync(join(root, 'convex'), join(dir, 'convex'), { recursive: true })
  for (const file of [
    'package.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.node.json',
    'tsconfig.web.json',
  ]) {
    cpSync(join(root, file), join(dir, file))
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction')
  const home = join(temp, 'home')
  const fakeElectron = join(temp, 'electron')
  writeFileSync(fakeElectron, '')
  return { dir, home, fakeElectron }
}

function runDev(cwd: string, env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(CLERK_|VITE_|CONVEX_|ELECTRON_|MAIN_VITE_)/.test(k)),
  )
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', DEV],
      { cwd, env: { ...base, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  )
}

describe('npm run dev on a fresh clone (no accounts, no terminal)', () => {
  it("Convex's local backend download refused: Harbor's paragraph with the next step, exit 1", async () => {
    const clone = freshClone()
    const proxy = await closedPortUrl()
    const run = await runDev(clone.dir, {
      HOME: clone.home,
      USERPROFILE: clone.home,
      ELECTRON_EXEC_PATH: clone.fakeElectron,
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
    })
    expect(run.code).toBe(1)
    // What Harbor decided before Convex ran, then what it says after Convex's own lines.
    expect(run.stderr).toContain(
      'there is no terminal for Convex to ask whether to log in, so it starts its local backend',
    )
    expect(run.stderr).toContain('Failed to fetch latest backend version') // Convex's own line, kept
    const last = run.stderr.trim().split('\n').at(-1) ?? ''
    expect(last).toMatch(/^Harbor: Convex's local backend could not be downloaded/)
    expect(last).toContain('npx convex dev --configure')
    expect(last).toContain('HTTPS_PROXY')
  }, 120_000)

  it('Electron missing: the Electron paragraph, and Convex is never started', async () => {
    const clone = freshClone()
    const run = await runDev(clone.dir, {
      HOME: clone.home,
      ELECTRON_EXEC_PATH: join(clone.dir, 'no-electron-here'),
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('ELECTRON_EXEC_PATH')
    expect(run.stderr).not.toContain('local backend') // Convex's first run never started
  }, 60_000)

  it('a secret in a VITE_ value stops it before Convex starts', async () => {
    const clone = freshClone()
    writeFileSync(join(clone.dir, '.env.local'), 'VITE_CLERK_PUBLISHABLE_KEY=sk_test_oops123456\n')
    const run = await runDev(clone.dir, { HOME: clone.home, ELECTRON_EXEC_PATH: clone.fakeElectron })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('VITE_CLERK_PUBLISHABLE_KEY (from an .env file) holds a Clerk secret key')
    expect(run.stderr).not.toContain('sk_test_oops123456')
    expect(run.stderr).not.toContain('local backend') // Convex's first run never started
  }, 60_000)
})

describe('npm run dev when every step can go on (stand-ins for Convex and electron-vite)', () => {
  let project: TempProject | null = null
  afterEach(() => project?.cleanup())

  // The electron-vite stand-in is a shell script: POSIX only.
  it.skipIf(process.platform === 'win32')(
    "Convex's first run writes .env.local, then convex dev and the app run together; one ending stops the other",
    async () => {
      project = tempProject({ 'package.json': '{"name":"p","private":true}' })
      installElectronBinary(project)
      const convex = installConvexCliStandIn(project)
      // electron-vite's stand-in: records the .env.local it found (what the app's build would read), then exits.
      project.write(
        'node_modules/.bin/electron-vite',
        `#!/bin/sh\ncat .env.local > app-saw-env.txt\necho "electron-vite stand-in: $*"\nsleep 1\n`,
      )
      const { chmodSync, readFileSync } = await import('node:fs')
      chmodSync(join(project.root, 'node_modules/.bin/electron-vite'), 0o755)
      const run = await runDev(project.root, { ...convex.env, HOME: project.root })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain('starts its local backend without an account')
      expect(run.stdout).toContain('electron-vite stand-in: dev')
      expect(readFileSync(join(project.root, 'app-saw-env.txt'), 'utf8')).toContain(
        'VITE_CONVEX_URL=http://127.0.0.1:3210',
      )
      expect(convex.calls().map((c) => c.join(' '))).toEqual(['dev --once', 'dev'])
      const state = JSON.parse(readFileSync(convex.env.CONVEX_STANDIN_STATE!, 'utf8')) as { events: string[] }
      expect(state.events).toEqual(['watching', 'stopped'])
    },
    60_000,
  )
})

describe("Harbor's words around Convex", () => {
  it('before the first run: nothing when a deployment is configured; the choice explained otherwise', () => {
    expect(convexFirstRunNote({ hasDeployment: true, interactive: false })).toBeNull()
    expect(convexFirstRunNote({ hasDeployment: false, interactive: true })).toContain(
      '"Start without an account"',
    )
    expect(convexFirstRunNote({ hasDeployment: false, interactive: false })).toContain(
      'npx convex dev --configure',
    )
  })

  it('a prompt with no terminal, an unreachable cloud deployment, anything else', () => {
    const prompt = explainConvexFailure(
      '✖ Cannot prompt for input in non-interactive terminals. (Welcome to Convex! Would you like to login to your account?)\n',
      1,
    )
    expect(prompt).toContain('("Welcome to Convex! Would you like to login to your account?")')
    expect(prompt).toContain('Run `npx convex dev` once in a terminal')
    expect(explainConvexFailure('✖ Error: fetch failed ENOTFOUND api.convex.dev', 1)).toContain(
      'could not reach its deployment',
    )
    expect(explainConvexFailure('something else', 3)).toContain('exit code 3')
  })
})
