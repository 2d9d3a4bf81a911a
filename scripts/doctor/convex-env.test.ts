import { describe, expect, it } from 'vitest'
import { interpretConvexEnvOutput, readConvexEnv, spawnCommand, type CommandOutcome } from './convex-env.ts'

const exited = (code: number, stdout: string, stderr = ''): CommandOutcome => ({
  kind: 'exited',
  code,
  stdout,
  stderr,
})

describe('interpretConvexEnvOutput', () => {
  it('parses the NAME=value lines `convex env list --include-values` prints, including quoted values', () => {
    const stdout = [
      'CLERK_JWT_ISSUER_DOMAIN=https://happy-otter-12.clerk.accounts.dev',
      'CLERK_WEBHOOK_SECRET=whsec_abc+/def=',
      "WITH_HASH='a#b'",
      "MULTI_LINE='one",
      "two'",
      'QUOTED="has \'single\' quotes"',
    ].join('\n')
    expect(interpretConvexEnvOutput(exited(0, stdout, '✔ Listing variables'), 1000)).toEqual({
      kind: 'ok',
      vars: {
        CLERK_JWT_ISSUER_DOMAIN: 'https://happy-otter-12.clerk.accounts.dev',
        CLERK_WEBHOOK_SECRET: 'whsec_abc+/def=',
        WITH_HASH: 'a#b',
        MULTI_LINE: 'one\ntwo',
        QUOTED: "has 'single' quotes",
      },
    })
  })

  it('reads "No environment variables set" (on stderr) as an empty list', () => {
    expect(interpretConvexEnvOutput(exited(0, '', 'No environment variables set.'), 1000)).toEqual({
      kind: 'ok',
      vars: {},
    })
  })

  it('reports a timeout as unreachable', () => {
    expect(interpretConvexEnvOutput({ kind: 'timeout' }, 30_000)).toEqual({
      kind: 'unreachable',
      reason: 'the Convex CLI did not answer within 30 s',
    })
  })

  it.each([
    'Error: fetch failed',
    'request to https://api.convex.dev failed, reason: getaddrinfo ENOTFOUND api.convex.dev',
    'connect ECONNREFUSED 127.0.0.1:3210',
  ])('reports %j as unreachable', (stderr) => {
    expect(interpretConvexEnvOutput(exited(1, '', stderr), 1000).kind).toBe('unreachable')
  })

  it('strips colours from the reason', () => {
    const result = interpretConvexEnvOutput(
      exited(1, '', '\x1b[31m✖\x1b[39m Something odd happened\nstack...'),
      1000,
    )
    expect(result).toEqual({
      kind: 'error',
      reason:
        '`npx --no-install convex env list --include-values` exited with code 1: Something odd happened',
    })
  })

  it('tells a logged-out CLI apart and gives the fix', () => {
    const result = interpretConvexEnvOutput(exited(1, '', 'Error: Unauthorized. Run npx convex login'), 1000)
    expect(result).toMatchObject({ kind: 'not-configured', fix: expect.stringContaining('npx convex login') })
  })

  it('reports a CLI that cannot start', () => {
    expect(interpretConvexEnvOutput({ kind: 'spawn-error', message: 'spawn npx ENOENT' }, 1000)).toEqual({
      kind: 'error',
      reason: 'could not run the Convex CLI: spawn npx ENOENT',
    })
  })
})

describe('readConvexEnv', () => {
  it('passes the folder and timeout to the runner', async () => {
    const seen: unknown[] = []
    const result = await readConvexEnv(
      async (command, args, options) => {
        seen.push({ command, args, options })
        return exited(0, 'A=1\n')
      },
      '/some/project',
      1234,
    )
    expect(result).toEqual({ kind: 'ok', vars: { A: '1' } })
    expect(seen).toEqual([
      {
        command: 'npx',
        args: ['--no-install', 'convex', 'env', 'list', '--include-values'],
        options: { cwd: '/some/project', timeoutMs: 1234 },
      },
    ])
  })
})

describe('spawnCommand', () => {
  it('collects stdout, stderr and the exit code of a real process', async () => {
    const outcome = await spawnCommand(
      process.execPath,
      ['-e', 'process.stdout.write("A=1\\n"); process.stderr.write("note"); process.exit(3)'],
      { cwd: process.cwd(), timeoutMs: 10_000 },
    )
    expect(outcome).toEqual({ kind: 'exited', code: 3, stdout: 'A=1\n', stderr: 'note' })
  })

  it('closes stdin so a prompt cannot wait for input', async () => {
    const outcome = await spawnCommand(
      process.execPath,
      [
        '-e',
        'let n = 0; process.stdin.on("data", d => n += d.length).on("end", () => console.log("eof", n))',
      ],
      { cwd: process.cwd(), timeoutMs: 10_000 },
    )
    expect(outcome).toMatchObject({ kind: 'exited', code: 0, stdout: 'eof 0\n' })
  })

  it('kills a command that does not finish in time', async () => {
    const started = Date.now()
    const outcome = await spawnCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      cwd: process.cwd(),
      timeoutMs: 300,
    })
    expect(outcome).toEqual({ kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('reports a missing command', async () => {
    // With its .exe so Windows also starts it without cmd.exe, which would answer "not recognized" instead.
    const outcome = await spawnCommand('doctor-no-such-command-xyz.exe', [], {
      cwd: process.cwd(),
      timeoutMs: 5_000,
    })
    expect(outcome).toMatchObject({ kind: 'spawn-error', message: expect.stringContaining('ENOENT') })
  })
})
