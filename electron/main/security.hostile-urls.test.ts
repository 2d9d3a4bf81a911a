// A table of hostile spellings of hosts that must never reach the system browser: every forbidden host in
// every notation we know a browser or resolver accepts. The table is generated so that a new base host or a new
// spelling multiplies across all the others; the count is asserted so the table cannot silently shrink.
import { describe, expect, it } from 'vitest'
import { vetExternalUrl } from './security'

const LOCAL_NAMES = [
  'localhost',
  'app.localhost',
  'intranet',
  'router',
  'printer.local',
  'nas.lan',
  'wiki.corp',
  'db.internal',
  'gateway.home.arpa',
  '1.0.0.127.in-addr.arpa',
  'box.localdomain',
]

/** IPv4 addresses that are loopback, private, link-local (cloud metadata) or unspecified. */
const ADDRESSES: Array<[number, number, number, number]> = [
  [127, 0, 0, 1],
  [10, 0, 0, 1],
  [192, 168, 1, 1],
  [169, 254, 169, 254],
  [0, 0, 0, 0],
  [8, 8, 8, 8], // public, but every IP host is refused: no certificate names it and it skips DNS-based checks
]

const percentEncodeAll = (text: string) =>
  [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')
const toFullWidth = (text: string) =>
  [...text].map((c) => (/[a-z0-9]/i.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('')
const alternateCase = (text: string) => [...text].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('')

function nameSpellings(name: string): string[] {
  return [
    name,
    name.toUpperCase(),
    alternateCase(name),
    `${name}.`,
    `${name}..`,
    `${name}%2e`,
    `${name}%2E`,
    name.replace(/\./g, '%2e'),
    name.replace(/\./g, '\u3002'), // ideographic full stop, a dot after IDNA
    name.replace(/\./g, '\uff0e'), // full-width full stop
    `${name}\u3002`,
    percentEncodeAll(name),
    toFullWidth(name),
    `${toFullWidth(name)}\uff0e`,
    `.${name}`,
  ]
}

function addressSpellings([a, b, c, d]: [number, number, number, number]): string[] {
  const dword = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
  const hex = (n: number) => `0x${n.toString(16)}`
  const octal = (n: number) => `0${n.toString(8)}`
  return [
    `${a}.${b}.${c}.${d}`,
    `${a}.${b}.${c}.${d}.`,
    String(dword),
    hex(dword),
    `0${dword.toString(8)}`,
    [a, b, c, d].map(hex).join('.'),
    [a, b, c, d].map(octal).join('.'),
    `${a}.${(b << 16) + (c << 8) + d}`, // a.bcd
    `${a}.${b}.${(c << 8) + d}`, // a.b.cd
    `${hex(a)}.${(b << 16) + (c << 8) + d}`,
    percentEncodeAll(`${a}.${b}.${c}.${d}`),
    toFullWidth(`${a}.${b}.${c}.${d}`),
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${((a << 8) + b).toString(16)}:${((c << 8) + d).toString(16)}]`,
    `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    `[::${a}.${b}.${c}.${d}]`,
    `[64:ff9b::${a}.${b}.${c}.${d}]`,
  ]
}

const IPV6 = ['[::1]', '[0:0:0:0:0:0:0:1]', '[::]', '[fe80::1]', '[fc00::1]', '[::1%25lo]', '[0::1]']

const hosts = [...LOCAL_NAMES.flatMap(nameSpellings), ...ADDRESSES.flatMap(addressSpellings), ...IPV6]
// Each host also behind credentials, with a port, and with a path, query and fragment.
const hostile = hosts.flatMap((host) => [
  `https://${host}/`,
  `https://${host}:8443/admin`,
  `https://${host}/?next=https://example.com#x`,
  `https://user:pw@${host}/`,
  `HTTPS://${host}`,
])

describe('vetExternalUrl against hostile host spellings', () => {
  it(`refuses all ${hostile.length} spellings of local, private and IP-address hosts`, () => {
    expect(hostile.length).toBeGreaterThan(1000)
    const accepted = hostile.filter((url) => vetExternalUrl(url).ok)
    expect(accepted).toEqual([])
  })

  it('refuses malformed names that a resolver might still try', () => {
    for (const url of [
      'https://a..b.com/',
      'https://-example.com/',
      'https://example-.com/',
      'https://exa_mple.com/',
      'https://example.com../',
      'https://.example.com/',
      'https://com./',
      'https://example.123/',
    ]) {
      expect(vetExternalUrl(url), url).toMatchObject({ ok: false })
    }
  })

  it('accepts public names in their odd spellings and opens their canonical form', () => {
    expect(vetExternalUrl('https://Example.COM./docs')).toEqual({ ok: true, url: 'https://example.com/docs' })
    expect(vetExternalUrl('https://example%2ecom/')).toEqual({ ok: true, url: 'https://example.com/' })
    expect(vetExternalUrl('https://ｅｘａｍｐｌｅ。com/')).toEqual({ ok: true, url: 'https://example.com/' })
    expect(vetExternalUrl('https://bücher.de/')).toEqual({ ok: true, url: 'https://xn--bcher-kva.de/' })
    expect(vetExternalUrl('https://accounts.google.com/o/oauth2/auth?x=1')).toEqual({
      ok: true,
      url: 'https://accounts.google.com/o/oauth2/auth?x=1',
    })
    // Names that merely contain a forbidden word are public.
    expect(vetExternalUrl('https://localhost.example.com/')).toMatchObject({ ok: true })
    expect(vetExternalUrl('https://local.example.org/')).toMatchObject({ ok: true })
    // Reserved names that never resolve open nothing: not refused (test stand-ins use them).
    expect(vetExternalUrl('https://clerk.harbor-fullstack.test/v1/oauth')).toMatchObject({ ok: true })
  })
})
