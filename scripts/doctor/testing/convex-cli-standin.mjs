#!/usr/bin/env node
// A stand-in for the Convex CLI's `env` commands, installed by tests as node_modules/.bin/convex in a temp
// project, so the real doctor and setup scripts (which run `npx --no-install convex ...`) talk to it as they
// would to the real CLI: same arguments, stdin for values, .env-style output on stdout, messages on stderr.
//
// State lives in the JSON file named by CONVEX_STANDIN_STATE: { vars: {NAME: value}, calls: [[...args]] }.
// CONVEX_STANDIN_MODE=hang never answers (a CLI retrying offline), =offline fails like a missing network,
// =not-logged-in fails like a machine without `npx convex login`.
//
// `dev --once` writes .env.local like a first local run; `dev` watches until SIGTERM (recorded in `events`).
//
// Not reproduced: choosing a deployment (CONVEX_DEPLOYMENT, --prod, --deployment), authentication, `--from-file`,
// multi-variable `env set`, the real CLI's retries and timing, its exact wording beyond the lines copied here.
import { readFileSync, writeFileSync } from 'node:fs'

const statePath = process.env.CONVEX_STANDIN_STATE
const load = () => JSON.parse(readFileSync(statePath, 'utf8'))
const save = (state) => writeFileSync(statePath, JSON.stringify(state, null, 2))
const args = process.argv.slice(2)

function readStdin() {
  return new Promise((resolve) => {
    let data = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (chunk) => (data += chunk))
    // Like the real CLI: one trailing newline is dropped.
    process.stdin.on('end', () => resolve(data.replace(/\n$/, '')))
  })
}

// Values are written the way `convex env list --include-values` writes them (.env syntax, quoted when needed).
const format = (value) => (/[\s#"'\\]/.test(value) ? JSON.stringify(value) : value)

async function main() {
  const mode = process.env.CONVEX_STANDIN_MODE ?? 'ok'
  if (mode === 'hang') {
    setInterval(() => undefined, 60_000)
    return
  }
  if (mode === 'offline') {
    process.stderr.write('✖ Error: fetch failed: getaddrinfo ENOTFOUND provision.convex.dev\n')
    process.exitCode = 1
    return
  }
  if (mode === 'not-logged-in') {
    process.stderr.write('✖ You are not logged in. Run `npx convex login` to log in.\n')
    process.exitCode = 1
    return
  }
  const state = load()
  state.calls.push(args)
  const [group, command, name, value] = args
  if (group === 'dev') return dev(state)
  if (group !== 'env') {
    save(state)
    process.stderr.write(`convex stand-in: unsupported command ${args.join(' ')}\n`)
    process.exitCode = 1
    return
  }
  if (command === 'list') {
    save(state)
    const entries = Object.entries(state.vars)
    if (entries.length === 0) process.stderr.write('No environment variables set.\n')
    for (const [k, v] of entries) process.stdout.write(`${k}=${format(v)}\n`)
    return
  }
  if (command === 'set' && name) {
    const newValue = value ?? (process.stdin.isTTY ? null : await readStdin())
    if (newValue === null) {
      process.stderr.write('convex stand-in: no value and no stdin\n')
      process.exitCode = 1
      return
    }
    state.vars[name] = newValue
    save(state)
    process.stderr.write(`✔ Successfully set ${name}\n`)
    return
  }
  if (command === 'get' && name) {
    save(state)
    if (name in state.vars) process.stdout.write(`${state.vars[name]}\n`)
    else process.stderr.write(`✖ Environment variable "${name}" not found\n`)
    return
  }
  if (command === 'remove' && name) {
    delete state.vars[name]
    save(state)
    process.stderr.write(`✔ Successfully unset ${name}\n`)
    return
  }
  save(state)
  process.stderr.write(`convex stand-in: unsupported command ${args.join(' ')}\n`)
  process.exitCode = 1
}

// `convex dev --once` configures and pushes, then exits: here it writes what the real CLI writes to .env.local
// for a local deployment. `convex dev` keeps running (watching) until it is stopped.
function dev(state) {
  if (args.includes('--once')) {
    const envLocal = `${process.cwd()}/.env.local`
    let text
    try {
      text = readFileSync(envLocal, 'utf8')
    } catch {
      text = '' // no .env.local yet: a fresh clone
    }
    if (!text.includes('CONVEX_DEPLOYMENT=')) {
      text += 'CONVEX_DEPLOYMENT=anonymous:anonymous-harbor\nVITE_CONVEX_URL=http://127.0.0.1:3210\n'
      writeFileSync(envLocal, text)
    }
    save(state)
    process.stderr.write('✔ Convex functions ready!\n')
    return
  }
  state.events = [...(state.events ?? []), 'watching']
  save(state)
  process.stderr.write('✔ Convex functions ready! (watching)\n')
  process.on('SIGTERM', () => {
    const latest = load()
    latest.events = [...(latest.events ?? []), 'stopped']
    save(latest)
    process.exit(0)
  })
  setInterval(() => undefined, 60_000)
}

main()
