// A client for the few Clerk Backend API endpoints the doctor and `npm run setup` need, and parsers for their
// documented response shapes (https://clerk.com/docs/reference/backend-api). The doctor only reads (`get`,
// cached per run); setup also writes (`send`, never cached): PATCH /instance, POST /redirect_urls,
// POST /jwt_templates and PATCH /jwt_templates/{id}.

import type { HttpClient } from './http.ts'

export const DEFAULT_CLERK_API_URL = 'https://api.clerk.com/v1'

export type ClerkApiResult =
  | { kind: 'ok'; json: unknown }
  /** 401/403: Clerk refused the secret key. */
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'http-error'; status: number; message: string }
  | { kind: 'unreachable'; reason: string }

export interface ClerkBackend {
  get(path: string): Promise<ClerkApiResult>
  send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<ClerkApiResult>
}

/** Clerk's error body is `{ errors: [{ message, long_message, code }], clerk_trace_id }`. */
export function clerkErrorMessage(json: unknown, status: number): string {
  if (json && typeof json === 'object' && 'errors' in json && Array.isArray(json.errors) && json.errors[0]) {
    const first: unknown = json.errors[0]
    if (first && typeof first === 'object') {
      const record = first as Record<string, unknown>
      const text = [record.long_message, record.message, record.code].find((v) => typeof v === 'string' && v)
      const code = typeof record.code === 'string' ? ` (${record.code})` : ''
      if (typeof text === 'string') return `${text}${text === record.code ? '' : code}`
    }
  }
  return `HTTP ${status}`
}

/** Each path is fetched once per run, however many checks read it. */
export function createClerkBackend(
  http: HttpClient,
  secretKey: string,
  baseUrl = DEFAULT_CLERK_API_URL,
): ClerkBackend {
  const cache = new Map<string, Promise<ClerkApiResult>>()
  const root = baseUrl.replace(/\/+$/, '')
  const load = async (
    path: string,
    write?: { method: 'POST' | 'PATCH'; body: unknown },
  ): Promise<ClerkApiResult> => {
    const outcome = await http(`${root}${path}`, {
      method: write?.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${secretKey}`,
        Accept: 'application/json',
        ...(write ? { 'Content-Type': 'application/json' } : {}),
      },
      body: write ? JSON.stringify(write.body) : undefined,
    })
    if (outcome.kind === 'unreachable') return outcome
    if (outcome.status === 401 || outcome.status === 403) {
      return {
        kind: 'rejected',
        status: outcome.status,
        message: clerkErrorMessage(outcome.json, outcome.status),
      }
    }
    if (outcome.status < 200 || outcome.status >= 300) {
      return {
        kind: 'http-error',
        status: outcome.status,
        message: clerkErrorMessage(outcome.json, outcome.status),
      }
    }
    return { kind: 'ok', json: outcome.json }
  }
  return {
    get(path) {
      let pending = cache.get(path)
      if (!pending) {
        pending = load(path)
        cache.set(path, pending)
      }
      return pending
    },
    send(method, path, body) {
      return load(path, { method, body })
    },
  }
}

// ---- Response shapes -------------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** List endpoints answer with a bare array, or `{ data, total_count }` when `paginated=true`. */
function listItems(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json
  if (isRecord(json) && Array.isArray(json.data)) return json.data
  return null
}

export interface ClerkInstance {
  id: string
  environmentType: string
  allowedOrigins: string[]
}

/** `GET /instance`: `{ object: 'instance', id, environment_type, allowed_origins: string[] | null }` */
export function parseInstance(json: unknown): ClerkInstance | null {
  if (!isRecord(json) || typeof json.id !== 'string' || typeof json.environment_type !== 'string') return null
  const origins = json.allowed_origins
  if (origins !== null && origins !== undefined && !Array.isArray(origins)) return null
  return {
    id: json.id,
    environmentType: json.environment_type,
    allowedOrigins: (origins ?? []).filter((o): o is string => typeof o === 'string'),
  }
}

export interface ClerkJwtTemplate {
  id: string
  name: string
  claims: Record<string, unknown>
  lifetime: number | null
  allowedClockSkew: number | null
}

/** `GET /jwt_templates`: `[{ object: 'jwt_template', id, name, claims, lifetime, allowed_clock_skew, ... }]` */
export function parseJwtTemplates(json: unknown): ClerkJwtTemplate[] | null {
  const items = listItems(json)
  if (!items) return null
  return items.flatMap((item) =>
    isRecord(item) && typeof item.name === 'string' && isRecord(item.claims)
      ? [
          {
            id: typeof item.id === 'string' ? item.id : '',
            name: item.name,
            claims: item.claims,
            lifetime: typeof item.lifetime === 'number' ? item.lifetime : null,
            allowedClockSkew: typeof item.allowed_clock_skew === 'number' ? item.allowed_clock_skew : null,
          },
        ]
      : [],
  )
}

export interface ClerkDomain {
  name: string
  isSatellite: boolean
  frontendApiUrl: string
}

/** `GET /domains`: `{ data: [{ object: 'domain', name, is_satellite, frontend_api_url, ... }], total_count }` */
export function parseDomains(json: unknown): ClerkDomain[] | null {
  const items = listItems(json)
  if (!items) return null
  return items.flatMap((item) =>
    isRecord(item) && typeof item.frontend_api_url === 'string'
      ? [
          {
            name: String(item.name ?? ''),
            isSatellite: item.is_satellite === true,
            frontendApiUrl: item.frontend_api_url,
          },
        ]
      : [],
  )
}

/** `GET /redirect_urls`: `[{ object: 'redirect_url', id, url, created_at, updated_at }]` */
export function parseRedirectUrls(json: unknown): string[] | null {
  const items = listItems(json)
  if (!items) return null
  return items.flatMap((item) => (isRecord(item) && typeof item.url === 'string' ? [item.url] : []))
}
