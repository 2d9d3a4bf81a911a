import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NodeLogger } from 'electron-log'
import { afterEach, describe, expect, it } from 'vitest'
import { createPayloadParsers } from './ipc-payloads'
import { configureLogging } from './logging'
import { createRendererLog } from './renderer-log'

const parsers = createPayloadParsers({ parseLastKnownUser: () => ({ ok: false, reason: 'unused' }) })

let dir: string | null = null
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = null
})

describe('renderer log lines in main.log', () => {
  it('reach the file through the main logger, marked as the renderer’s and redacted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'renderer-log-'))
    const filePath = join(dir, 'main.log')
    // electron-log's Node build: the same transports as electron-log/main, without Electron.
    const electronLog = createRequire(import.meta.url)('electron-log/node') as NodeLogger
    const log = electronLog.create({ logId: `renderer-log-${Date.now()}` }) as NodeLogger
    configureLogging(log, { filePath, isDevelopment: false })
    log.transports.console.level = false
    const write = createRendererLog({ log })
    write({ level: 'error', message: 'Convex query failed for https://x.convex.cloud/api?token=SECRET42' })
    write({ level: 'warn', message: 'slow first paint' })
    const text = await readFile(filePath, 'utf8')
    expect(text).toMatch(
      /\[error\] \[renderer\] Convex query failed for https:\/\/x\.convex\.cloud\/api\?<redacted>/,
    )
    expect(text).toMatch(/\[warn\]\s+\[renderer\] slow first paint/)
    expect(text).not.toContain('SECRET42')
  })

  it('drops lines beyond the budget and says how many, once the window passes', () => {
    let clock = 0
    const lines: string[] = []
    const sink = {
      error: (m: string) => lines.push(`error ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
    }
    const write = createRendererLog({ log: sink, now: () => clock, budget: { entries: 3, perMs: 1000 } })
    for (let i = 0; i < 10; i++) write({ level: 'error', message: `loop ${i}` })
    expect(lines).toEqual(['error [renderer] loop 0', 'error [renderer] loop 1', 'error [renderer] loop 2'])
    clock = 1000
    write({ level: 'info', message: 'after' })
    expect(lines.slice(3)).toEqual([
      'warn [renderer] 7 more log lines were dropped (too many at once)',
      'info [renderer] after',
    ])
  })
})

describe('log:write payloads', () => {
  it.each([
    [[]],
    [[null]],
    [['just a string']],
    [[{ level: 'debug', message: 'x' }]],
    [[{ level: 'error' }]],
    [[{ level: 'error', message: 42 }]],
    [[{ level: 'error', message: 'x'.repeat(8193) }]],
    [[{ level: 'error', message: 'x', extra: true }]],
    [[{ level: 'error', message: 'x' }, 'second']],
  ])('refuses %j', (args) => {
    expect(parsers['log:write'](args).ok).toBe(false)
  })

  it('accepts a level and a message', () => {
    expect(parsers['log:write']([{ level: 'warn', message: 'hello' }])).toEqual({
      ok: true,
      args: [{ level: 'warn', message: 'hello' }],
    })
  })
})
