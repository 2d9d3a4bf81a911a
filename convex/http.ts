import { httpRouter } from 'convex/server'
import { httpAction } from './_generated/server'
import { handleClerkWebhook } from './lib/clerkWebhookHandler'

const http = httpRouter()

// Clerk dashboard -> Webhooks: https://<deployment>.convex.site/clerk-webhook, events user.created,
// user.updated, user.deleted; its signing secret goes into CLERK_WEBHOOK_SECRET.
http.route({ path: '/clerk-webhook', method: 'POST', handler: httpAction(handleClerkWebhook) })

export default http
