// Checks of this machine that the first `npm run dev` depends on: Node's version and Electron's binary.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ELECTRON_DOWNLOAD_ROUTES,
  electronDirFor,
  findElectronBinary,
  type ElectronBinary,
} from '../../guard/ensure-electron.ts'
import { nodeVersionProblem } from '../../guard/require-node.mjs'
import type { CheckDefinition, DoctorContext } from '../context.ts'
import { fail, pass, type Verdict } from '../types.ts'

export interface MachineFacts {
  nodeVersion: string
  nodeExecPath: string
  /** package.json `engines.node` */
  engines: string | undefined
  electron: ElectronBinary | { kind: 'no-package'; reason: string }
}

export function readMachineFacts(root: string, env: Record<string, string | undefined>): MachineFacts {
  let engines: string | undefined
  try {
    engines = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } }
    ).engines?.node
  } catch {
    engines = undefined
  }
  let electron: MachineFacts['electron']
  try {
    electron = findElectronBinary(electronDirFor(root), env)
  } catch (error) {
    electron = { kind: 'no-package', reason: error instanceof Error ? error.message : String(error) }
  }
  return { nodeVersion: process.versions.node, nodeExecPath: process.execPath, engines, electron }
}

export function checkNodeVersion(ctx: DoctorContext): Verdict {
  const { nodeVersion, engines, nodeExecPath } = ctx.machine
  const problem = nodeVersionProblem(nodeVersion, engines)
  if (problem) return fail(problem, 'Install Node.js 24 (`nvm install` reads .nvmrc), then `npm ci`.')
  return pass(`Node ${nodeVersion} (${nodeExecPath}); the project needs ${engines ?? 'any'}.`)
}

export function checkElectronBinary(ctx: DoctorContext): Verdict {
  const { electron } = ctx.machine
  if (electron.kind === 'ready')
    return pass(`Electron's binary is at ${electron.path} (via ${electron.via}).`)
  if (electron.kind === 'no-package') {
    return fail(`The electron package is not installed (${electron.reason}).`, 'Run `npm install`.')
  }
  return fail(
    `Electron's binary is not installed (${electron.reason}); \`npm run dev\` downloads it first and stops if it cannot.`,
    `Run \`npx install-electron\` (Electron's own installer). ${ELECTRON_DOWNLOAD_ROUTES}.`,
  )
}

export const machineChecks: CheckDefinition[] = [
  { id: 'node-version', group: 'machine', title: 'Node.js version', run: checkNodeVersion },
  {
    id: 'electron-binary',
    group: 'machine',
    title: "Electron's binary is installed",
    run: checkElectronBinary,
  },
]
