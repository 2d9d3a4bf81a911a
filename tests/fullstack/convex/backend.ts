/// <reference types="vite/client" />
// Our real convex/ functions behind the stand-in, run by convex-test (convex-test's own in-memory database,
// query engine and argument/return validators), plus what the stand-in adds around it: a commit timestamp,
// public-function resolution, the deployment environment, and a fetch guard for actions.
//
// This is not the backend's execution model: every call runs one at a time (no concurrent transactions, so no
// OCC conflicts or retries), and the sync layer re-runs every subscribed query after every write instead of
// tracking read sets.
import { AsyncLocalStorage } from 'node:async_hooks'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { convexTest, type TestConvex } from 'convex-test'
import {
  makeFunctionReference,
  type GenericSchema,
  type SchemaDefinition,
  type UserIdentity,
} from 'convex/server'
import { convexToJson, jsonToConvex, type JSONValue } from 'convex/values'
import ts from 'typescript'
import type { BackendIdentity, OidcProvider } from './token-verifier'

/** Lazily loaded, exactly like convex/test.setup.ts does (the path prefix differs, convex-test handles both). */
const modules = import.meta.glob('../../../convex/**/*.*s')

// Imported through the glob, not statically: convex/ is another TypeScript project (convex/tsconfig.json), and
// tests need no generated types to call functions (`anyApi.users.me` or `makeFunctionReference('users:me')`).
const SCHEMA_MODULE = '../../../convex/schema.ts'

export type StandInConvexTest = TestConvex<SchemaDefinition<GenericSchema, boolean>>

/** The slice of convex-test's accessor the stand-in calls with references built from the client's paths. */
type Accessor = Record<UdfType, (reference: unknown, args: unknown) => Promise<unknown>>

type UdfType = 'query' | 'mutation' | 'action'

export type FunctionOutcome =
  | { success: true; value: JSONValue; logLines: string[] }
  | { success: false; errorMessage: string; errorData?: JSONValue; logLines: string[] }

export class StandInBackend {
  /** The convex-test instance the functions run in. Writes through it reach subscribed clients too. */
  readonly t: StandInConvexTest
  private readonly raw: StandInConvexTest
  private queue: Promise<unknown> = Promise.resolve()
  private timestamp: bigint
  private readonly accessors = new WeakMap<BackendIdentity, StandInConvexTest>()

  static async create(onWrite: () => void, onActionFetch: (url: string) => void): Promise<StandInBackend> {
    const load = modules[SCHEMA_MODULE]
    if (!load) throw new Error(`${SCHEMA_MODULE} not found`)
    const schema = ((await load()) as { default: SchemaDefinition<GenericSchema, boolean> }).default
    return new StandInBackend(schema, onWrite, onActionFetch)
  }

  private constructor(
    schema: SchemaDefinition<GenericSchema, boolean>,
    /** Called after every write (mutation, action, a test's `t.run`...): the sync layer re-runs queries. */
    private readonly onWrite: () => void,
    private readonly onActionFetch: (url: string) => void,
  ) {
    this.raw = convexTest(schema, modules)
    // Nanoseconds since the epoch, like the backend's commit timestamps, so a client that reconnects to a
    // restarted stand-in never holds a timestamp from the future.
    this.timestamp = BigInt(Date.now()) * 1_000_000n
    this.t = this.wrap(this.raw)
  }

  /** The latest commit timestamp. */
  get ts(): bigint {
    return this.timestamp
  }

  /** A mutation or an action, as a client asked for it. */
  async call(
    identity: BackendIdentity | null,
    type: 'mutation' | 'action',
    udfPath: string,
    args: JSONValue,
  ): Promise<FunctionOutcome & { ts: bigint }> {
    if (type === 'action') {
      // Actions run outside the queue: they call back into mutations and queries themselves.
      try {
        const outcome = await this.execute(identity, 'action', udfPath, args)
        return { ...outcome, ts: this.timestamp }
      } finally {
        this.committed()
      }
    }
    try {
      return await this.exclusive(async () => {
        const outcome = await this.execute(identity, 'mutation', udfPath, args)
        if (outcome.success) this.advanceTimestamp()
        return { ...outcome, ts: this.timestamp }
      })
    } finally {
      this.onWrite()
    }
  }

  /** Runs queries against one snapshot (nothing writes in between) and returns them with its timestamp. */
  async queries(
    identity: BackendIdentity | null,
    queries: ReadonlyArray<{ udfPath: string; args: JSONValue }>,
  ): Promise<{ ts: bigint; outcomes: FunctionOutcome[] }> {
    return await this.exclusive(async () => {
      const outcomes: FunctionOutcome[] = []
      for (const query of queries)
        outcomes.push(await this.execute(identity, 'query', query.udfPath, query.args))
      return { ts: this.timestamp, outcomes }
    })
  }

  private async execute(
    identity: BackendIdentity | null,
    type: UdfType,
    udfPath: string,
    args: JSONValue,
  ): Promise<FunctionOutcome> {
    try {
      const missing = await checkPublicFunction(type, udfPath)
      if (missing !== null) throw new Error(missing)
      const accessor = this.accessorFor(identity) as unknown as Accessor
      // Everything a function starts (scheduled functions included) inherits the scope of the fetch guard.
      const value = await functionScope.run({ onFetch: this.onActionFetch }, () =>
        accessor[type](makeFunctionReference(udfPath), jsonToConvex(args)),
      )
      return { success: true, value: convexToJson(value as never), logLines: [] }
    } catch (error) {
      return failure(error)
    }
  }

  /** Runs `fn` with nothing else running in the backend (a consistent snapshot for a batch of queries). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn, fn)
    this.queue = result.catch(() => undefined)
    return result
  }

  private committed(): void {
    this.advanceTimestamp()
    this.onWrite()
  }

  private advanceTimestamp(): void {
    const now = BigInt(Date.now()) * 1_000_000n
    this.timestamp = now > this.timestamp ? now : this.timestamp + 1n
  }

  private accessorFor(identity: BackendIdentity | null): StandInConvexTest {
    if (identity === null) return this.raw
    let accessor = this.accessors.get(identity)
    if (!accessor) {
      accessor = this.raw.withIdentity(identity as Partial<UserIdentity>) as StandInConvexTest
      this.accessors.set(identity, accessor)
    }
    return accessor
  }

  /** `t` for tests: the same instance, but every write wakes the subscribed clients. */
  private wrap(target: StandInConvexTest): StandInConvexTest {
    const writes = new Set([
      'mutation',
      'action',
      'run',
      'fetch',
      'finishInProgressScheduledFunctions',
      'finishAllScheduledFunctions',
    ])
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value: unknown = Reflect.get(object, property, receiver)
        if (typeof value !== 'function') return value
        const method = value as (...args: unknown[]) => unknown
        if (property === 'withIdentity' || property === 'withRequestMetadata') {
          return (...args: unknown[]) => this.wrap(method.apply(object, args) as StandInConvexTest)
        }
        if (typeof property === 'string' && writes.has(property)) {
          return async (...args: unknown[]) => {
            try {
              return await functionScope.run({ onFetch: this.onActionFetch }, () =>
                method.apply(object, args),
              )
            } finally {
              this.committed()
            }
          }
        }
        return method.bind(object)
      },
    })
  }
}

// ---------------------------------------------------------------------------------------------- functions

const moduleFiles = new Map(
  Object.keys(modules).map((key) => [
    key.replace(/^\.\.\/\.\.\/\.\.\/convex\//, '').replace(/\.[cm]?[jt]s$/, ''),
    key,
  ]),
)

/** The backend's "Could not find public function" for internal, missing, or wrongly typed functions. */
async function checkPublicFunction(type: UdfType, udfPath: string): Promise<string | null> {
  const colon = udfPath.lastIndexOf(':')
  const modulePath = (colon === -1 ? udfPath : udfPath.slice(0, colon)).replace(/\.js$/, '')
  const exportName = colon === -1 ? 'default' : udfPath.slice(colon + 1)
  const notFound = `Could not find public function for '${modulePath}:${exportName}'.`
  const file = moduleFiles.get(modulePath)
  const load = file === undefined ? undefined : modules[file]
  // `convex deploy` skips _generated and files with two dots (foo.test.ts, test.setup.ts).
  if (!load || modulePath.startsWith('_') || /(^|\/)[^/]*\.[^/]*$/.test(modulePath)) return notFound
  const loaded = (await load()) as Record<string, unknown>
  const fn = loaded[exportName] as
    { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean; isAction?: boolean } | undefined
  if (!fn || fn.isPublic !== true) return notFound
  const actual = fn.isQuery ? 'query' : fn.isMutation ? 'mutation' : fn.isAction ? 'action' : undefined
  if (actual !== type) {
    const title = (name: string | undefined) =>
      name ? name.charAt(0).toUpperCase() + name.slice(1) : 'unknown'
    return `Trying to execute ${modulePath}:${exportName} as ${title(type)}, but it is defined as ${title(actual)}.`
  }
  return null
}

/**
 * What a failed function sends: `[Request ID: …] Server Error` then the uncaught error, as a development
 * deployment reports it (production deployments redact everything but ConvexError data). The message text is
 * close to the backend's, not identical (no stack trace).
 */
function failure(error: unknown): FunctionOutcome {
  const requestId = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  const isConvexError = typeof error === 'object' && error !== null && Symbol.for('ConvexError') in error
  const message = error instanceof Error ? error.message : String(error)
  const errorMessage = `[Request ID: ${requestId}] Server Error\nUncaught ${isConvexError ? 'ConvexError' : 'Error'}: ${message}`
  if (isConvexError) {
    return {
      success: false,
      errorMessage,
      errorData: convexToJson((error as { data: never }).data),
      logLines: [],
    }
  }
  return { success: false, errorMessage, logLines: [] }
}

// ---------------------------------------------------------------------------------------------- auth.config.ts

const AUTH_CONFIG = fileURLToPath(new URL('../../../convex/auth.config.ts', import.meta.url))

/**
 * Evaluates convex/auth.config.ts with the deployment environment given to the stand-in (not this process's):
 * like `convex deploy`, which evaluates it with the deployment's variables. Only OIDC providers
 * (`{ domain, applicationID }`) are supported; anything else fails the start.
 */
export async function loadAuthProviders(env: Record<string, string>): Promise<OidcProvider[]> {
  const source = await readFile(AUTH_CONFIG, 'utf8')
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  })
  const exported: { default?: unknown } = {}
  const requireNothing = (id: string) => {
    throw new Error(`convex/auth.config.ts imports ${id}; the stand-in evaluates it on its own`)
  }
  new Function('exports', 'require', 'module', 'process', outputText)(
    exported,
    requireNothing,
    { exports: exported },
    {
      env: { ...env },
    },
  )
  const config = exported.default as { providers?: unknown } | undefined
  if (!config || !Array.isArray(config.providers))
    throw new Error('convex/auth.config.ts: no providers array')
  return config.providers.map((provider: unknown, index) => {
    const p = provider as { domain?: unknown; applicationID?: unknown; type?: unknown }
    if (p.type !== undefined)
      throw new Error(
        `convex/auth.config.ts: provider ${index} is ${String(p.type)}; the stand-in supports OIDC providers only`,
      )
    if (typeof p.domain !== 'string' || !URL.canParse(p.domain)) {
      throw new Error(
        `convex/auth.config.ts: provider ${index} has no valid domain (${String(p.domain)}): give the stand-in the environment variable it reads`,
      )
    }
    if (typeof p.applicationID !== 'string')
      throw new Error(`convex/auth.config.ts: provider ${index} has no applicationID`)
    return { domain: p.domain, applicationID: p.applicationID }
  })
}

// ---------------------------------------------------------------------------------------------- environment

let installedEnv: {
  env: Record<string, string>
  previous: Map<string, string | undefined>
  users: number
} | null = null

/**
 * Functions read `process.env` when they run, so the deployment environment is this process's environment
 * while a stand-in runs. Two stand-ins at once must agree on it.
 */
export function installDeploymentEnv(env: Record<string, string>): () => void {
  if (installedEnv) {
    const same =
      Object.keys(env).length === Object.keys(installedEnv.env).length &&
      Object.entries(env).every(([key, value]) => installedEnv!.env[key] === value)
    if (!same)
      throw new Error('Another Convex stand-in is running with a different environment in this process')
    installedEnv.users++
  } else {
    const previous = new Map(Object.keys(env).map((key) => [key, process.env[key]]))
    for (const [key, value] of Object.entries(env)) process.env[key] = value
    installedEnv = { env: { ...env }, previous, users: 1 }
  }
  let released = false
  return () => {
    if (released || !installedEnv) return
    released = true
    if (--installedEnv.users > 0) return
    for (const [key, value] of installedEnv.previous) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    installedEnv = null
  }
}

// ---------------------------------------------------------------------------------------------- fetch guard

const functionScope = new AsyncLocalStorage<{ onFetch: (url: string) => void }>()
let fetchGuard: { original: typeof fetch; users: number } | null = null

/**
 * Inside functions run by a stand-in (actions are the ones that may fetch; functions they schedule included),
 * `fetch` reaches loopback only (the Clerk stand-in's Backend API, ...): anything else fails like an
 * unresolvable name. Outside them `fetch` is untouched.
 */
export function installActionFetchGuard(): () => void {
  if (fetchGuard) {
    fetchGuard.users++
  } else {
    const original = globalThis.fetch
    fetchGuard = { original, users: 1 }
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const scope = functionScope.getStore()
      if (scope) {
        const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
        scope.onFetch(url.href)
        if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
          return Promise.reject(
            new TypeError(
              `fetch failed: ${url.host} is outside the test (actions reach loopback stand-ins only)`,
            ),
          )
        }
      }
      return original(input, init)
    }) as typeof fetch
  }
  let released = false
  return () => {
    if (released || !fetchGuard) return
    released = true
    if (--fetchGuard.users > 0) return
    globalThis.fetch = fetchGuard.original
    fetchGuard = null
  }
}
