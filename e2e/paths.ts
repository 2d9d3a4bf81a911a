// Where the end-to-end build lives (written by e2e/build-app.mts) and how to start it on each OS.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const projectDir = resolve(__dirname, '..')
// Same folder as E2E_OUTPUT_DIR in build-config.mts (an ES module this CommonJS-compiled file cannot import).
export const E2E_OUTPUT_DIR = 'release/e2e'

export interface BuiltApp {
  executablePath: string
  resourcesDir: string
}

export function builtApp(): BuiltApp {
  const output = join(projectDir, E2E_OUTPUT_DIR)
  const candidates: BuiltApp[] =
    process.platform === 'darwin'
      ? ['mac', 'mac-arm64', 'mac-universal'].map((dir) => ({
          executablePath: join(output, dir, 'Harbor.app/Contents/MacOS/Harbor'),
          resourcesDir: join(output, dir, 'Harbor.app/Contents/Resources'),
        }))
      : process.platform === 'win32'
        ? ['win-unpacked', 'win-arm64-unpacked'].map((dir) => ({
            executablePath: join(output, dir, 'Harbor.exe'),
            resourcesDir: join(output, dir, 'resources'),
          }))
        : ['linux-unpacked', 'linux-arm64-unpacked'].map((dir) => ({
            executablePath: join(output, dir, 'harbor'),
            resourcesDir: join(output, dir, 'resources'),
          }))
  const found = candidates.find((candidate) => existsSync(candidate.executablePath))
  if (!found) {
    throw new Error(
      `No end-to-end build in ${output}: run \`node e2e/build-app.mts\` (npm run test:e2e:electron does)`,
    )
  }
  return found
}
