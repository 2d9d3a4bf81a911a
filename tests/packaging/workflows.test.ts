// The GitHub Actions workflows cannot run here; this reads them and checks what can break silently: they parse,
// they run on the three OSes, and every `npm run <script>` they call exists.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const projectDir = resolve(import.meta.dirname, '../..')
// js-yaml ships with electron-updater (a runtime dependency); electron-builder reads its own YAML with it.
const { load } = createRequire(resolve(projectDir, 'package.json'))('js-yaml') as {
  load(text: string): unknown
}

interface Step {
  name?: string
  run?: string
  if?: string
  uses?: string
}
interface Job {
  'runs-on': string
  container?: string
  strategy?: { matrix: { os?: string[]; include?: Array<{ os: string; target: string }> } }
  steps: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  jobs: Record<string, Job>
}

function workflow(name: string): Workflow {
  return load(readFileSync(resolve(projectDir, '.github/workflows', name), 'utf8')) as Workflow
}

const scripts = (
  JSON.parse(readFileSync(resolve(projectDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts

function runs(job: Job): string {
  return job.steps.map((step) => step.run ?? '').join('\n')
}

describe('.github/workflows', () => {
  it('only calls npm scripts that exist', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      const all = Object.values(workflow(file).jobs).map(runs).join('\n')
      const called = [...all.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!)
      for (const name of called) expect(scripts, `${file}: npm run ${name}`).toHaveProperty([name])
    }
  })

  it('CI runs typecheck and npm test, and the Electron suite on macOS, Windows and Linux under xvfb', () => {
    const ci = workflow('ci.yml')
    expect(ci.jobs.linux?.container).toBe('debian:12')
    expect(runs(ci.jobs.linux!)).toContain('.ci/run')
    expect(runs(ci.jobs.linux!)).toContain('npm run typecheck')
    expect(ci.jobs.unit?.strategy?.matrix.os).toEqual(['macos-latest', 'windows-latest'])
    expect(runs(ci.jobs.unit!)).toMatch(/npm run typecheck[\s\S]*npm test/)
    expect(ci.jobs.e2e?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(runs(ci.jobs.e2e!)).toMatch(/xvfb-run -a npm run test:e2e:electron/)
    expect(runs(ci.jobs.e2e!)).toContain('gnome-keyring-daemon --unlock')
    // Ubuntu 24.04's AppArmor otherwise stops the unpacked Electron build's sandbox at launch.
    expect(runs(ci.jobs.e2e!)).toContain('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0')
    // macOS/Windows run every project but the Linux-only packaging one.
    expect(runs(ci.jobs.unit!)).toContain("npm test -- --project '!packaging'")
  })

  it('a version tag builds the installers on each OS and publishes them', () => {
    const release = workflow('release.yml')
    expect(release.on).toEqual({ push: { tags: ['v*'] } })
    const targets = release.jobs.build?.strategy?.matrix.include?.map((entry) => entry.target).sort()
    expect(targets).toEqual(['--linux', '--mac', '--win'])
    expect(runs(release.jobs.build!)).toContain('electron-builder ${{ matrix.target }} --publish never')
    expect(runs(release.jobs.publish!)).toContain('gh release create')
  })
})
