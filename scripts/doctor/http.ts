// One HTTP helper for every request the doctor makes. A request that never got an answer (connection refused,
// DNS failure, timeout, TLS failure) becomes `unreachable`, so checks can say "could not check (offline?)"
// instead of blaming the configuration.

export type HttpOutcome =
  { kind: 'response'; status: number; json: unknown; text: string } | { kind: 'unreachable'; reason: string }

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH'
  headers?: Record<string, string>
  body?: string
}

export type HttpClient = (url: string, request?: HttpRequest) => Promise<HttpOutcome>

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000

export const formatDuration = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`)

/** Names the network error a failed `fetch` carries (undici puts the system error in `cause`). */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${formatDuration(timeoutMs)}`
  }
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined
  const code =
    cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : null
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name did not resolve'
    case 'ECONNRESET':
      return 'connection reset'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out'
    case null:
      break
    default:
      return code
  }
  return error instanceof Error ? error.message : String(error)
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text)
  } catch {
    return null
  }
}

export function createHttpClient(
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = DEFAULT_HTTP_TIMEOUT_MS,
): HttpClient {
  return async (url, request = {}) => {
    let response: Response
    let text: string
    try {
      response = await fetchImpl(url, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      return { kind: 'unreachable', reason: describeNetworkError(error, timeoutMs) }
    }
    return { kind: 'response', status: response.status, json: parseJson(text), text }
  }
}
