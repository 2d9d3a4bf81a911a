// `node scripts/guard/require-node.mjs [--warn]`: the first step of every npm script that needs Node 24. Plain
// JavaScript on purpose: it must run (and say something useful) on the old Node it refuses, where our .ts
// scripts die with "bad option: --experimental-strip-types" and vitest/convex crash in their own ways.
// The required major comes from package.json `engines.node` (kept equal to .nvmrc by a test).
// Exits 1 with one line on an older Node; with --warn it prints the same line and exits 0 (postinstall).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** `>=24`, `>=24.0.0` or `^24` → 24; anything else → null (then nothing is enforced). */
export function requiredMajor(engines) {
  const match = /^\s*(?:>=|\^)\s*(\d+)(?:\.\d+){0,2}\s*$/.exec(engines ?? '')
  return match ? Number(match[1]) : null
}

export function nodeVersionProblem(version, engines) {
  const needed = requiredMajor(engines)
  const major = Number(String(version).replace(/^v/, '').split('.')[0])
  if (needed === null || major >= needed) return null
  return (
    `Harbor needs Node.js ${needed} or newer; this is Node ${String(version).replace(/^v/, '')} (${process.execPath}). ` +
    `Install Node ${needed} (with nvm: \`nvm install\`, which reads .nvmrc) and run the command again.`
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const problem = nodeVersionProblem(process.versions.node, pkg.engines?.node)
  if (problem) {
    process.stderr.write(`${problem}\n`)
    process.exitCode = process.argv.includes('--warn') ? 0 : 1
  }
}
