// One self-signed certificate per test run for every HTTPS/WSS stand-in (Clerk's Frontend API, the Convex
// deployment). Chromium is launched with --ignore-certificate-errors, and Node clients that talk to a stand-in
// pass `ca: certificate.cert`, so nothing here is trusted outside the run.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCertificate {
  /** PEM private key (RSA 2048). */
  key: string
  /** PEM certificate whose subjectAltName lists every host given (and 127.0.0.1). */
  cert: string
}

const cache = new Map<string, Promise<TestCertificate>>()

/** A certificate valid for `hosts`, made with the system `openssl` once per host list and process. */
export function testCertificate(hosts: readonly string[]): Promise<TestCertificate> {
  const cacheKey = [...hosts].sort().join(',')
  let pending = cache.get(cacheKey)
  if (!pending) {
    pending = makeCertificate(hosts)
    cache.set(cacheKey, pending)
  }
  return pending
}

async function makeCertificate(hosts: readonly string[]): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-tls-'))
  try {
    const san = [...hosts.map((host) => `DNS:${host}`), 'IP:127.0.0.1'].join(',')
    const config = [
      '[req]',
      'distinguished_name = dn',
      'x509_extensions = ext',
      'prompt = no',
      '[dn]',
      'CN = Harbor test stand-in',
      '[ext]',
      `subjectAltName = ${san}`,
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n')
    await writeFile(join(dir, 'openssl.cnf'), config)
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-sha256',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-config',
      join(dir, 'openssl.cnf'),
    ])
    const [key, cert] = await Promise.all([
      readFile(join(dir, 'key.pem'), 'utf8'),
      readFile(join(dir, 'cert.pem'), 'utf8'),
    ])
    return { key, cert }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
