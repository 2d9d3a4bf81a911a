// Small HTTP plumbing shared by the Frontend API (HTTPS) and Backend API (HTTP) listeners.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'

export interface RequestLogEntry {
  /** ms since epoch: when the response left for the client (after the response's latency: it has arrived). */
  at: number
  /** ms since epoch: when the request reached the listener (on loopback, when the client sent it; the request's
   *  latency runs after this). With `at`, one round trip as the client saw it. */
  sentAt: number
  method: string
  /** The URL path without the query string. */
  path: string
  status: number
  /** Which listener answered. */
  api: 'frontend' | 'backend'
  /** The method clerk-js meant (`_method=DELETE` on a POST), when it differs from the HTTP method. */
  intendedMethod?: string
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** JSON-serialised unless `raw` is set. */
  body?: unknown
  raw?: { contentType: string; data: Buffer | string }
}

/** A Clerk API error body: `{ errors: [{ code, message, long_message, meta }], clerk_trace_id }`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  longMessage: string = message,
  meta?: Record<string, unknown>,
): Reply {
  return {
    status,
    body: {
      errors: [{ code, message, long_message: longMessage, ...(meta ? { meta } : {}) }],
      clerk_trace_id: randomBytes(16).toString('hex'),
    },
  }
}

const MAX_BODY_BYTES = 1_000_000

export async function readBody(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  const type = request.headers['content-type'] ?? ''
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(text)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
    )
  }
  return Object.fromEntries(new URLSearchParams(text))
}

export function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...reply.headers }
  if (reply.raw) {
    response.writeHead(reply.status, { 'Content-Type': reply.raw.contentType, ...headers })
    response.end(reply.raw.data)
    return
  }
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers)
    response.end()
    return
  }
  response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  response.end(JSON.stringify(reply.body))
}

export const delay = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
