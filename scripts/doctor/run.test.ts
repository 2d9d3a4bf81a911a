// The runner's own guarantees: every check runs at once, each is bounded, results stream as they finish.

import { describe, expect, it } from 'vitest'
import type { CheckDefinition } from './context.ts'
import { runChecks } from './run.ts'
import { tempProject, testContext } from './testing/fixtures.ts'
import { pass } from './types.ts'

describe('runChecks', () => {
  it('a check that never answers ends as could-not-check at its bound; the others are reported as they finish', async () => {
    const project = tempProject()
    try {
      const ctx = testContext({ project, server: 'http://127.0.0.1:9' })
      const checks: CheckDefinition[] = [
        { id: 'hangs', group: 'local', title: 'Hangs', run: () => new Promise(() => undefined) },
        {
          id: 'slow',
          group: 'local',
          title: 'Slow',
          run: () => new Promise((r) => setTimeout(() => r(pass('late')), 100)),
        },
        { id: 'fast', group: 'local', title: 'Fast', run: () => pass('at once') },
        {
          id: 'throws',
          group: 'local',
          title: 'Throws',
          run: () => {
            throw new Error('bug')
          },
        },
      ]
      const order: string[] = []
      const started = Date.now()
      const results = await runChecks(ctx, checks, { timeoutMs: 400, onResult: (r) => order.push(r.id) })
      expect(Date.now() - started).toBeLessThan(1_500)
      expect(order).toEqual(['fast', 'throws', 'slow', 'hangs'])
      expect(results.map((r) => r.id)).toEqual(['hangs', 'slow', 'fast', 'throws']) // the checks' own order
      expect(results[0]).toMatchObject({
        status: 'could-not-check',
        detail: expect.stringContaining('No answer within'),
      })
      expect(results[3]).toMatchObject({
        status: 'could-not-check',
        detail: 'The doctor itself failed: bug.',
      })
    } finally {
      project.cleanup()
    }
  })
})
