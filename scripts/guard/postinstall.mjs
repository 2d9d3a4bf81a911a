// The root package's `postinstall`: after `npm install`/`npm ci`, says so in one line when this Node is too old,
// else tries once to fetch Electron's binary (scripts/guard/ensure-electron.ts). Plain JavaScript, so it runs on
// any Node; it always exits 0, because a failed Electron download must never fail `npm install` (CI installs
// where it always fails; `npm run dev` tries again and explains).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeVersionProblem } from './require-node.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
try {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const problem = nodeVersionProblem(process.versions.node, pkg.engines?.node)
  if (problem) {
    process.stderr.write(`${problem}\n`)
  } else {
    spawnSync(
      process.execPath,
      [
        '--experimental-strip-types',
        '--no-warnings',
        join(root, 'scripts/guard/ensure-electron.ts'),
        '--postinstall',
      ],
      { cwd: root, stdio: 'inherit' },
    )
  }
} catch (error) {
  process.stderr.write(`postinstall: ${error instanceof Error ? error.message : String(error)}\n`)
}
process.exitCode = 0
