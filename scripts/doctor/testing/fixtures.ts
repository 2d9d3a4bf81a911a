// Test fixtures for the doctor and `npm run setup`: a local HTTP server that answers like Clerk's Backend API
// (reads, and the writes setup makes) and Frontend API and a Convex deployment's HTTP actions host (shapes from
// Clerk's Backend API reference), a temp project folder, an in-process Convex CLI runner, and a Convex CLI
// stand-in executable (convex-cli-standin.mjs) installed as a project's `convex` binary.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MachineFacts } from '../checks/machine-checks.ts'
import type { CommandOutcome, CommandRunner } from '../convex-env.ts'
import { createHttpClient } from '../http.ts'
import { readTextFile } from '../local-config.ts'
import { createContext, type DoctorIo } from '../run.ts'

export const GOOD_SECRET = 'sk_test_goodsecret123'
export const FAPI_HOST = 'happy-otter-12.clerk.accounts.dev'
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${FAPI_HOST}$`).toString('base64')}`
export const DEPLOYMENT = 'happy-animal-123'
export const CONVEX_URL = `https://${DEPLOYMENT}.convex.cloud`
export const WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`

export interface RecordedRequest {
  method: string
  url: string
  authorization: string | undefined
  body: string
}

export interface FakeServer {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void

export async function startServer(handler: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const recorded = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        authorization: req.headers.authorization,
        body,
      }
      requests.push(recorded)
      handler(recorded, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on: connecting to it is refused, like being offline. */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined)
  await server.close()
  return server.url
}

export const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

export const clerkError = (code: string, message: string) => ({
  errors: [{ message, long_message: `${message}.`, code, meta: {} }],
  clerk_trace_id: 'trace_test',
})

/** What the fake Clerk instance holds; tests change fields to create each misconfiguration. */
export interface ClerkState {
  environmentType: 'development' | 'production'
  allowedOrigins: string[] | null
  jwtTemplates: {
    name: string
    claims: Record<string, unknown>
    lifetime?: number
    allowedClockSkew?: number
  }[]
  domains: string[]
  redirectUrls: string[]
  /** `undefined` leaves `native_settings` out of the environment, as older instances do. */
  nativeApiEnabled: boolean | undefined
  nativeProbeDisabled: boolean
  webhookStatus: number
}

export const CONVEX_TEMPLATE_CLAIMS = {
  aud: 'convex',
  name: '{{user.full_name}}',
  email: '{{user.primary_email_address}}',
  picture: '{{user.image_url}}',
  nickname: '{{user.username}}',
  given_name: '{{user.first_name}}',
  updated_at: '{{user.updated_at}}',
  family_name: '{{user.last_name}}',
  phone_number: '{{user.primary_phone_number}}',
  email_verified: '{{user.email_verified}}',
  phone_number_verified: '{{user.phone_number_verified}}',
}

export function healthyClerk(): ClerkState {
  return {
    environmentType: 'development',
    allowedOrigins: ['harbor-dev://renderer', 'http://localhost:5173'],
    jwtTemplates: [{ name: 'convex', claims: { ...CONVEX_TEMPLATE_CLAIMS } }],
    domains: [`https://${FAPI_HOST}`],
    redirectUrls: ['harbor-dev://renderer/'],
    nativeApiEnabled: true,
    nativeProbeDisabled: false,
    webhookStatus: 400,
  }
}

/** One server plays Clerk's Backend API (`/v1/...` with a secret), its Frontend API and Convex's site host. */
export function fakeClerkAndConvex(state: ClerkState): Handler {
  return (request, res) => {
    const url = new URL(request.url, 'http://fake')
    if (url.pathname === '/fapi/v1/environment') {
      const native =
        state.nativeApiEnabled === undefined
          ? {}
          : { native_settings: { object: 'native_settings', api_enabled: state.nativeApiEnabled } }
      return sendJson(res, 200, {
        object: 'environment',
        auth_config: { object: 'auth_config', single_session_mode: true, ...native },
      })
    }
    if (url.pathname === '/fapi/v1/client') {
      if (state.nativeProbeDisabled)
        return sendJson(res, 400, clerkError('native_api_disabled', 'Native API is disabled'))
      return sendJson(res, 200, { response: null, client: null })
    }
    if (url.pathname === '/site/clerk-webhook')
      return sendJson(res, state.webhookStatus, { error: 'no signature' })
    if (!url.pathname.startsWith('/v1/'))
      return sendJson(res, 404, clerkError('resource_not_found', 'Not found'))
    if (request.authorization !== `Bearer ${GOOD_SECRET}`) {
      return sendJson(res, 401, clerkError('authentication_invalid', 'Invalid authentication'))
    }
    if (request.method !== 'GET') return clerkWrite(state, request, url, res)
    switch (url.pathname) {
      case '/v1/instance':
        return sendJson(res, 200, {
          object: 'instance',
          id: 'ins_test123',
          environment_type: state.environmentType,
          allowed_origins: state.allowedOrigins,
        })
      case '/v1/jwt_templates':
        // Documented as a bare array of JWT template objects.
        return sendJson(
          res,
          200,
          state.jwtTemplates.map((t, i) => ({
            object: 'jwt_template',
            id: `jtmp_${i}`,
            name: t.name,
            claims: t.claims,
            lifetime: t.lifetime ?? 60,
            allowed_clock_skew: t.allowedClockSkew ?? 5,
            custom_signing_key: false,
            signing_algorithm: 'RS256',
            created_at: 1700000000000,
            updated_at: 1700000000000,
          })),
        )
      case '/v1/domains':
        return sendJson(res, 200, {
          data: state.domains.map((frontend, i) => ({
            object: 'domain',
            id: `dmn_${i}`,
            name: new URL(frontend).host,
            is_satellite: false,
            frontend_api_url: frontend,
            development_origin: '',
            cname_targets: null,
          })),
          total_count: state.domains.length,
        })
      case '/v1/redirect_urls':
        // With paginated=true the list comes wrapped in { data, total_count }.
        return sendJson(res, 200, {
          data: state.redirectUrls.map((u, i) => ({
            object: 'redirect_url',
            id: `ru_${i}`,
            url: u,
            created_at: 1,
            updated_at: 1,
          })),
          total_count: state.redirectUrls.length,
        })
      default:
        return sendJson(res, 404, clerkError('resource_not_found', 'Not found'))
    }
  }
}

// Claims Clerk sets itself and refuses in a template (Clerk's JWT templates docs: "reserved claims").
const RESERVED_CLAIMS = ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']

function parseBody(body: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(body)
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null
  } catch {
    return null
  }
}

const invalid = (res: ServerResponse, message: string) =>
  sendJson(res, 422, clerkError('form_param_format_invalid', message))

/**
 * The writes `npm run setup` makes, with the validation Clerk documents: PATCH /instance (204, no body),
 * POST /redirect_urls, POST /jwt_templates and PATCH /jwt_templates/{id} (name and claims required, reserved
 * claims refused). A guess, not documented: the exact error codes for a duplicate (422 here).
 */
function clerkWrite(state: ClerkState, request: RecordedRequest, url: URL, res: ServerResponse) {
  const body = parseBody(request.body)
  if (!body) return sendJson(res, 400, clerkError('request_body_invalid', 'Request body is not JSON'))
  if (request.method === 'PATCH' && url.pathname === '/v1/instance') {
    const origins = body.allowed_origins
    if (origins !== undefined) {
      if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string'))
        return invalid(res, 'allowed_origins must be an array of strings')
      state.allowedOrigins = [...origins]
    }
    res.writeHead(204)
    return res.end()
  }
  if (request.method === 'POST' && url.pathname === '/v1/redirect_urls') {
    const target = body.url
    if (typeof target !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/./i.test(target))
      return invalid(res, 'url must be a URL with a scheme')
    if (state.redirectUrls.includes(target))
      return sendJson(res, 422, clerkError('duplicate_record', 'That redirect URL already exists'))
    state.redirectUrls.push(target)
    return sendJson(res, 200, {
      object: 'redirect_url',
      id: `ru_${state.redirectUrls.length - 1}`,
      url: target,
      created_at: 1,
      updated_at: 1,
    })
  }
  const templateMatch = /^\/v1\/jwt_templates(?:\/(jtmp_\d+))?$/.exec(url.pathname)
  if (templateMatch) {
    const { name, claims, lifetime, allowed_clock_skew: skew } = body
    if (typeof name !== 'string' || name === '') return invalid(res, 'name is required')
    if (!claims || typeof claims !== 'object' || Array.isArray(claims))
      return invalid(res, 'claims must be an object')
    const reserved = Object.keys(claims).filter((c) => RESERVED_CLAIMS.includes(c))
    if (reserved.length > 0)
      return sendJson(
        res,
        422,
        clerkError('jwt_template_reserved_claim', `Reserved claims: ${reserved.join(', ')}`),
      )
    const template = {
      name,
      claims: claims as Record<string, unknown>,
      lifetime: typeof lifetime === 'number' ? lifetime : undefined,
      allowedClockSkew: typeof skew === 'number' ? skew : undefined,
    }
    if (request.method === 'POST' && !templateMatch[1]) {
      if (state.jwtTemplates.some((t) => t.name === name))
        return sendJson(res, 422, clerkError('duplicate_record', 'A JWT template with that name exists'))
      state.jwtTemplates.push(template)
      return sendJson(res, 200, {
        object: 'jwt_template',
        id: `jtmp_${state.jwtTemplates.length - 1}`,
        ...body,
      })
    }
    if (request.method === 'PATCH' && templateMatch[1]) {
      const index = Number(templateMatch[1].slice('jtmp_'.length))
      if (!state.jwtTemplates[index]) return sendJson(res, 404, clerkError('resource_not_found', 'Not found'))
      state.jwtTemplates[index] = template
      return sendJson(res, 200, { object: 'jwt_template', id: templateMatch[1], ...body })
    }
  }
  return sendJson(res, 404, clerkError('resource_not_found', 'Not found'))
}

export interface TempProject {
  root: string
  write(name: string, text: string): void
  cleanup(): void
}

export function tempProject(files: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'doctor-test-'))
  const write = (name: string, text: string) => writeFileSync(join(root, name), text)
  for (const [name, text] of Object.entries(files)) write(name, text)
  return { root, write, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

export const mkdir = (path: string) => mkdirSync(path, { recursive: true })

/**
 * What Electron's installer leaves behind (node_modules/electron with path.txt and the binary it names), so a
 * temp project looks like one where `npx install-electron` has run. The "binary" is an empty file: only its
 * presence is checked.
 */
export function installElectronBinary(project: TempProject): string {
  const dir = join(project.root, 'node_modules', 'electron')
  mkdir(join(dir, 'dist'))
  writeFileSync(join(dir, 'package.json'), '{"name":"electron","version":"45.5.0"}')
  writeFileSync(join(dir, 'path.txt'), 'electron')
  writeFileSync(join(dir, 'dist', 'electron'), '')
  return join(dir, 'dist', 'electron')
}

export const healthyEnvLocal = (extra = '') =>
  `# Deployment used by \`npx convex dev\`\nCONVEX_DEPLOYMENT=dev:${DEPLOYMENT} # team: t, project: p\n` +
  `VITE_CONVEX_URL=${CONVEX_URL}\nVITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}\n${extra}`

export interface ConvexCliStandIn {
  /** Environment to run the doctor/setup with, so `npx convex` finds the stand-in and its state. */
  env: Record<string, string>
  vars(): Record<string, string>
  /** Every command line the stand-in received (values passed on stdin do not appear here). */
  calls(): string[][]
}

/**
 * Installs scripts/doctor/testing/convex-cli-standin.mjs as the project's `convex` binary
 * (node_modules/.bin/convex, and convex.cmd for Windows), where `npx --no-install convex` finds it.
 */
export function installConvexCliStandIn(
  project: TempProject,
  options: { vars?: Record<string, string>; mode?: 'ok' | 'hang' | 'offline' | 'not-logged-in' } = {},
): ConvexCliStandIn {
  const bin = join(project.root, 'node_modules', '.bin')
  mkdir(bin)
  const script = join(import.meta.dirname, 'convex-cli-standin.mjs')
  const statePath = join(project.root, 'convex-standin-state.json')
  writeFileSync(statePath, JSON.stringify({ vars: options.vars ?? {}, calls: [] }))
  writeFileSync(join(bin, 'convex'), `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`, {
    mode: 0o755,
  })
  writeFileSync(join(bin, 'convex.cmd'), `@"${process.execPath}" "${script}" %*\r\n`)
  const read = () =>
    JSON.parse(readFileSync(statePath, 'utf8')) as { vars: Record<string, string>; calls: string[][] }
  return {
    env: { CONVEX_STANDIN_STATE: statePath, CONVEX_STANDIN_MODE: options.mode ?? 'ok' },
    vars: () => read().vars,
    calls: () => read().calls,
  }
}

/** A stand-in Convex CLI that prints what `convex env list --include-values` prints, and records its calls. */
export function fakeConvexCli(
  outcome: CommandOutcome,
): CommandRunner & { calls: { command: string; args: string[]; cwd: string }[] } {
  const calls: { command: string; args: string[]; cwd: string }[] = []
  const run: CommandRunner = async (command, args, options) => {
    calls.push({ command, args: [...args], cwd: options.cwd })
    return outcome
  }
  return Object.assign(run, { calls })
}

export const convexEnvOutput = (vars: Record<string, string>): CommandOutcome => ({
  kind: 'exited',
  code: 0,
  stdout: Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n'),
  stderr: '',
})

export const healthyConvexEnv = () =>
  convexEnvOutput({
    CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}`,
    CLERK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    CLERK_SECRET_KEY: GOOD_SECRET,
  })

/** A context wired to the fake server for every network call. */
export function testContext(options: {
  project: TempProject
  server: string
  environment?: Record<string, string>
  cli?: CommandRunner
  httpTimeoutMs?: number
  machine?: MachineFacts
}) {
  const io: DoctorIo = {
    root: options.project.root,
    environment: { CLERK_API_URL: `${options.server}/v1`, ...options.environment },
    readFile: readTextFile,
    runCommand: options.cli ?? fakeConvexCli(healthyConvexEnv()),
    http: createHttpClient(fetch, options.httpTimeoutMs ?? 5_000),
    machine: options.machine ?? {
      nodeVersion: '24.0.0',
      nodeExecPath: '/usr/local/bin/node',
      engines: '>=24',
      electron: { kind: 'ready', path: '/project/node_modules/electron/dist/electron', via: 'path.txt' },
    },
    frontendApiUrl: () => `${options.server}/fapi`,
    convexSiteUrl: () => `${options.server}/site`,
  }
  return createContext(io)
}
