import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settleWithin } from './end-run.ts'

describe('settleWithin', () => {
  it('says whether the work finished, failed or ran past its deadline', async () => {
    expect(await settleWithin(async () => 'value', 1_000)).toEqual({ kind: 'done' })
    const error = new Error('server would not close')
    expect(
      await settleWithin(async () => {
        throw error
      }, 1_000),
    ).toEqual({ kind: 'failed', error })
    const started = Date.now()
    expect(await settleWithin(() => new Promise(() => {}), 100)).toEqual({ kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

// Each test starts a Node process; under a loaded CI machine that takes longer than a unit test's default 5 s.
describe('runThenExit, in a process of its own', { timeout: 15_000 }, () => {
  let dir: string
  let running: ChildProcess | null = null
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harbor-end-run-'))
  })
  afterEach(async () => {
    // A test that failed by timing out leaves its process behind otherwise.
    if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL')
    running = null
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs a script that imports end-run.ts; its exit code, output and how long it took. */
  async function run(body: string): Promise<{ code: number | null; output: string; ms: number }> {
    const script = join(dir, 'bench.ts')
    const endRun = pathToFileURL(join(import.meta.dirname, 'end-run.ts')).href
    await writeFile(script, `import { runThenExit } from ${JSON.stringify(endRun)}\n${body}\n`)
    const started = Date.now()
    const child = spawn(
      process.execPath,
      [
        '--experimental-strip-types',
        '--disable-warning=ExperimentalWarning',
        '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
        script,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    running = child
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const killer = setTimeout(() => child.kill('SIGKILL'), 12_000)
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    )
    clearTimeout(killer)
    return { code, output, ms: Date.now() - started }
  }

  it('ends a finished benchmark whose teardown waits forever on an open server, after its deadline, with 0', async () => {
    // A server with a client connected: close() waits for the connection, as a stand-in's did in CI.
    const result = await run(`
import { createServer, connect } from 'node:net'
const server = createServer(() => {})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const client = connect(server.address().port, '127.0.0.1')
await new Promise((resolve) => client.once('connect', resolve))
await runThenExit(
  async () => console.log('figures printed'),
  () => new Promise((resolve) => server.close(resolve)),
  { deadlineMs: 500 },
)
console.log('not reached')
`)
    expect(result.code).toBe(0)
    expect(result.output).toContain('figures printed')
    expect(result.output).toMatch(/teardown did not finish within 0\.5 s; ending anyway\. Still open: .*TCP/)
    expect(result.output).not.toContain('not reached')
    expect(result.ms).toBeLessThan(10_000)
  })

  it('exits with 1 and the error when the measurement failed, after its teardown ran', async () => {
    const result = await run(`
await runThenExit(
  async () => { throw new Error('Harbor never showed live data') },
  async () => console.log('torn down'),
)
`)
    expect(result.code).toBe(1)
    expect(result.output).toContain('Error: Harbor never showed live data')
    expect(result.output).toContain('torn down')
    expect(result.output).not.toContain('warning')
  })

  it('exits with 0 even when something it started (a timer here) would keep the process alive', async () => {
    const result = await run(`
setInterval(() => {}, 1_000)
await runThenExit(async () => console.log('figures printed'))
`)
    expect(result.code).toBe(0)
    expect(result.output).toBe('figures printed\n')
  })
})
