import { describe, expect, it } from 'vitest'
import { buildCrashReport } from './crash-report'

const app = {
  productName: 'Harbor',
  version: '1.4.0',
  scheme: 'harbor',
  rendererOrigin: 'harbor://renderer',
  isPackaged: true,
  platform: 'macos' as const,
}

describe('buildCrashReport', () => {
  it('says what stopped, when and why', () => {
    const report = buildCrashReport({
      generatedAt: Date.UTC(2026, 11, 1, 9, 0, 0),
      app,
      notice: { kind: 'crashed-again', reason: 'oom (exit code 0)', at: Date.UTC(2026, 11, 1, 8, 59, 0) },
      error: null,
      userAgent: 'Harbor/1.4.0',
    })
    expect(report).toContain('app: Harbor 1.4.0 (macos, packaged)')
    expect(report).toContain('renderer process: stopped again after a restart')
    expect(report).toContain('reason: oom (exit code 0)')
    expect(report).toContain('at: 2026-12-01T08:59:00.000Z')
  })

  it('never carries a token, even one quoted inside an error message or stack', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    const report = buildCrashReport({
      generatedAt: 0,
      app: null,
      notice: null,
      error: {
        message: `fetch failed for https://clerk.example.com/v1/client?__clerk_db_jwt=${jwt}`,
        stack: `Error: boom\n    at load (harbor://renderer/assets/index.js?token=${jwt}:1:2)`,
      },
      userAgent: 'Harbor/1.4.0',
    })
    expect(report).not.toContain(jwt)
    expect(report).toContain('app: unknown')
  })
})
