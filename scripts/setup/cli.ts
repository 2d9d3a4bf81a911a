// `npm run setup [-- --dry-run]`: given a Clerk secret key (CLERK_SECRET_KEY in the environment or .env.local,
// else asked for in a terminal), configures what Clerk's Backend API and the Convex CLI can configure, says
// exactly what it changed, and prints the steps only Clerk's dashboard can do. Running it again changes nothing.
// It never prints a secret: values of CLERK_SECRET_KEY / CLERK_WEBHOOK_SECRET are compared and sent, not shown.

import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { appFacts } from '../doctor/app-facts.ts'
import {
  createClerkBackend,
  DEFAULT_CLERK_API_URL,
  parseDomains,
  parseInstance,
  parseJwtTemplates,
  parseRedirectUrls,
  type ClerkApiResult,
  type ClerkBackend,
} from '../doctor/clerk-api.ts'
import { readConvexEnv, spawnCommand, type CommandRunner } from '../doctor/convex-env.ts'
import { createHttpClient } from '../doctor/http.ts'
import { loadLocalConfig, readTextFile } from '../doctor/local-config.ts'
import { planSetup, type Action, type Step } from './plan.ts'

const USAGE = `Usage: npm run setup [-- --dry-run]

Configures the Clerk instance (JWT template "convex", allowed origins, redirect URLs) through its Backend API and
the Convex deployment (CLERK_JWT_ISSUER_DOMAIN, CLERK_SECRET_KEY, CLERK_WEBHOOK_SECRET when given) through the
Convex CLI, and writes VITE_CLERK_PUBLISHABLE_KEY to .env.local when it is missing.

The Clerk secret key comes from CLERK_SECRET_KEY (environment or .env.local), or is asked for in a terminal.
Give the webhook's signing secret as CLERK_WEBHOOK_SECRET to store it in Convex too.

  --dry-run   show what would change, change nothing
  --help      show this text
`

const CONVEX_SET_TIMEOUT_MS = 60_000

export interface SetupIo {
  root: string
  environment: Record<string, string | undefined>
  runCommand: CommandRunner
  fetchImpl?: typeof fetch
  write: (text: string) => void
  /** Asks for the secret key without echoing it; null when there is no terminal. */
  askSecret: (() => Promise<string | null>) | null
}

const SECRET_PATTERN = /\b(sk_(?:test|live)_|whsec_)[A-Za-z0-9+/=_-]+/g

/** Belt and braces: whatever a message quotes (a Clerk error, CLI output), secrets in it are hidden. */
export function redact(text: string, secrets: string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[hidden]')
  return out.replace(SECRET_PATTERN, '$1[hidden]')
}

const AREA_TITLES: Record<Step['area'], string> = {
  clerk: 'Clerk instance (Backend API)',
  convex: 'Convex deployment (npx convex env)',
  local: 'This machine (.env.local)',
  manual: 'By hand (the Backend API cannot do these)',
}

const LABEL: Record<Step['status'], string> = {
  ok: 'ok     ',
  change: 'change ',
  problem: 'PROBLEM',
  manual: '-      ',
}

export async function runSetup(argv: string[], io: SetupIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.write(USAGE)
    return 0
  }
  const unknown = argv.filter((a) => a !== '--dry-run')
  if (unknown.length > 0) {
    io.write(`Unknown option: ${unknown.join(' ')}\n\n${USAGE}`)
    return 2
  }
  // `npm run setup --dry-run` (without `--`) hands the flag to npm, which passes it on only as npm_config_dry_run:
  // honoured, so that spelling never makes real changes.
  const dryRun = argv.includes('--dry-run') || io.environment.npm_config_dry_run === 'true'
  const local = loadLocalConfig(io.root, readTextFile, io.environment)
  const value = (name: string) => local.values.get(name)

  let secretKey = value('CLERK_SECRET_KEY')?.value.trim()
  if (!secretKey && io.askSecret) secretKey = (await io.askSecret())?.trim()
  if (!secretKey) {
    io.write(
      'npm run setup needs your Clerk secret key (Clerk Dashboard → API keys → Secret keys). Give it as ' +
        '`CLERK_SECRET_KEY=sk_test_... npm run setup`, put CLERK_SECRET_KEY in .env.local, or run setup in a terminal ' +
        'to be asked for it.\n',
    )
    return 1
  }
  const webhookSecret = value('CLERK_WEBHOOK_SECRET')?.value.trim() || undefined
  const secrets = [secretKey, ...(webhookSecret ? [webhookSecret] : [])]
  const say = (text: string) => io.write(redact(text, secrets))
  if (!/^sk_(test|live)_[A-Za-z0-9]+$/.test(secretKey)) {
    say(
      'CLERK_SECRET_KEY is not a Clerk secret key (sk_test_... or sk_live_...): copy it from Clerk Dashboard → API keys.\n',
    )
    return 1
  }

  const http = createHttpClient(io.fetchImpl ?? fetch, 15_000)
  const backend = createClerkBackend(http, secretKey, io.environment.CLERK_API_URL || DEFAULT_CLERK_API_URL)
  const knowsDeployment = Boolean(value('CONVEX_DEPLOYMENT')?.value || io.environment.CONVEX_DEPLOY_KEY)
  const [instance, domains, templates, redirects, convexEnv] = await Promise.all([
    readClerk(backend, '/instance', parseInstance),
    readClerk(backend, '/domains', parseDomains),
    readClerk(backend, '/jwt_templates', parseJwtTemplates),
    readClerk(backend, '/redirect_urls?paginated=true&limit=500', parseRedirectUrls),
    knowsDeployment ? readConvexEnv(io.runCommand, io.root, 30_000) : Promise.resolve(null),
  ])
  for (const read of [instance, domains, templates, redirects]) {
    if ('error' in read) {
      say(`${read.error}\n`)
      return 1
    }
  }
  if ('error' in instance || 'error' in domains || 'error' in templates || 'error' in redirects) return 1

  const steps = planSetup({
    app: appFacts(value('MAIN_VITE_APP_SCHEME')?.value),
    instance: instance.data,
    domains: domains.data,
    templates: templates.data,
    redirectUrls: redirects.data,
    secretKey,
    webhookSecret,
    convexEnv,
    publishableKey: value('VITE_CLERK_PUBLISHABLE_KEY'),
    convexUrl: value('VITE_CONVEX_URL')?.value,
  })

  const deployment = value('CONVEX_DEPLOYMENT')?.value.split('#')[0]?.trim()
  say(
    `Harbor setup: Clerk ${instance.data.environmentType} instance ${instance.data.id}` +
      `${deployment ? `, Convex deployment ${deployment}` : ''}${dryRun ? ' (dry run: nothing is changed)' : ''}\n`,
  )
  const changes = steps.filter((s) => s.status === 'change')
  let failures = 0
  for (const area of Object.keys(AREA_TITLES) as Step['area'][]) {
    const inArea = steps.filter((s) => s.area === area)
    if (inArea.length === 0) continue
    say(`\n${AREA_TITLES[area]}\n`)
    for (const step of inArea) {
      if (step.status !== 'change' || dryRun) {
        const label = step.status === 'change' ? 'would  ' : LABEL[step.status]
        say(`  ${label} ${step.title}: ${step.detail}\n`)
        continue
      }
      const outcome = await apply(step.action, io, backend)
      if (outcome === null) say(`  changed ${step.title}: ${step.detail}\n`)
      else {
        failures += 1
        say(`  FAILED  ${step.title}: ${step.detail}\n          ${outcome}\n`)
      }
    }
  }
  const problems = steps.filter((s) => s.status === 'problem').length
  say('\n')
  if (dryRun) {
    say(
      changes.length === 0
        ? 'Nothing to change: Clerk and Convex are already set up as Harbor needs.\n'
        : `Would make ${changes.length} change${changes.length === 1 ? '' : 's'}. Run \`npm run setup\` to make them.\n`,
    )
  } else if (changes.length === 0) {
    say('Nothing to change: Clerk and Convex are already set up as Harbor needs.\n')
  } else {
    const made = changes.length - failures
    say(`Made ${made} change${made === 1 ? '' : 's'}${failures ? `; ${failures} failed (above)` : ''}.\n`)
  }
  if (problems > 0) say(`${problems} problem${problems === 1 ? '' : 's'} setup cannot fix (PROBLEM above).\n`)
  say('Then: `npm run doctor` checks everything, `npm run dev` starts the app.\n')
  return failures > 0 || problems > 0 ? 1 : 0
}

type Read<T> = { data: T } | { error: string }

async function readClerk<T>(
  backend: ClerkBackend,
  path: string,
  parse: (json: unknown) => T | null,
): Promise<Read<T>> {
  const result: ClerkApiResult = await backend.get(path)
  switch (result.kind) {
    case 'unreachable':
      return {
        error: `Could not reach Clerk's Backend API (${result.reason}). Nothing was changed; try again when online.`,
      }
    case 'rejected':
      return {
        error: `Clerk refused the secret key (HTTP ${result.status}: ${result.message}). Copy it again from Clerk Dashboard → API keys. Nothing was changed.`,
      }
    case 'http-error':
      return {
        error: `GET ${path} failed with HTTP ${result.status}: ${result.message}. Nothing was changed.`,
      }
    case 'ok': {
      const data = parse(result.json)
      return data === null
        ? { error: `GET ${path} answered in a shape setup does not know. Nothing was changed.` }
        : { data }
    }
  }
}

/** Makes one change; null when it worked, else what went wrong. */
async function apply(action: Action, io: SetupIo, backend: ClerkBackend): Promise<string | null> {
  switch (action.kind) {
    case 'clerk': {
      const result = await backend.send(action.method, action.path, action.body)
      if (result.kind === 'ok') return null
      if (result.kind === 'unreachable') return `Clerk's Backend API did not answer (${result.reason}).`
      return `Clerk answered HTTP ${result.status}: ${result.message}.`
    }
    case 'convex-env': {
      // The value goes on stdin (`convex env set NAME` reads it there), never on a command line others can see.
      const outcome = await io.runCommand('npx', ['--no-install', 'convex', 'env', 'set', action.name], {
        cwd: io.root,
        timeoutMs: CONVEX_SET_TIMEOUT_MS,
        input: action.value,
      })
      if (outcome.kind === 'exited' && outcome.code === 0) return null
      if (outcome.kind === 'timeout')
        return `the Convex CLI did not answer within ${CONVEX_SET_TIMEOUT_MS / 1000} s.`
      if (outcome.kind === 'spawn-error') return `could not run the Convex CLI: ${outcome.message}.`
      return `\`npx convex env set ${action.name}\` exited with ${outcome.code}: ${(outcome.stderr || outcome.stdout).trim().split('\n')[0] ?? ''}`
    }
    case 'env-local': {
      const path = join(io.root, '.env.local')
      try {
        const current = readTextFile(path) ?? ''
        const line = `${action.name}=${action.value}`
        const pattern = new RegExp(`^${action.name}=.*$`, 'm')
        const next = pattern.test(current)
          ? current.replace(pattern, line)
          : `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${line}\n`
        // Written beside and renamed over: a crash mid-write never leaves half a .env.local.
        const temp = `${path}.setup-${process.pid}`
        writeFileSync(temp, next)
        renameSync(temp, path)
        return null
      } catch (error) {
        return `could not write .env.local: ${error instanceof Error ? error.message : String(error)}.`
      }
    }
  }
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string | null> {
  return new Promise((resolve) => {
    const stdin = process.stdin
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let value = ''
    const done = (result: string | null) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      resolve(result)
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(value)
        if (char === '\u0003' || char === '\u0004') return done(null) // Ctrl-C / Ctrl-D
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else value += char
      }
    }
    stdin.on('data', onData)
  })
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  runSetup(process.argv.slice(2), {
    root: process.cwd(),
    environment: process.env,
    runCommand: spawnCommand,
    write: (text) => process.stdout.write(text),
    askSecret: process.stdin.isTTY
      ? () => askHidden('Clerk secret key (Clerk Dashboard → API keys; input hidden): ')
      : null,
  }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`setup: ${redact(error instanceof Error ? error.message : String(error), [])}\n`)
      process.exitCode = 1
    },
  )
}
