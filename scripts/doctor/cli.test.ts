// Runs the real command the way `npm run doctor` does (Node's type stripping, no build step) in temp folders.

import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  GOOD_SECRET,
  fakeClerkAndConvex,
  healthyClerk,
  installConvexCliStandIn,
  installElectronBinary,
  startServer,
  tempProject,
  type FakeServer,
  type TempProject,
} from './testing/fixtures.ts'

const CLI = join(import.meta.dirname, 'cli.ts')

interface Run {
  code: number
  stdout: string
  stderr: string
}

function runDoctor(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  // A clean environment: the developer's own CLERK_/VITE_/CONVEX_ variables must not leak into the test.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CLERK_|VITE_|CONVEX_|MAIN_VITE_)/.test(name)),
  )
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', CLI, ...args],
      { cwd, env: { ...base, NO_COLOR: '1', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

let project: TempProject
afterEach(() => project?.cleanup())

describe('npm run doctor on a fresh clone (empty folder)', () => {
  it('exits 1 and tells the newcomer to start with `npm run dev`', async () => {
    project = tempProject()
    installElectronBinary(project)
    const run = await runDoctor(project.root)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('FAIL  .env.local exists')
    expect(run.stdout).toMatch(/Start here:\n {2}Run `npm run dev` in the project folder/)
    expect(run.stdout).not.toContain('\x1b[')
  })

  it('`npm run doctor --json` (npm keeps the flag: npm_config_json) prints JSON too', async () => {
    project = tempProject()
    installElectronBinary(project)
    const run = await runDoctor(project.root, [], { npm_config_json: 'true' })
    expect(JSON.parse(run.stdout).ok).toBe(false)
  })

  it('prints the same verdicts as JSON with --json', async () => {
    project = tempProject()
    installElectronBinary(project)
    const run = await runDoctor(project.root, ['--json'])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.ok).toBe(false)
    expect(report.firstStep).toMatch(/^Run `npm run dev`/)
    const byId = Object.fromEntries(
      report.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    )
    expect(byId).toMatchObject({
      'env-file': 'fail',
      'convex-url': 'fail',
      'publishable-key': 'fail',
      'convex-env': 'skipped',
      'clerk-secret-key': 'skipped',
      'clerk-native-api': 'skipped',
    })
    for (const check of report.checks) {
      expect(['pass', 'fail', 'could-not-check', 'skipped']).toContain(check.status)
      expect(typeof check.detail).toBe('string')
    }
  })
})

describe('npm run doctor against a configured folder', () => {
  let server: FakeServer
  const state = healthyClerk()
  beforeAll(async () => {
    server = await startServer(fakeClerkAndConvex(state))
  })
  afterAll(() => server.close())

  // A local backend keeps every request on this machine; the Frontend API host is reserved (.invalid) so the
  // Native API check can only end as could-not-check, never as a failure.
  const envLocal = [
    'VITE_CONVEX_URL=http://127.0.0.1:3210',
    `VITE_CLERK_PUBLISHABLE_KEY=pk_test_${Buffer.from('clerk.doctor-test.invalid$').toString('base64')}`,
  ].join('\n')

  it('exits 0 when nothing fails, reading the Clerk Backend API from CLERK_API_URL', async () => {
    project = tempProject({ '.env.local': envLocal })
    installElectronBinary(project)
    state.domains = ['https://clerk.doctor-test.invalid']
    const run = await runDoctor(project.root, ['--json'], {
      CLERK_SECRET_KEY: GOOD_SECRET,
      CLERK_API_URL: `${server.url}/v1`,
    })
    const report = JSON.parse(run.stdout)
    const failures = report.checks.filter((c: { status: string }) => c.status === 'fail')
    expect(failures).toEqual([])
    expect(run.code).toBe(0)
    const byId = Object.fromEntries(
      report.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    )
    expect(byId).toMatchObject({
      'clerk-secret-key': 'pass',
      'clerk-jwt-template': 'pass',
      'clerk-native-api': 'could-not-check',
    })
    // A machine without DNS may wait for the 10 s request timeout on the .invalid host.
  }, 30_000)

  it('exits 1 when Clerk rejects the secret key', async () => {
    project = tempProject({ '.env.local': envLocal })
    const run = await runDoctor(project.root, [], {
      CLERK_SECRET_KEY: 'sk_test_wrong',
      CLERK_API_URL: `${server.url}/v1`,
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('FAIL  CLERK_SECRET_KEY works')
    expect(run.stdout).toContain('Clerk refused CLERK_SECRET_KEY (HTTP 401')
  }, 30_000)
})

describe('npm run doctor offline: progress as each check finishes, done within 10 s', () => {
  it('a Clerk API that never answers and a Convex CLI that hangs still end within 10 s, streamed', async () => {
    // Worse than offline: connections are accepted and never answered, so only the doctor's bounds end them.
    const silent = await startServer(() => undefined)
    project = tempProject({
      '.env.local': [
        'CONVEX_DEPLOYMENT=dev:happy-animal-123',
        'VITE_CONVEX_URL=http://127.0.0.1:9',
        `VITE_CLERK_PUBLISHABLE_KEY=pk_test_${Buffer.from('clerk.doctor-test.invalid$').toString('base64')}`,
      ].join('\n'),
    })
    installElectronBinary(project)
    const cli = installConvexCliStandIn(project, { mode: 'hang' })
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(CLERK_|VITE_|CONVEX_|MAIN_VITE_)/.test(name)),
    )
    const started = Date.now()
    const chunks: { at: number; text: string }[] = []
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', CLI], {
        cwd: project.root,
        env: {
          ...base,
          ...cli.env,
          NO_COLOR: '1',
          CLERK_SECRET_KEY: GOOD_SECRET,
          CLERK_API_URL: `${silent.url}/v1`,
        },
      })
      child.stdout
        .setEncoding('utf8')
        .on('data', (text: string) => chunks.push({ at: Date.now() - started, text }))
      child.on('close', (c) => resolve(c ?? -1))
    })
    const elapsed = Date.now() - started
    await silent.close()
    const stdout = chunks.map((c) => c.text).join('')
    expect(elapsed).toBeLessThan(10_500)
    // The machine and .env.local checks print at once, long before the slow ones end.
    const firstCheck = chunks.find((c) => /\b(ok|FAIL|\?\?|skip) {2}/.test(c.text))
    expect(firstCheck?.at).toBeLessThan(3_000)
    expect(stdout).toMatch(/ok {4}Node\.js version \[machine\]/)
    expect(stdout).toContain('the Convex CLI did not answer within 8 s')
    expect(stdout).toMatch(/Could not reach Clerk's Backend API \(offline\?\): no answer within 7 s/)
    expect(stdout).toMatch(/\d+ ok, \d+ failed, \d+ could not be checked, \d+ skipped \(\d+\.\d s\)\./)
    expect(code).toBe(0) // nothing is wrong that the doctor could see
  }, 30_000)
})

describe('usage', () => {
  it('exits 2 for an unknown option and 0 for --help', async () => {
    project = tempProject()
    const bad = await runDoctor(project.root, ['--jsn'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Unknown option: --jsn')
    const help = await runDoctor(project.root, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: npm run doctor')
  })
})
