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
  machine: 'This machine (Node, Electron)',
  local: 'This machine (.env.local)',
  convex: 'Convex deployment',
  clerk: 'Clerk instance',
}

/** Short names for the streamed output, where checks arrive in finishing order. */
const GROUP_TAGS: Record<CheckGroup, string> = {
  machine: 'machine',
  local: '.env.local',
  convex: 'convex',
  clerk: 'clerk',
}

const LABELS: Record<CheckStatus, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  'could-not-check': '??  ',
  skipped: 'skip',
}

const COLORS: Record<CheckStatus, string> = { pass: '32', fail: '31', 'could-not-check': '33', skipped: '90' }

type Paint = (code: string, text: string) => string
const painter =
  (color: boolean): Paint =>
  (code, text) =>
    color ? `\x1b[${code}m${text}\x1b[0m` : text

export const DOCTOR_HEADER = 'Harbor doctor: checks the Clerk + Convex setup'

/** One check's lines. Several checks often share one cause (no .env.local, no secret key): each fix once. */
function resultLines(result: CheckResult, shownFixes: Set<string>, paint: Paint, suffix = ''): string[] {
  const lines = [`  ${paint(COLORS[result.status], LABELS[result.status])}  ${result.title}${suffix}`]
  lines.push(`        ${result.detail}`)
  if (result.fix && result.status !== 'pass') {
    if (!shownFixes.has(result.fix)) lines.push(`        ${paint('36', 'Fix:')} ${result.fix}`)
    else if (result.status === 'fail') lines.push(`        ${paint('36', 'Fix:')} the same as above.`)
    shownFixes.add(result.fix)
  }
  return lines
}

/** Prints each check the moment it finishes, tagged with its group, and how long it took when that was slow. */
export function createProgressPrinter(options: { color: boolean; write: (text: string) => void }) {
  const paint = painter(options.color)
  const shownFixes = new Set<string>()
  return (result: CheckResult, elapsedMs: number) => {
    const slow = elapsedMs >= 1000 ? paint('90', ` (${(elapsedMs / 1000).toFixed(1)} s)`) : ''
    const tag = paint('90', ` [${GROUP_TAGS[result.group]}]`)
    options.write(`${resultLines(result, shownFixes, paint, `${tag}${slow}`).join('\n')}\n`)
  }
}

export function formatSummary(
  results: CheckResult[],
  options: { color: boolean; elapsedMs?: number },
): string {
  const paint = painter(options.color)
  const { counts, firstStep } = summarize(results)
  const took = options.elapsedMs === undefined ? '' : ` (${(options.elapsedMs / 1000).toFixed(1)} s)`
  const lines = [
    `${counts.pass} ok, ${counts.fail} failed, ${counts['could-not-check']} could not be checked, ${counts.skipped} skipped${took}.`,
  ]
  if (counts['could-not-check'] > 0)
    lines.push('"??" means the doctor could not tell (offline, or a manual step): not a failure.')
  if (firstStep) lines.push('', paint('1', 'Start here:'), `  ${firstStep}`)
  return `${lines.join('\n')}\n`
}

/** The whole report at once, grouped. */
export function formatHuman(results: CheckResult[], options: { color: boolean }): string {
  const paint = painter(options.color)
  const lines: string[] = [DOCTOR_HEADER, '']
  const shownFixes = new Set<string>()
  for (const group of Object.keys(GROUP_TITLES) as CheckGroup[]) {
    const inGroup = results.filter((r) => r.group === group)
    if (inGroup.length === 0) continue
    lines.push(paint('1', GROUP_TITLES[group]))
    for (const result of inGroup) lines.push(...resultLines(result, shownFixes, paint))
    lines.push('')
  }
  return `${lines.join('\n')}\n${formatSummary(results, options)}`
}
