import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { requireAuth, requireAuthForMutation } from './lib/auth'
import { checkAppVersion, checkDeviceId, checkDeviceName, MAX_DEVICES_PER_USER } from './lib/deviceInput'
import { appError } from './lib/errors'
import { platformValidator } from './schema'

const deviceValidator = v.object({
  _id: v.id('devices'),
  _creationTime: v.number(),
  deviceId: v.string(),
  name: v.string(),
  platform: platformValidator,
  appVersion: v.string(),
  lastSeenAt: v.number(),
})

/** Upserts the caller's device by its client-generated id and refreshes `lastSeenAt`. */
export const register = mutation({
  args: { deviceId: v.string(), name: v.string(), platform: platformValidator, appVersion: v.string() },
  returns: v.id('devices'),
  handler: async (ctx, args) => {
    const user = await requireAuthForMutation(ctx)
    const deviceId = checkDeviceId(args.deviceId)
    const name = checkDeviceName(args.name)
    const appVersion = checkAppVersion(args.appVersion)
    const now = Date.now()

    const existing = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id).eq('deviceId', deviceId))
      .unique()
    if (existing !== null) {
      await ctx.db.patch(existing._id, { name, platform: args.platform, appVersion, lastSeenAt: now })
      return existing._id
    }

    const owned = await ctx.db
      .query('devices')
      .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', user._id))
      .take(MAX_DEVICES_PER_USER)
    if (owned.length >= MAX_DEVICES_PER_USER) {
      throw appError(
        'INVALID_ARGUMENT',
        `You already have ${MAX_DEVICES_PER_USER} devices. Remove one before adding another.`,
      )
    }
    return await ctx.db.insert('devices', {
      ownerId: user._id,
      deviceId,
      name,
      platform: args.platform,
      appVersion,
      lastSeenAt: now,
    })
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
    return devices.map(({ _id, _creationTime, deviceId, name, platform, appVersion, lastSeenAt }) => ({
      _id,
      _creationTime,
      deviceId,
      name,
      platform,
      appVersion,
      lastSeenAt,
    }))
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
