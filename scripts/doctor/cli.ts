// `npm run doctor [-- --json]`: checks .env.local, the Convex deployment and the Clerk instance, prints what is
// wrong and how to fix it, and exits 1 when any check fails (2 for a usage error).

import { spawnCommand } from './convex-env.ts'
import { createHttpClient } from './http.ts'
import { readTextFile } from './local-config.ts'
import { createProgressPrinter, DOCTOR_HEADER, formatJson, formatSummary, summarize } from './report.ts'
import { createContext, DOCTOR_HTTP_TIMEOUT_MS, runChecks } from './run.ts'

const USAGE = `Usage: npm run doctor [-- --json]

Checks .env.local, the Convex deployment (through the Convex CLI) and, with CLERK_SECRET_KEY set in the
environment, the Clerk instance. Exits 1 when a check fails.

  --json   print the results as JSON
  --help   show this text
`

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--json' && arg !== '--help' && arg !== '-h')
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE)
    return 0
  }
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option: ${unknown.join(' ')}\n\n${USAGE}`)
    return 2
  }
  const ctx = createContext({
    root: process.cwd(),
    environment: process.env,
    readFile: readTextFile,
    runCommand: spawnCommand,
    http: createHttpClient(fetch, DOCTOR_HTTP_TIMEOUT_MS),
  })
  const started = Date.now()
  // `npm run doctor --json` (without `--`) reaches us only as npm_config_json.
  if (argv.includes('--json') || process.env.npm_config_json === 'true') {
    const results = await runChecks(ctx)
    process.stdout.write(formatJson(results))
    return summarize(results).ok ? 0 : 1
  }
  // Each check is printed the moment it finishes; they all run at once, each bounded (at most ~9 s).
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR
  process.stdout.write(`${DOCTOR_HEADER} (all checks at once, each within 9 s)\n\n`)
  const results = await runChecks(ctx, undefined, {
    onResult: createProgressPrinter({ color, write: (text) => process.stdout.write(text) }),
  })
  process.stdout.write(`\n${formatSummary(results, { color, elapsedMs: Date.now() - started })}`)
  return summarize(results).ok ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `doctor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 2
  },
)
