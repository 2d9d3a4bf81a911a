// The values the app would see locally. Vite loads `.env` then `.env.local`, and variables already set in the
// environment win over both; the doctor reads them in the same order so it judges what the app will use.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'

export type ValueSource = 'environment' | '.env.local' | '.env'

export interface LocalValue {
  value: string
  source: ValueSource
}

export interface LocalConfig {
  root: string
  envLocalExists: boolean
  /** A file that exists but could not be read (permissions, a folder with that name, ...). */
  readErrors: string[]
  /** What the app will see, with where each value came from. */
  values: Map<string, LocalValue>
  /** Only what `.env.local` itself says (to spot server-only variables put there by mistake). */
  envLocal: Record<string, string>
}

/** Returns the file's text, or null when it does not exist. Throws for any other read failure. */
export type ReadTextFile = (path: string) => string | null

export const readTextFile: ReadTextFile = (path) => {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export function loadLocalConfig(
  root: string,
  readFile: ReadTextFile,
  environment: Record<string, string | undefined>,
): LocalConfig {
  const readErrors: string[] = []
  const read = (name: '.env' | '.env.local'): Record<string, string> | null => {
    try {
      const text = readFile(join(root, name))
      return text === null ? null : (parseEnv(text) as Record<string, string>)
    } catch (error) {
      readErrors.push(`${name}: ${(error as Error).message}`)
      return null
    }
  }
  const envFile = read('.env')
  const envLocal = read('.env.local')
  const values = new Map<string, LocalValue>()
  for (const [name, value] of Object.entries(envFile ?? {})) values.set(name, { value, source: '.env' })
  for (const [name, value] of Object.entries(envLocal ?? {}))
    values.set(name, { value, source: '.env.local' })
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && /^(VITE_|MAIN_VITE_|CLERK_|CONVEX_)/.test(name)) {
      values.set(name, { value, source: 'environment' })
    }
  }
  return { root, envLocalExists: envLocal !== null, readErrors, values, envLocal: envLocal ?? {} }
}
