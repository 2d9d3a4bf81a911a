import { v } from 'convex/values'
import { internal } from './_generated/api'
import type { Id } from './_generated/dataModel'
import {
  action,
  internalAction,
  internalMutation,
  internalQuery,
  mutation,
  query,
  type ActionCtx,
} from './_generated/server'
import { requireAuth, requireAuthForMutation } from './lib/auth'
import { clerkBackendConfig, revokeClerkSession, type ClerkBackendConfig } from './lib/clerkBackend'
import {
  checkAppVersion,
  checkDeviceCustomName,
  checkDeviceId,
  checkDeviceName,
  MAX_DEVICES_PER_USER,
} from './lib/deviceInput'
import { applySignOutMark, sessionIdOf } from './lib/deviceSessions'
import { appError, isAppError, type AppErrorCode } from './lib/errors'
import { findUserByClerkId } from './lib/userSync'
import { platformValidator } from './schema'

const deviceValidator = v.object({
  _id: v.id('devices'),
  _creationTime: v.number(),
  deviceId: v.string(),
  /** What to call it: the name the user gave it, else the computer's own name. */
  name: v.string(),
  /** The computer's own name (hostname), as it last registered. */
  hostname: v.string(),
  /** The name the user gave it, or null when it goes by its hostname. */
  customName: v.union(v.string(), v.null()),
  platform: platformValidator,
  appVersion: v.string(),
  lastSeenAt: v.number(),
  /** Whether the server knows this device's Clerk session, i.e. whether it can be signed out from here. */
  sessionKnown: v.boolean(),
  /** Set once another device signed this one out. */
  signedOut: v.union(v.null(), v.object({ at: v.number(), byDeviceName: v.string() })),
})

/** What a device is called everywhere: the user's name for it, else its hostname. */
function displayName(device: { name: string; customName?: string }): string {
  return device.customName ?? device.name
}

/** A device signed out and not seen since for this long is deleted by the daily prune. */
export const SIGNED_OUT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000
const PRUNE_BATCH = 500
/** How many Clerk calls `signOutOtherDevices` has in flight at once (at most 50 devices, 8 s each). */
const REVOKE_CONCURRENCY = 4
const MARK_RETRY_BASE_MS = 1_000
const MARK_RETRY_MAX_MS = 10 * 60 * 1000

/**
 * Upserts the caller's device by its client-generated id, refreshes `lastSeenAt` and records the Clerk session
 * of the token (`sid`). A session that was signed out from another device cannot register again: only a real
 * new sign-in (a new session id) brings the device back.
 */
export const register = mutation({
  args: { deviceId: v.string(), name: v.string(), platform: platformValidator, appVersion: v.string() },
  returns: v.id('devices'),
  handler: async (ctx, args) => {
    const user = await requireAuthForMutation(ctx)
    const identity = await ctx.auth.getUserIdentity()
    const sessionId = identity ? sessionIdOf(identity) : undefined
    const deviceId = checkDeviceId(args.deviceId)
    const name = checkDeviceName(args.name)
    const appVersion = checkAppVersion(args.appVersion)
    const now = Date.now()

    const existing = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()

    // Rows holding this session: normally just `existing`; another one after a reinstall that kept the keychain
    // (a new device id, the same Clerk session). A revoked session is refused wherever it shows up.
    const sameSession =
      sessionId === undefined
        ? []
        : await ctx.db
            .query('devices')
            .withIndex('by_owner_and_session', (q) => q.eq('ownerId', user._id).eq('sessionId', sessionId))
            .take(MAX_DEVICES_PER_USER)
    const revoked =
      sameSession.some((row) => row.signedOutAt !== undefined) ||
      // Without a `sid` nothing proves a new sign-in, so a signed-out row stays signed out.
      (existing?.signedOutAt !== undefined && (sessionId === undefined || existing.sessionId === sessionId))
    if (revoked) {
      throw appError(
        'DEVICE_SIGNED_OUT',
        'This device was signed out from another device. Sign in again to use it.',
      )
    }
    for (const row of sameSession) {
      if (row._id !== existing?._id) await ctx.db.patch(row._id, { sessionId: undefined })
    }

    const fields = {
      name,
      platform: args.platform,
      appVersion,
      lastSeenAt: now,
      sessionId,
      signedOutAt: undefined,
      signedOutBy: undefined,
    }
    if (existing !== null) {
      await ctx.db.patch(existing._id, fields)
      return existing._id
    }

    const owned = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id))
      .take(MAX_DEVICES_PER_USER)
    if (owned.length >= MAX_DEVICES_PER_USER) {
      // A signed-out device gives its place up: the least recently seen one goes.
      const signedOut = owned
        .filter((row) => row.signedOutAt !== undefined)
        .sort((a, b) => a.lastSeenAt - b.lastSeenAt)[0]
      if (signedOut === undefined) {
        throw appError(
          'INVALID_ARGUMENT',
          `You already have ${MAX_DEVICES_PER_USER} devices. Remove one or sign one out before adding another.`,
        )
      }
      await ctx.db.delete(signedOut._id)
    }
    return await ctx.db.insert('devices', { ownerId: user._id, deviceId, ...fields })
  },
})

/** The caller's devices, most recently seen first. */
export const list = query({
  args: {},
  returns: v.array(deviceValidator),
  handler: async (ctx) => {
    const user = await requireAuth(ctx)
    const devices = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_last_seen', (q) => q.eq('ownerId', user._id))
      .order('desc')
      .take(MAX_DEVICES_PER_USER)
    return devices.map((device) => ({
      _id: device._id,
      _creationTime: device._creationTime,
      deviceId: device.deviceId,
      name: displayName(device),
      hostname: device.name,
      customName: device.customName ?? null,
      platform: device.platform,
      appVersion: device.appVersion,
      lastSeenAt: device.lastSeenAt,
      sessionKnown: device.sessionId !== undefined,
      signedOut:
        device.signedOutAt === undefined
          ? null
          : { at: device.signedOutAt, byDeviceName: device.signedOutBy?.name ?? 'another device' },
    }))
  },
})

/**
 * "Was this device signed out from another device?", watched by every running app for itself. It needs no
 * sign-in on purpose: a device whose session was revoked while it was offline comes back with a token nobody
 * accepts any more, and must still learn who signed it out and when. It answers only to the pair (Clerk user
 * id, device id); the device id is a random UUID known to that installation and to the account's own device
 * list. `sessionId` is the revoked session, so an app that has meanwhile signed in anew can ignore the notice.
 */
export const signOutNotice = query({
  args: { clerkUserId: v.string(), deviceId: v.string() },
  returns: v.union(
    v.null(),
    v.object({ sessionId: v.string(), signedOutAt: v.number(), byDeviceName: v.string() }),
  ),
  handler: async (ctx, args) => {
    const deviceId = checkDeviceId(args.deviceId)
    if (args.clerkUserId.length === 0 || args.clerkUserId.length > 128) {
      throw appError('INVALID_ARGUMENT', 'clerkUserId must be 1 to 128 characters.')
    }
    const user = await findUserByClerkId(ctx, args.clerkUserId)
    if (user === null) return null
    const device = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()
    if (device?.signedOutAt === undefined || device.sessionId === undefined) return null
    return {
      sessionId: device.sessionId,
      signedOutAt: device.signedOutAt,
      byDeviceName: device.signedOutBy?.name ?? 'another device',
    }
  },
})

/** Removes one of the caller's devices. Someone else's device is reported exactly like a missing one. */
export const remove = mutation({
  args: { deviceId: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    // No lazy sync here: a user without a row has no devices, so USER_NOT_SYNCED is the honest answer.
    const user = await requireAuth(ctx)
    const deviceId = checkDeviceId(args.deviceId)
    const device = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()
    if (device === null) throw appError('NOT_FOUND', 'No such device.')
    await ctx.db.delete(device._id)
    return null
  },
})

/**
 * Gives one of the caller's devices a name of the user's choosing (trimmed, 1 to DEVICE_CUSTOM_NAME_MAX
 * characters, no control characters: `parseDeviceCustomName`, which the renderer applies first). It is kept
 * apart from the hostname `register` sends, so the device's next start does not undo it. Refused:
 * INVALID_ARGUMENT, DEVICE_NOT_FOUND, DEVICE_NOT_YOURS (ids are random UUIDs, so saying so leaks nothing
 * useful, as in `signOutDevice`).
 */
export const rename = mutation({
  args: { deviceId: v.string(), name: v.string() },
  returns: v.object({ name: v.string() }),
  handler: async (ctx, args) => {
    // No lazy sync: a user without a row has no devices to rename, so USER_NOT_SYNCED is the honest answer.
    const user = await requireAuth(ctx)
    const deviceId = checkDeviceId(args.deviceId)
    const name = checkDeviceCustomName(args.name)
    const device = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()
    if (device === null) {
      const elsewhere = await ctx.db
        .query('devices')
        .withIndex('by_device_id', (q) => q.eq('deviceId', deviceId))
        .first()
      throw elsewhere
        ? appError('DEVICE_NOT_YOURS', 'That device belongs to another account.')
        : appError('DEVICE_NOT_FOUND', 'There is no such device. It may have been removed.')
    }
    // An unchanged name writes nothing, so every app's list query is not woken for it.
    if (device.customName !== name) await ctx.db.patch(device._id, { customName: name })
    return { name }
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Signing other devices out. The calling device is the one whose row holds the caller's token's `sid`: Clerk
// signs that claim, so it cannot be faked, whereas a device id the app passed would only be the app's word.

const targetValidator = v.object({
  deviceId: v.string(),
  name: v.string(),
  sessionId: v.union(v.string(), v.null()),
  signedOutAt: v.union(v.number(), v.null()),
})

const planValidator = v.union(
  v.object({ kind: v.literal('error'), code: v.string(), message: v.string() }),
  v.object({
    kind: v.literal('ok'),
    ownerId: v.id('users'),
    caller: v.object({ deviceId: v.optional(v.string()), name: v.string() }),
    targets: v.array(targetValidator),
  }),
)

type Target = typeof targetValidator.type
type Plan = Extract<typeof planValidator.type, { kind: 'ok' }>

function planError(code: AppErrorCode, message: string) {
  return { kind: 'error' as const, code, message }
}

/**
 * What a sign-out may touch, read in one transaction with the caller's identity: the device named (or, for
 * `deviceId: null`, every device but the caller's). Refusals come back as data, so their codes reach the
 * action intact.
 */
export const signOutPlan = internalQuery({
  args: { deviceId: v.union(v.string(), v.null()) },
  returns: planValidator,
  handler: async (ctx, args) => {
    let user
    try {
      user = await requireAuth(ctx)
    } catch (error) {
      if (isAppError(error)) return planError(error.data.code, error.data.message)
      throw error
    }
    const identity = await ctx.auth.getUserIdentity()
    const callerSession = identity ? sessionIdOf(identity) : undefined
    if (callerSession === undefined) {
      return planError(
        'DEVICE_SESSION_UNKNOWN',
        'Your sign-in token does not name its session, so the server cannot tell this device from the others.',
      )
    }
    const callerRow = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_session', (q) => q.eq('ownerId', user._id).eq('sessionId', callerSession))
      .first()
    const caller = callerRow
      ? { deviceId: callerRow.deviceId, name: displayName(callerRow) }
      : { name: 'another device' }
    const toTarget = (row: {
      deviceId: string
      name: string
      customName?: string
      sessionId?: string
      signedOutAt?: number
    }): Target => ({
      deviceId: row.deviceId,
      name: displayName(row),
      sessionId: row.sessionId ?? null,
      signedOutAt: row.signedOutAt ?? null,
    })
    const isCaller = (row: { deviceId: string; sessionId?: string }) =>
      row.sessionId === callerSession || row.deviceId === callerRow?.deviceId

    if (args.deviceId === null) {
      const rows = await ctx.db
        .query('devices')
        .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id))
        .take(MAX_DEVICES_PER_USER)
      return {
        kind: 'ok' as const,
        ownerId: user._id,
        caller,
        targets: rows.filter((r) => !isCaller(r)).map(toTarget),
      }
    }

    let deviceId: string
    try {
      deviceId = checkDeviceId(args.deviceId)
    } catch (error) {
      if (isAppError(error)) return planError(error.data.code, error.data.message)
      throw error
    }
    const row = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()
    if (row === null) {
      const elsewhere = await ctx.db
        .query('devices')
        .withIndex('by_device_id', (q) => q.eq('deviceId', deviceId))
        .first()
      return elsewhere
        ? planError('DEVICE_NOT_YOURS', 'That device belongs to another account.')
        : planError('DEVICE_NOT_FOUND', 'There is no such device. It may have been removed.')
    }
    if (isCaller(row)) {
      return planError(
        'DEVICE_IS_CURRENT',
        'That is the device you are using. Use Sign out in the account menu to sign it out.',
      )
    }
    return { kind: 'ok' as const, ownerId: user._id, caller, targets: [toTarget(row)] }
  },
})

const markValidator = v.object({
  ownerId: v.id('users'),
  sessionId: v.string(),
  signedOutAt: v.number(),
  by: v.object({ deviceId: v.optional(v.string()), name: v.string() }),
})

/** Records a revocation Clerk confirmed. Idempotent, so retrying it is always safe. */
export const markSignedOut = internalMutation({
  args: markValidator,
  returns: v.number(),
  handler: async (ctx, mark) => await applySignOutMark(ctx, mark),
})

/** Retries `markSignedOut` with capped backoff until it sticks: Clerk has already ended that session. */
export const retryMarkSignedOut = internalAction({
  args: { mark: markValidator, attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { mark, attempt }) => {
    try {
      await ctx.runMutation(internal.devices.markSignedOut, mark)
    } catch (error) {
      const delay = Math.min(MARK_RETRY_MAX_MS, MARK_RETRY_BASE_MS * 2 ** Math.min(attempt, 20))
      console.error(
        `Marking session ${mark.sessionId} signed out failed (attempt ${attempt}); retrying`,
        error,
      )
      await ctx.scheduler.runAfter(delay, internal.devices.retryMarkSignedOut, { mark, attempt: attempt + 1 })
    }
    return null
  },
})

type TargetOutcome =
  | { ok: true; outcome: 'signed-out' | 'already-signed-out'; signedOutAt: number }
  | { ok: false; code: AppErrorCode; message: string }

const FAILURE_MESSAGE = {
  timeout: 'The sign-in service did not answer in time. Nothing was changed; try again.',
  unreachable: 'The sign-in service could not be reached. Nothing was changed; try again.',
  refused: 'The sign-in service refused to end that session. Nothing was changed.',
} as const

async function signOutTarget(
  ctx: ActionCtx,
  plan: Plan,
  target: Target,
  config: ClerkBackendConfig | null,
): Promise<TargetOutcome> {
  if (target.signedOutAt !== null) {
    return { ok: true, outcome: 'already-signed-out', signedOutAt: target.signedOutAt }
  }
  if (target.sessionId === null) {
    return {
      ok: false,
      code: 'DEVICE_SESSION_UNKNOWN',
      message: `The server does not know which sign-in ${target.name} uses, so it cannot end it from here.`,
    }
  }
  if (config === null) {
    return {
      ok: false,
      code: 'SIGN_OUT_UNAVAILABLE',
      message: 'Signing other devices out is not set up on this server (CLERK_SECRET_KEY is missing).',
    }
  }
  const revoked = await revokeClerkSession(config, target.sessionId)
  if (!revoked.ok) {
    console.warn(`Clerk did not revoke session ${target.sessionId}: ${revoked.kind}, ${revoked.detail}`)
    return { ok: false, code: 'SIGN_OUT_FAILED', message: FAILURE_MESSAGE[revoked.kind] }
  }
  // Clerk has ended the session: from here on the mark must not be lost.
  const mark = {
    ownerId: plan.ownerId as Id<'users'>,
    sessionId: target.sessionId,
    signedOutAt: Date.now(),
    by: plan.caller,
  }
  try {
    await ctx.runMutation(internal.devices.markSignedOut, mark)
  } catch (error) {
    console.error(
      `Marking session ${mark.sessionId} signed out failed; retrying through the scheduler`,
      error,
    )
    await ctx.scheduler.runAfter(MARK_RETRY_BASE_MS, internal.devices.retryMarkSignedOut, {
      mark,
      attempt: 1,
    })
  }
  return { ok: true, outcome: 'signed-out', signedOutAt: mark.signedOutAt }
}

async function readPlan(ctx: ActionCtx, deviceId: string | null): Promise<Plan> {
  const plan = await ctx.runQuery(internal.devices.signOutPlan, { deviceId })
  if (plan.kind === 'error') throw appError(plan.code as AppErrorCode, plan.message)
  return plan
}

/**
 * Signs one of the caller's other devices out: revokes its Clerk session through Clerk's Backend API, then
 * marks the row (when, and by which device). If Clerk refuses or cannot be reached, nothing is marked and the
 * caller gets SIGN_OUT_FAILED. Refused: DEVICE_NOT_FOUND, DEVICE_NOT_YOURS, DEVICE_IS_CURRENT.
 */
export const signOutDevice = action({
  args: { deviceId: v.string() },
  returns: v.object({
    outcome: v.union(v.literal('signed-out'), v.literal('already-signed-out')),
    signedOutAt: v.number(),
  }),
  handler: async (ctx, args) => {
    const plan = await readPlan(ctx, args.deviceId)
    const [target] = plan.targets
    if (target === undefined) throw new Error('A sign-out plan for one device named no device.')
    const result = await signOutTarget(ctx, plan, target, clerkBackendConfig())
    if (!result.ok) throw appError(result.code, result.message)
    return { outcome: result.outcome, signedOutAt: result.signedOutAt }
  },
})

const resultValidator = v.object({
  deviceId: v.string(),
  name: v.string(),
  outcome: v.union(v.literal('signed-out'), v.literal('already-signed-out'), v.literal('failed')),
  error: v.optional(v.object({ code: v.string(), message: v.string() })),
})

/**
 * Signs out every device of the caller's but the calling one, a few Clerk calls at a time (at most
 * MAX_DEVICES_PER_USER devices). One device failing does not stop the others: each gets its own result.
 */
export const signOutOtherDevices = action({
  args: {},
  returns: v.object({ results: v.array(resultValidator) }),
  handler: async (ctx) => {
    const plan = await readPlan(ctx, null)
    const config = clerkBackendConfig()
    if (config === null && plan.targets.some((t) => t.signedOutAt === null && t.sessionId !== null)) {
      throw appError(
        'SIGN_OUT_UNAVAILABLE',
        'Signing other devices out is not set up on this server (CLERK_SECRET_KEY is missing).',
      )
    }
    const results: Array<typeof resultValidator.type> = []
    const queue = [...plan.targets]
    const worker = async () => {
      for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
        const outcome = await signOutTarget(ctx, plan, target, config)
        results.push(
          outcome.ok
            ? { deviceId: target.deviceId, name: target.name, outcome: outcome.outcome }
            : {
                deviceId: target.deviceId,
                name: target.name,
                outcome: 'failed',
                error: { code: outcome.code, message: outcome.message },
              },
        )
      }
    }
    await Promise.all(Array.from({ length: REVOKE_CONCURRENCY }, worker))
    const order = new Map(plan.targets.map((t, i) => [t.deviceId, i]))
    results.sort((a, b) => (order.get(a.deviceId) ?? 0) - (order.get(b.deviceId) ?? 0))
    return { results }
  },
})

/**
 * Deletes devices signed out and unseen for SIGNED_OUT_RETENTION_MS, in bounded batches (like the webhook
 * deliveries). A signed-out row cannot be seen again without a new sign-in (which clears the mark), so its
 * `lastSeenAt` is normally older than `signedOutAt`; both are checked anyway.
 */
export const prune = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const cutoff = Date.now() - SIGNED_OUT_RETENTION_MS
    const candidates = await ctx.db
      .query('devices')
      .withIndex('by_signed_out_at', (q) => q.gte('signedOutAt', 0).lt('signedOutAt', cutoff))
      .take(PRUNE_BATCH)
    let deleted = 0
    for (const device of candidates) {
      if (device.lastSeenAt >= cutoff) continue
      await ctx.db.delete(device._id)
      deleted++
    }
    // Only a batch of deletions asks for another: rows skipped above would otherwise make it loop.
    const more = deleted === PRUNE_BATCH
    if (more) await ctx.scheduler.runAfter(0, internal.devices.prune, {})
    return { deleted, more }
  },
})
