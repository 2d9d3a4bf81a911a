// axe-core on every screen and state of the shipped app (scripts/screenshot/states.ts: the same journeys the
// screenshots take, on the full-stack harness), in light and dark: 0 violations of any impact. The violations
// are listed one per line (state, theme, rule, impact, element) so a failure says what to fix where.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { present, SIZES, stateGroups, STATES, THEMES, visitStates } from '../../scripts/screenshot/states'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeNode {
  target: unknown[]
  html: string
  failureSummary?: string
}
interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: AxeNode[]
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a
  // <script> tag would be refused by it, rightly).
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE)
  return (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    })))`,
  )) as AxeViolation[]
}

function describe(state: string, theme: string, violation: AxeViolation): string[] {
  return violation.nodes.map((node) => {
    const summary = (node.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()
    return `${state} [${theme}] ${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}\n    at ${node.target.join(' > ')}  ${node.html.slice(0, 120)}${summary ? `\n    ${summary}` : ''}`
  })
}

for (const group of stateGroups()) {
  test(`axe finds nothing on: ${group.states.join(', ')}`, async () => {
    const found: string[] = []
    const violations: string[] = []
    const outcomes = await visitStates({
      only: group.states,
      async capture(state, page, stillShown) {
        found.push(state.id)
        for (const theme of THEMES) {
          await present(page, theme, (state.sizes ?? SIZES)[0]!)
          const seen = await axeViolations(page)
          // What axe saw in a state that ended meanwhile belongs to whatever came next: not counted here.
          if (!(await stillShown())) {
            console.log(`${state.id} [${theme}]: the state ended during the check; not counted`)
            continue
          }
          for (const violation of seen) violations.push(...describe(state.id, theme, violation))
        }
      },
    })
    if (violations.length > 0) console.log(`axe violations:\n${violations.join('\n')}`)
    // Every state is there to be checked (one too brief to catch reliably excepted).
    const missing = outcomes
      .filter((outcome) => outcome.status === 'not-found' && !outcome.state.fleeting)
      .map((outcome) => `${outcome.state.id}: ${outcome.detail}`)
    expect.soft(missing, `states not shown:\n${missing.join('\n')}`).toEqual([])
    expect(violations, `axe violations:\n${violations.join('\n')}`).toEqual([])
    expect(found.length).toBeGreaterThan(0)
  }, 240_000)
}

test('the state catalogue names each state once', () => {
  const ids = STATES.map((state) => state.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(
    stateGroups()
      .flatMap((group) => group.states)
      .sort(),
  ).toEqual([...ids].sort())
})
