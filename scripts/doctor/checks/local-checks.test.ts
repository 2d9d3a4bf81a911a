import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CONVEX_URL,
  DEPLOYMENT,
  FAPI_HOST,
  PUBLISHABLE_KEY,
  healthyEnvLocal,
  mkdir,
  tempProject,
  testContext,
  type TempProject,
} from '../testing/fixtures.ts'
import {
  FIRST_STEP_FIX,
  checkConvexUrl,
  checkDeploymentMatchesUrl,
  checkEnvFile,
  checkNoSecretsInRenderer,
  checkPublishableKey,
} from './local-checks.ts'

// Local checks never touch the network; the server URL is never called.
const NO_SERVER = 'http://127.0.0.1:9'

let project: TempProject
afterEach(() => project?.cleanup())

const contextFor = (files: Record<string, string>, environment: Record<string, string> = {}) => {
  project = tempProject(files)
  return testContext({ project, server: NO_SERVER, environment })
}

describe('env-file', () => {
  it('fails on a fresh clone and tells the newcomer to run `npm run dev` first', () => {
    const verdict = checkEnvFile(contextFor({}))
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('fresh clone')
    expect(verdict.fix).toBe(FIRST_STEP_FIX)
    expect(verdict.fix).toMatch(/^Run `npm run dev`/)
  })

  it('passes when .env.local exists, even if it is empty', () => {
    expect(checkEnvFile(contextFor({ '.env.local': '' })).status).toBe('pass')
  })

  it('fails with the read error when .env.local is not a readable file', () => {
    project = tempProject()
    mkdir(join(project.root, '.env.local'))
    const verdict = checkEnvFile(testContext({ project, server: NO_SERVER }))
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toMatch(/\.env\.local: .*EISDIR/)
  })
})

describe('convex-url', () => {
  it('passes for a cloud URL and says where it came from', () => {
    const verdict = checkConvexUrl(contextFor({ '.env.local': `VITE_CONVEX_URL=${CONVEX_URL}\n` }))
    expect(verdict).toEqual({
      status: 'pass',
      detail: `VITE_CONVEX_URL is ${CONVEX_URL} (from .env.local).`,
      fix: null,
    })
  })

  it('lets the environment override the files, as Vite does', () => {
    const verdict = checkConvexUrl(
      contextFor(
        { '.env.local': 'VITE_CONVEX_URL=nonsense\n' },
        { VITE_CONVEX_URL: 'https://other-name-9.convex.cloud' },
      ),
    )
    expect(verdict.status).toBe('pass')
    expect(verdict.detail).toContain('(from environment)')
  })

  it('reads .env when .env.local lacks the value', () => {
    const verdict = checkConvexUrl(
      contextFor({ '.env': `VITE_CONVEX_URL=${CONVEX_URL}\n`, '.env.local': '' }),
    )
    expect(verdict.detail).toContain('(from .env)')
  })

  it('fails with the parser reason for a .convex.site URL', () => {
    const verdict = checkConvexUrl(
      contextFor({ '.env.local': `VITE_CONVEX_URL=https://${DEPLOYMENT}.convex.site\n` }),
    )
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('HTTP actions host (.convex.site)')
    expect(verdict.fix).toContain('npx convex dev')
  })

  it('passes for a local backend', () => {
    expect(
      checkConvexUrl(contextFor({ '.env.local': 'VITE_CONVEX_URL=http://127.0.0.1:3210\n' })).detail,
    ).toContain('local backend')
  })
})

describe('convex-deployment-match', () => {
  it('passes when CONVEX_DEPLOYMENT (with its trailing comment) names the URL deployment', () => {
    expect(checkDeploymentMatchesUrl(contextFor({ '.env.local': healthyEnvLocal() })).status).toBe('pass')
  })

  it('fails when the CLI and the app would use different deployments', () => {
    const verdict = checkDeploymentMatchesUrl(
      contextFor({ '.env.local': `CONVEX_DEPLOYMENT=dev:other-name-7\nVITE_CONVEX_URL=${CONVEX_URL}\n` }),
    )
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('"other-name-7"')
    expect(verdict.detail).toContain(`"${DEPLOYMENT}"`)
    expect(verdict.fix).toContain('https://other-name-7.convex.cloud')
  })

  it('compares the name of a regional deployment', () => {
    const verdict = checkDeploymentMatchesUrl(
      contextFor({
        '.env.local':
          'CONVEX_DEPLOYMENT=prod:basic-whale-224\nVITE_CONVEX_URL=https://basic-whale-224.eu-west-1.convex.cloud\n',
      }),
    )
    expect(verdict.status).toBe('pass')
  })

  it('fails for a malformed CONVEX_DEPLOYMENT', () => {
    const verdict = checkDeploymentMatchesUrl(
      contextFor({ '.env.local': `CONVEX_DEPLOYMENT=dev:Bad Name!\nVITE_CONVEX_URL=${CONVEX_URL}\n` }),
    )
    expect(verdict.status).toBe('fail')
  })

  it('skips without CONVEX_DEPLOYMENT or for a local backend', () => {
    expect(
      checkDeploymentMatchesUrl(contextFor({ '.env.local': `VITE_CONVEX_URL=${CONVEX_URL}\n` })).status,
    ).toBe('skipped')
    expect(
      checkDeploymentMatchesUrl(
        contextFor({ '.env.local': 'CONVEX_DEPLOYMENT=local:x\nVITE_CONVEX_URL=http://127.0.0.1:3210\n' }),
      ).status,
    ).toBe('skipped')
  })
})

describe('publishable-key', () => {
  it('passes and names the Frontend API host the key encodes', () => {
    const verdict = checkPublishableKey(
      contextFor({ '.env.local': `VITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}\n` }),
    )
    expect(verdict.status).toBe('pass')
    expect(verdict.detail).toContain(`https://${FAPI_HOST}`)
    expect(verdict.detail).toContain('development (pk_test)')
  })

  it('fails for a secret key pasted by mistake', () => {
    const verdict = checkPublishableKey(
      contextFor({ '.env.local': 'VITE_CLERK_PUBLISHABLE_KEY=sk_test_abc\n' }),
    )
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('secret key')
    expect(verdict.fix).toContain('API keys')
  })

  it('fails when missing', () => {
    expect(checkPublishableKey(contextFor({ '.env.local': '' })).detail).toBe(
      'VITE_CLERK_PUBLISHABLE_KEY is not set.',
    )
  })
})

describe('no-secrets-in-renderer', () => {
  it('passes for the ordinary public values', () => {
    expect(checkNoSecretsInRenderer(contextFor({ '.env.local': healthyEnvLocal() })).status).toBe('pass')
  })

  it.each([
    ['a secret key value', 'VITE_CLERK_KEY=sk_live_abc'],
    ['a webhook secret value', 'VITE_HOOK=whsec_abc'],
    ['a SECRET name', 'VITE_CLERK_SECRET_KEY=anything'],
  ])('fails for %s and names the variable', (_label, line) => {
    const verdict = checkNoSecretsInRenderer(contextFor({ '.env.local': `${line}\n` }))
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain(line.split('=')[0])
    expect(verdict.fix).toContain('rotate')
  })

  it('does not mind a server variable that is not VITE_ prefixed', () => {
    expect(
      checkNoSecretsInRenderer(contextFor({ '.env.local': 'CLERK_SECRET_KEY=sk_test_x\n' })).status,
    ).toBe('pass')
  })
})
