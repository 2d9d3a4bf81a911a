// Turns check results into what people and scripts read: a grouped list with fixes, or JSON.

import type { CheckGroup, CheckResult, CheckStatus } from './types.ts'

export interface Summary {
  ok: boolean
  counts: Record<CheckStatus, number>
  /** The fix of the first failing check: what a newcomer should do first. */
  firstStep: string | null
}

export function summarize(results: CheckResult[]): Summary {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, 'could-not-check': 0, skipped: 0 }
  for (const result of results) counts[result.status] += 1
  const firstFailure = results.find((r) => r.status === 'fail')
  return { ok: counts.fail === 0, counts, firstStep: firstFailure?.fix ?? null }
}

export function formatJson(results: CheckResult[]): string {
  return `${JSON.stringify({ ...summarize(results), checks: results }, null, 2)}\n`
}

const GROUP_TITLES: Record<CheckGroup, string> = {
  local: 'This machine (.env.local)',
  convex: 'Convex deployment',
  clerk: 'Clerk instance',
}

const LABELS: Record<CheckStatus, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  'could-not-check': '??  ',
  skipped: 'skip',
}

const COLORS: Record<CheckStatus, string> = { pass: '32', fail: '31', 'could-not-check': '33', skipped: '90' }

export function formatHuman(results: CheckResult[], options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text)
  const lines: string[] = ['Harbor doctor: checks the Clerk + Convex setup', '']
  // Several checks often share one cause (no .env.local, no secret key): print each fix once.
  const shownFixes = new Set<string>()
  for (const group of Object.keys(GROUP_TITLES) as CheckGroup[]) {
    const inGroup = results.filter((r) => r.group === group)
    if (inGroup.length === 0) continue
    lines.push(paint('1', GROUP_TITLES[group]))
    for (const result of inGroup) {
      lines.push(`  ${paint(COLORS[result.status], LABELS[result.status])}  ${result.title}`)
      lines.push(`        ${result.detail}`)
      if (result.fix && result.status !== 'pass') {
        if (!shownFixes.has(result.fix)) lines.push(`        ${paint('36', 'Fix:')} ${result.fix}`)
        else if (result.status === 'fail') lines.push(`        ${paint('36', 'Fix:')} the same as above.`)
        shownFixes.add(result.fix)
      }
    }
    lines.push('')
  }
  const { counts, firstStep } = summarize(results)
  lines.push(
    `${counts.pass} ok, ${counts.fail} failed, ${counts['could-not-check']} could not be checked, ${counts.skipped} skipped.`,
  )
  if (counts['could-not-check'] > 0)
    lines.push('"??" means the doctor could not tell (offline, or a manual step): not a failure.')
  if (firstStep) lines.push('', paint('1', 'Start here:'), `  ${firstStep}`)
  return `${lines.join('\n')}\n`
}
