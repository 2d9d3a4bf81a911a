import { describe, expect, test } from 'vitest'
import type { MutationCtx } from '../_generated/server'
import { ALICE, dumpTables, expectAppError, newBackend } from '../test.setup'
import { getCurrentUser, requireAuth, requireAuthForMutation } from './auth'

/**
 * Wraps ctx.db so every read is recorded with the index it used: `requireAuth` promises exactly one indexed
 * read, and a regression to a scan (or a second lookup) should fail here rather than in the bill.
 */
function recordReads(ctx: MutationCtx) {
  const reads: string[] = []
  // Follows the query builder chain (query -> withIndex -> unique) and records each step.
  const trace = <T extends object>(target: T, table: string): T =>
    new Proxy(target, {
      get(object, method, receiver) {
        const value: unknown = Reflect.get(object, method, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          reads.push(method === 'withIndex' ? `${table}.${String(args[0])}` : `${table}:${String(method)}`)
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args)
          const chainable = typeof result === 'object' && result !== null && !(result instanceof Promise)
          return chainable ? trace(result, table) : result
        }
      },
    })
  const db = new Proxy(ctx.db, {
    get(target, property, receiver) {
      if (property === 'get') {
        return (...args: unknown[]) => {
          reads.push('get')
          return (target.get as (...a: unknown[]) => unknown)(...args)
        }
      }
      if (property === 'query') return (table: 'users') => trace(target.query(table), table)
      return Reflect.get(target, property, receiver) as unknown
    },
  })
  return { ctx: { ...ctx, db } as MutationCtx, reads }
}

async function insertAlice(t: ReturnType<typeof newBackend>, deletedAt?: number) {
  await t.run((ctx) =>
    ctx.db.insert('users', {
      clerkUserId: ALICE.subject,
      tokenIdentifier: ALICE.tokenIdentifier,
      name: 'Ada',
      clerkUpdatedAt: 1,
      lastSyncedAt: 1,
      lastSyncSource: 'jwt',
      ...(deletedAt === undefined ? {} : { deletedAt }),
    }),
  )
}

describe('requireAuth', () => {
  test('returns the full user document with exactly one read, on the by_clerk_id index', async () => {
    const t = newBackend()
    await insertAlice(t)
    await t.withIdentity(ALICE).run(async (raw) => {
      const { ctx, reads } = recordReads(raw)
      const user = await requireAuth(ctx)
      expect(user).toMatchObject({ clerkUserId: 'user_alice', name: 'Ada', _id: expect.any(String) })
      expect(reads).toEqual(['users.by_clerk_id', 'users:unique'])
    })
  })

  test('no identity -> UNAUTHENTICATED without touching the database', async () => {
    const t = newBackend()
    await t.run(async (raw) => {
      const { ctx, reads } = recordReads(raw)
      await expectAppError(requireAuth(ctx), 'UNAUTHENTICATED')
      expect(reads).toEqual([])
    })
  })

  test('identity without a row -> USER_NOT_SYNCED', async () => {
    const t = newBackend()
    await t.withIdentity(ALICE).run(async (ctx) => {
      await expectAppError(requireAuth(ctx), 'USER_NOT_SYNCED')
    })
  })

  test('tombstoned row -> USER_DELETED', async () => {
    const t = newBackend()
    await insertAlice(t, 123)
    await t.withIdentity(ALICE).run(async (ctx) => {
      await expectAppError(requireAuth(ctx), 'USER_DELETED')
    })
  })
})

describe('getCurrentUser never throws', () => {
  test.each([
    ['unauthenticated', false, undefined],
    ['not-synced', true, undefined],
    ['deleted', true, 123],
    ['active', true, null],
  ] as const)('%s', async (status, withIdentity, deletedAt) => {
    const t = newBackend()
    if (deletedAt !== undefined) await insertAlice(t, deletedAt ?? undefined)
    const accessor = withIdentity ? t.withIdentity(ALICE) : t
    await accessor.run(async (ctx) => {
      expect((await getCurrentUser(ctx)).status).toBe(status)
    })
  })
})

describe('requireAuthForMutation', () => {
  test('creates the missing row from the claims, then behaves like requireAuth', async () => {
    const t = newBackend()
    await t.withIdentity({ ...ALICE, email: 'ada@example.com' }).run(async (ctx) => {
      const user = await requireAuthForMutation(ctx)
      expect(user).toMatchObject({
        clerkUserId: 'user_alice',
        email: 'ada@example.com',
        lastSyncSource: 'jwt',
      })
      expect((await requireAuthForMutation(ctx))._id).toBe(user._id)
    })
    expect((await dumpTables(t)).users).toHaveLength(1)
  })

  test('does not recreate a tombstoned user', async () => {
    const t = newBackend()
    await insertAlice(t, 123)
    await t.withIdentity(ALICE).run(async (ctx) => {
      await expectAppError(requireAuthForMutation(ctx), 'USER_DELETED')
    })
    expect((await dumpTables(t)).users).toHaveLength(1)
  })
})
