import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NodeLogger } from 'electron-log'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureLogging, redactLogText } from './logging'

describe('redactLogText', () => {
  it.each([
    ['Opening harbor://renderer/?rotating_token_nonce=abc123', 'Opening harbor://renderer/?<redacted>'],
    [
      'GET https://clerk.example.com/v1/client?_is_native=1&__clerk_api_version=2025 failed',
      'GET https://clerk.example.com/v1/client?<redacted> failed',
    ],
    ['token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl end', 'token <jwt redacted> end'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: <redacted>'],
    ['sent Bearer abcdef123', 'sent Bearer <redacted>'],
    ['{"client_jwt":"abc","name":"x"}', '{"client_jwt":"<redacted>","name":"x"}'],
    ['password=hunter2 user=bob', 'password=<redacted> user=bob'],
    ['key sk_live_abcdef123', 'key sk_live_<redacted>'],
    ['plain message without secrets', 'plain message without secrets'],
  ])('%j -> %j', (input, output) => {
    expect(redactLogText(input)).toBe(output)
  })
})

describe('configureLogging with electron-log', () => {
  let dir: string
  let log: NodeLogger

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logging-'))
    // electron-log's Node build: same transports and rotation as electron-log/main, without Electron.
    const electronLog = createRequire(import.meta.url)('electron-log/node') as NodeLogger
    log = electronLog.create({ logId: `test-${Date.now()}-${Math.random()}` }) as NodeLogger
    log.transports.console.level = false
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes redacted messages to the file', async () => {
    const filePath = join(dir, 'main.log')
    configureLogging(log, { filePath, isDevelopment: false })
    log.transports.console.level = false
    log.info('link harbor://renderer/?code=SECRET1', { token: 'SECRET2' })
    log.warn(new Error('failed with Bearer SECRET3'))
    const text = await readFile(filePath, 'utf8')
    expect(text).toContain('link harbor://renderer/?<redacted>')
    expect(text).not.toMatch(/SECRET[123]/)
  })

  it('rotates the file when it exceeds the size cap, keeping one old file', async () => {
    const filePath = join(dir, 'main.log')
    configureLogging(log, { filePath, isDevelopment: false, maxBytes: 2000 })
    log.transports.console.level = false
    for (let i = 0; i < 100; i += 1) log.info(`line ${i} ${'x'.repeat(50)}`)
    const files = (await readdir(dir)).sort()
    expect(files).toEqual(['main.log', 'main.old.log'])
    expect((await readFile(filePath, 'utf8')).length).toBeLessThanOrEqual(2200)
  })
})
