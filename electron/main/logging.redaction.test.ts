// Property-style check of log redaction: thousands of generated secrets (spaces, quotes, backslashes, `=`, `;`,
// `&`, non-ASCII) in every shape a credential reaches a log line in, through the same hook electron-log runs.
// A seeded generator keeps failures reproducible. Nothing of a secret may survive: not the whole, and no run of
// 8 characters of it, in its raw, JSON-escaped or URL-encoded spelling.
import type { LogMessage } from 'electron-log'
import { describe, expect, it } from 'vitest'
import { redactLogMessage, redactLogText } from './logging'

/** Mulberry32: small, seedable, good enough to spread cases. */
function generator(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return { next, pick, int }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const SPECIAL = [' ', ' ', '"', "'", '\\', '=', ';', '&', ',', '+', '/', '.', '-', '_', '%', ':', 'é', '€']

type Random = ReturnType<typeof generator>

/** A secret of 16-48 characters; never two specials in a row, so every 8-window holds real entropy. */
function secret(random: Random, specials: boolean): string {
  let text = ''
  const length = random.int(16, 48)
  while (text.length < length) {
    const useSpecial = specials && random.next() < 0.25 && !SPECIAL.includes(text.at(-1) ?? ' ')
    text += useSpecial ? random.pick(SPECIAL) : random.pick([...ALNUM])
  }
  return text
}

const alnumSecret = (random: Random) => {
  let text = ''
  const length = random.int(16, 48)
  while (text.length < length) text += random.pick([...ALNUM])
  return text
}

const base64url = (text: string) => Buffer.from(text).toString('base64url')

function jwt(random: Random): string {
  return [
    base64url(JSON.stringify({ alg: 'RS256', kid: alnumSecret(random) })),
    base64url(JSON.stringify({ sub: `user_${alnumSecret(random)}`, sid: alnumSecret(random) })),
    base64url(alnumSecret(random)),
  ].join('.')
}

const SCHEMES = ['Bearer', 'Basic', 'Digest', 'Token', 'Negotiate', 'NTLM', 'DPoP', 'AWS4-HMAC-SHA256']
const SECRET_KEYS = [
  'token',
  'client_secret',
  'password',
  'apiKey',
  'x-session-token',
  'authorization',
  'cookie',
]

interface Case {
  shape: string
  /** What the log receives: a string, or electron-log data (objects, errors). */
  data: unknown[]
  secrets: string[]
}

function cases(random: Random): Case[] {
  const s = secret(random, true)
  const a = alnumSecret(random)
  const token = jwt(random)
  const key = random.pick(SECRET_KEYS)
  const scheme = random.pick(SCHEMES)
  const host = random.pick(['clerk.example.com', 'api.harbor.dev', '127.0.0.1:8080', 'renderer'])
  return [
    {
      shape: 'URL userinfo',
      data: [`GET https://${a}:${encodeURIComponent(s)}@${host}/v1 failed`],
      secrets: [a, s],
    },
    { shape: 'URL token-only userinfo', data: [`fetch https://${a}@${host}/`], secrets: [a] },
    { shape: 'Authorization header, any scheme', data: [`Authorization: ${scheme} ${s}`], secrets: [s] },
    { shape: 'Authorization header, no scheme', data: [`authorization=${s}\nnext line`], secrets: [s] },
    {
      shape: 'Proxy-Authorization',
      data: [`Proxy-Authorization: Basic ${base64url(`${a}:${s}`)}`],
      secrets: [a, s],
    },
    {
      shape: 'Basic credential in an error',
      data: [new Error(`401 for Basic ${base64url(`${a}:${s}`)}`)],
      secrets: [a, s],
    },
    { shape: 'auth scheme inline', data: [`retrying with ${scheme} ${a} now`], secrets: [a] },
    {
      shape: 'Cookie header',
      data: [`Cookie: __session=${a}; __client_uat=${alnumSecret(random)}`],
      secrets: [a],
    },
    { shape: 'Set-Cookie header', data: [`Set-Cookie: __client=${s}; Path=/; HttpOnly`], secrets: [s] },
    {
      shape: 'JSON secret with spaces and quotes',
      data: [JSON.stringify({ [key]: s, name: 'Ada' })],
      secrets: [s],
    },
    {
      shape: 'object secret (electron-log data)',
      data: ['state', { nested: { [key]: s }, ok: true }],
      secrets: [s],
    },
    {
      shape: 'headers object',
      data: [{ headers: { Authorization: `${scheme} ${s}`, 'Content-Type': 'json' } }],
      secrets: [s],
    },
    { shape: 'quoted text field', data: [`${key}="${s.replace(/"/g, '\\"')}" next`], secrets: [s] },
    { shape: 'single-quoted text field', data: [`${key}: '${s.replace(/'/g, "\\'")}'`], secrets: [s] },
    { shape: 'key=value', data: [`${key}=${a} other=1`], secrets: [a] },
    {
      shape: 'query token',
      data: [`open https://${host}/cb?rotating_token_nonce=${encodeURIComponent(s)}&x=1`],
      secrets: [s],
    },
    { shape: 'fragment token', data: [`harbor://renderer/#access_token=${a}&state=1`], secrets: [a] },
    { shape: 'bare query', data: [`path /v1/client?__clerk_db_jwt=${a}`], secrets: [a] },
    { shape: 'JWT anywhere', data: [`x${token}y`], secrets: [token.split('.')[1]!, token.split('.')[2]!] },
    { shape: 'JWT in JSON', data: [{ result: token }], secrets: [token.split('.')[1]!] },
    { shape: 'Clerk secret key', data: [`CLERK_SECRET_KEY is sk_live_${a}`], secrets: [a] },
    { shape: 'Clerk test key glued', data: [`key:sk_test_${a}.`], secrets: [a] },
    { shape: 'webhook secret', data: [`secret whsec_${base64url(a)}`], secrets: [base64url(a)] },
  ]
}

/** Every 8-character run of the secret that carries entropy (at least 5 letters or digits). */
function windows(value: string): string[] {
  const spellings = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]
  const result: string[] = []
  for (const spelling of spellings) {
    for (let i = 0; i + 8 <= spelling.length; i++) {
      const window = spelling.slice(i, i + 8)
      if ((window.match(/[A-Za-z0-9]/g) ?? []).length >= 5) result.push(window)
    }
  }
  return result
}

function logged(data: unknown[]): string {
  const message = { data, date: new Date(), level: 'info' } as unknown as LogMessage
  return redactLogMessage(message)
    .data.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
    .join(' ')
}

describe('log redaction, property-style', () => {
  it('lets no generated secret through, in any shape (23 shapes x 200 seeds)', () => {
    const random = generator(20261201)
    let tried = 0
    const leaks: string[] = []
    for (let round = 0; round < 200; round++) {
      for (const { shape, data, secrets } of cases(random)) {
        tried++
        const output = logged(data)
        const leaked = secrets.flatMap(windows).find((window) => output.includes(window))
        if (leaked !== undefined)
          leaks.push(`${shape}: ${JSON.stringify(leaked)} in ${JSON.stringify(output)}`)
      }
    }
    expect(tried).toBe(4600)
    expect(leaks.slice(0, 5)).toEqual([])
    expect(leaks).toHaveLength(0)
  })

  it('keeps ordinary messages readable', () => {
    for (const text of [
      'Starting Harbor 1.2.3 (packaged)',
      'Tokens are kept in the OS keychain',
      'Update channel set to beta',
      'GET https://clerk.example.com/v1/client failed: 503',
      'Blocked navigation to https://evil.example',
      'IPC session:clear-local failed: local sign-out incomplete',
    ]) {
      expect(redactLogText(text)).toBe(text)
    }
  })
})
