import { cronJobs } from 'convex/server'
import { internal } from './_generated/api'

const crons = cronJobs()

crons.daily('prune webhook deliveries', { hourUTC: 4, minuteUTC: 17 }, internal.webhookDeliveries.prune, {})

crons.daily('prune signed-out devices', { hourUTC: 4, minuteUTC: 41 }, internal.devices.prune, {})

export default crons
