import { cronJobs } from 'convex/server'
import { internal } from './_generated/api'

const crons = cronJobs()

crons.daily('prune webhook deliveries', { hourUTC: 4, minuteUTC: 17 }, internal.webhookDeliveries.prune, {})

export default crons
