import { Webhook, WebhookVerificationError } from 'svix'
import { internal } from '../_generated/api'
import type { ActionCtx } from '../_generated/server'
import { parseClerkEvent } from './clerkWebhook'
import { readEnv } from './env'

/** Clerk user payloads are a few KB; anything this large is not one of them. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024

const json = (status: number, body: Record<string, unknown>): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

type RawBody = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'not-utf8' }

/**
 * Reads the raw body, stopping as soon as it passes the limit (Content-Length can be absent or lie),
 * and decodes it strictly: svix signs the exact bytes, so nothing may be normalised before verifying.
 */
async function readRawBody(request: Request): Promise<RawBody> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BODY_BYTES) return { kind: 'too-large' }
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body !== null) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        await reader.cancel()
        return { kind: 'too-large' }
      }
      chunks.push(value)
    }
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { kind: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { kind: 'not-utf8' }
  }
}

/**
 * POST /clerk-webhook. Every rejection happens before any write; only a verified, well-formed user event
 * reaches a mutation, which also records the svix id so a redelivery writes nothing.
 */
export async function handleClerkWebhook(ctx: ActionCtx, request: Request): Promise<Response> {
  const secret = readEnv('CLERK_WEBHOOK_SECRET')
  if (secret === undefined) {
    // 500 on purpose: svix keeps retrying, so events are not lost while the deployment is misconfigured.
    return json(500, { error: 'CLERK_WEBHOOK_SECRET is not set in the Convex deployment environment.' })
  }
  let webhook: Webhook
  try {
    webhook = new Webhook(secret)
  } catch {
    return json(500, { error: 'CLERK_WEBHOOK_SECRET is not a valid signing secret (whsec_...).' })
  }

  const body = await readRawBody(request)
  if (body.kind === 'too-large') {
    return json(413, { error: `Body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.` })
  }
  if (body.kind === 'not-utf8') return json(400, { error: 'Body is not valid UTF-8.' })

  const svixId = request.headers.get('svix-id')
  const svixTimestamp = request.headers.get('svix-timestamp')
  const svixSignature = request.headers.get('svix-signature')
  if (!svixId || !svixTimestamp || !svixSignature) {
    return json(400, { error: 'Missing svix-id, svix-timestamp or svix-signature header.' })
  }
  try {
    // svix 2.x returns nothing: verify first, then parse the very same string ourselves.
    webhook.verify(body.text, {
      'svix-id': svixId,
      'svix-timestamp': svixTimestamp,
      'svix-signature': svixSignature,
    })
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error
    // Covers a wrong signature and a timestamp outside svix's 5-minute tolerance (replayed capture).
    return json(401, { error: `Signature verification failed: ${error.message}` })
  }

  const event = parseClerkEvent(body.text)
  switch (event.kind) {
    case 'malformed':
      return json(400, { error: `Malformed Clerk event: ${event.reason}.` })
    case 'ignored':
      return json(200, { outcome: 'ignored', eventType: event.eventType })
    case 'upsert': {
      const outcome = await ctx.runMutation(internal.users.upsertFromClerk, {
        svixId,
        eventType: event.eventType,
        clerkUserId: event.clerkUserId,
        profile: event.profile,
        clerkUpdatedAt: event.clerkUpdatedAt,
      })
      return json(200, { outcome })
    }
    case 'delete': {
      const outcome = await ctx.runMutation(internal.users.deleteFromClerk, {
        svixId,
        eventType: event.eventType,
        clerkUserId: event.clerkUserId,
      })
      return json(200, { outcome })
    }
  }
}
