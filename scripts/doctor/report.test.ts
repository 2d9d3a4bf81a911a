import { describe, expect, it } from 'vitest'
import { formatHuman, formatJson, summarize } from './report.ts'
import type { CheckResult } from './types.ts'

const result = (overrides: Partial<CheckResult>): CheckResult => ({
  id: 'x',
  group: 'local',
  title: 'A check',
  status: 'pass',
  detail: 'Fine.',
  fix: null,
  ...overrides,
})

const results: CheckResult[] = [
  result({ id: 'a', title: 'First', status: 'fail', detail: 'Missing.', fix: 'Do the first thing.' }),
  result({ id: 'b', title: 'Second', status: 'fail', detail: 'Also missing.', fix: 'Do the first thing.' }),
  result({ id: 'c', group: 'convex', title: 'Third', status: 'could-not-check', detail: 'Offline?' }),
  result({
    id: 'd',
    group: 'clerk',
    title: 'Fourth',
    status: 'skipped',
    detail: 'Needs a key.',
    fix: 'Set the key.',
  }),
  result({
    id: 'e',
    group: 'clerk',
    title: 'Fifth',
    status: 'skipped',
    detail: 'Needs a key.',
    fix: 'Set the key.',
  }),
  result({ id: 'f', group: 'clerk', title: 'Sixth' }),
]

describe('summarize', () => {
  it('counts statuses, is not ok with a failure and names the first fix', () => {
    expect(summarize(results)).toEqual({
      ok: false,
      counts: { pass: 1, fail: 2, 'could-not-check': 1, skipped: 2 },
      firstStep: 'Do the first thing.',
    })
  })

  it('is ok when nothing failed, even if something could not be checked', () => {
    expect(
      summarize([result({}), result({ status: 'could-not-check' }), result({ status: 'skipped' })]),
    ).toMatchObject({
      ok: true,
      firstStep: null,
    })
  })
})

describe('formatHuman', () => {
  it('groups checks, prints each fix once and ends with where to start', () => {
    const text = formatHuman(results, { color: false })
    expect(text).not.toContain('\x1b[')
    expect(text.indexOf('This machine (.env.local)')).toBeLessThan(text.indexOf('Convex deployment'))
    expect(text.indexOf('Convex deployment')).toBeLessThan(text.indexOf('Clerk instance'))
    expect(text).toContain('  FAIL  First\n        Missing.\n        Fix: Do the first thing.\n')
    expect(text).toContain('  FAIL  Second\n        Also missing.\n        Fix: the same as above.\n')
    expect(text.match(/Set the key\./g)).toHaveLength(1)
    expect(text).toContain('1 ok, 2 failed, 1 could not be checked, 2 skipped.')
    expect(text).toContain('not a failure')
    expect(text.trimEnd().endsWith('Start here:\n  Do the first thing.')).toBe(true)
  })

  it('uses colour only when asked (a TTY)', () => {
    expect(formatHuman(results, { color: true })).toContain('\x1b[31mFAIL\x1b[0m')
  })
})

describe('formatJson', () => {
  it('is parseable and holds every result', () => {
    const parsed = JSON.parse(formatJson(results))
    expect(parsed.ok).toBe(false)
    expect(parsed.checks).toEqual(results)
    expect(parsed.firstStep).toBe('Do the first thing.')
  })
})
