// The checks added for a fresh clone (Node's version, Electron's binary) and for device sign-out (the Clerk
// secret key on the Convex deployment).

import { existsSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  GOOD_SECRET,
  convexEnvOutput,
  fakeConvexCli,
  healthyEnvLocal,
  installElectronBinary,
  tempProject,
  testContext,
  type TempProject,
} from '../testing/fixtures.ts'
import { checkDeploymentSecretKey } from './convex-checks.ts'
import { checkElectronBinary, checkNodeVersion, readMachineFacts } from './machine-checks.ts'

let project: TempProject
afterEach(() => project?.cleanup())

const SERVER = 'http://127.0.0.1:9' // never contacted by these checks

describe('machine checks', () => {
  it('reads the real project: this machine runs Node 24+', () => {
    const facts = readMachineFacts(process.cwd(), process.env)
    expect(facts.engines).toBe('>=24')
    project = tempProject()
    const ctx = testContext({ project, server: SERVER, machine: facts })
    expect(checkNodeVersion(ctx).status).toBe('pass')
  })

  it('fails on an older Node with the one-line reason', () => {
    project = tempProject()
    const ctx = testContext({
      project,
      server: SERVER,
      machine: {
        nodeVersion: '20.20.2',
        nodeExecPath: '/usr/bin/node',
        engines: '>=24',
        electron: { kind: 'missing', reason: 'x' },
      },
    })
    const verdict = checkNodeVersion(ctx)
    expect(verdict).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^Harbor needs Node\.js 24 or newer; this is Node 20\.20\.2/),
    })
  })

  it("Electron's binary: missing in a project without it, found once the installer's files are there", () => {
    project = tempProject({ 'package.json': '{"name":"p"}' })
    const none = readMachineFacts(project.root, {})
    expect(checkElectronBinary(testContext({ project, server: SERVER, machine: none }))).toMatchObject({
      status: 'fail',
      fix: 'Run `npm install`.',
    })
    const binary = installElectronBinary(project)
    const fake = readMachineFacts(project.root, {})
    expect(existsSync(binary)).toBe(true)
    expect(checkElectronBinary(testContext({ project, server: SERVER, machine: fake }))).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining(binary),
    })
  })

  it('a path.txt naming a binary that is not there is a failure with `npx install-electron`', () => {
    project = tempProject({ 'package.json': '{"name":"p"}' })
    const binary = installElectronBinary(project)
    rmSync(binary)
    const verdict = checkElectronBinary(
      testContext({ project, server: SERVER, machine: readMachineFacts(project.root, {}) }),
    )
    expect(verdict.status).toBe('fail')
    expect(verdict.fix).toContain('npx install-electron')
    expect(verdict.fix).toContain('ELECTRON_MIRROR')
  })
})

describe('CLERK_SECRET_KEY on the Convex deployment', () => {
  const run = (vars: Record<string, string>, environment: Record<string, string> = {}) => {
    project = tempProject({ '.env.local': healthyEnvLocal() })
    return checkDeploymentSecretKey(
      testContext({ project, server: SERVER, cli: fakeConvexCli(convexEnvOutput(vars)), environment }),
    )
  }

  it('missing: fails and points at npm run setup', async () => {
    const verdict = await run({})
    expect(verdict.status).toBe('fail')
    expect(verdict.fix).toContain('npm run setup')
  })

  it('present and the same as the key given: passes without printing it', async () => {
    const verdict = await run({ CLERK_SECRET_KEY: GOOD_SECRET }, { CLERK_SECRET_KEY: GOOD_SECRET })
    expect(verdict.status).toBe('pass')
    expect(JSON.stringify(verdict)).not.toContain(GOOD_SECRET)
  })

  it('a live key with a test publishable key, or a different key than the one given: fails, never prints', async () => {
    const live = await run({ CLERK_SECRET_KEY: 'sk_live_abc123' })
    expect(live).toMatchObject({ status: 'fail', detail: expect.stringContaining('live key but') })
    const other = await run({ CLERK_SECRET_KEY: 'sk_test_other999' }, { CLERK_SECRET_KEY: GOOD_SECRET })
    expect(other).toMatchObject({ status: 'fail', detail: expect.stringContaining('one of them is old') })
    expect(JSON.stringify([live, other])).not.toMatch(/sk_(test|live)_[a-z0-9]/)
  })
})
