// The shipped build is made once however many callers ask at the same time, and a lock left by a killed run
// does not block the next one. A product name unique to this run forces a build nobody has cached.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { buildInputFiles, PROJECT_ROOT, shippedBuildAsAnotherProcess } from './build'

const made: string[] = []
afterAll(async () => {
  for (const outDir of made) await rm(outDir, { recursive: true, force: true })
})

test('three callers at once: one electron-vite build, the same output for all; a stale lock is broken', async () => {
  const env = { MAIN_VITE_APP_PRODUCT_NAME: `Harbor Build Test ${randomBytes(4).toString('hex')}` }
  const results = await Promise.all([1, 2, 3].map(() => shippedBuildAsAnotherProcess({ env })))
  made.push(results[0]!.outDir)
  expect(new Set(results.map((result) => result.outDir)).size).toBe(1)
  expect(results.filter((result) => result.built)).toHaveLength(1)
  // It is the release build of this checkout: the identity the env asked for is compiled into the main bundle.
  expect(await readFile(`${results[0]!.outDir}/main/index.js`, 'utf8')).toContain(
    env.MAIN_VITE_APP_PRODUCT_NAME,
  )

  // A run killed mid-build left its lock (owner pid long gone): the next caller builds anyway.
  const other = { MAIN_VITE_APP_PRODUCT_NAME: `${env.MAIN_VITE_APP_PRODUCT_NAME} B` }
  const probe = await shippedBuildAsAnotherProcess({ env: other })
  made.push(probe.outDir)
  await rm(probe.outDir, { recursive: true, force: true })
  await mkdir(`${probe.outDir}.lock`)
  await writeFile(`${probe.outDir}.lock/owner`, `2147483646 ${Date.now()}`)
  const rebuilt = await shippedBuildAsAnotherProcess({ env: other })
  expect(rebuilt).toEqual({ outDir: probe.outDir, built: true })
})

test('every file electron.vite.config.ts imports from the repository is part of the cache key', async () => {
  // A plugin's file (scripts/build/) changes what is built: once it was outside the key, and a changed plugin
  // went on testing the build made before the change.
  const config = await readFile(resolve(PROJECT_ROOT, 'electron.vite.config.ts'), 'utf8')
  const local = [...config.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) =>
    resolve(PROJECT_ROOT, match[1]!),
  )
  expect(local.length).toBeGreaterThan(0)
  const inputs = new Set(await buildInputFiles())
  expect(local.filter((file) => !inputs.has(file))).toEqual([])
})
