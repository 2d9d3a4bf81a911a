// `npm run doctor [-- --json]`: checks .env.local, the Convex deployment and the Clerk instance, prints what is
// wrong and how to fix it, and exits 1 when any check fails (2 for a usage error).

import { spawnCommand } from './convex-env.ts'
import { createHttpClient } from './http.ts'
import { readTextFile } from './local-config.ts'
import { formatHuman, formatJson, summarize } from './report.ts'
import { createContext, runChecks } from './run.ts'

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
    http: createHttpClient(),
  })
  if (!argv.includes('--json') && process.stderr.isTTY && ctx.convexEnv) {
    // The Convex CLI retries for over half a minute when offline; say why nothing happens meanwhile.
    process.stderr.write('Reading the Convex deployment with `npx convex env list` (can take a while)...\n')
  }
  const results = await runChecks(ctx)
  if (argv.includes('--json')) {
    process.stdout.write(formatJson(results))
  } else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR
    process.stdout.write(formatHuman(results, { color }))
  }
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
