// Module resolution hook for scripts run with Node's type stripping (`node --experimental-strip-types`): the
// app's own modules import each other without extensions, as bundlers resolve them (`./atomic-file`), which
// Node's ESM resolver refuses. A relative specifier without an extension is tried as `.ts`, then `/index.ts`.
// Only relative and absolute file specifiers are touched; packages resolve as usual.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const HAS_EXTENSION = /\.[cm]?[jt]sx?$|\.json$/

export async function resolve(specifier, context, nextResolve) {
  const isFile = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')
  if (isFile && !HAS_EXTENSION.test(specifier) && context.parentURL?.startsWith('file:')) {
    for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
      const url = new URL(candidate, context.parentURL)
      if (existsSync(fileURLToPath(url))) return nextResolve(url.href, context)
    }
  }
  return nextResolve(specifier, context)
}
