// Semantic-version precedence (semver.org §11), enough to tell a user who left the beta channel whether their
// build is ahead of the newest stable release. Kept here rather than importing `semver` so the main bundle does
// not depend on a transitive package of electron-updater.

export interface ParsedVersion {
  core: [number, number, number]
  prerelease: string[]
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/

export function parseVersion(raw: string): ParsedVersion | null {
  const match = VERSION.exec(raw.trim())
  if (!match) return null
  const prerelease = match[4] ? match[4].split('.') : []
  if (prerelease.some((part) => part.length === 0)) return null
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease }
}

export function isPrerelease(raw: string): boolean {
  return (parseVersion(raw)?.prerelease.length ?? 0) > 0
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a)
  const bNumeric = /^\d+$/.test(b)
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b))
  // Numeric identifiers always have lower precedence than alphanumeric ones.
  if (aNumeric) return -1
  if (bNumeric) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Negative when `a` precedes `b`, positive when it follows, 0 when equal; null if either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const left = parseVersion(a)
  const right = parseVersion(b)
  if (!left || !right) return null
  for (let i = 0; i < 3; i++) {
    const diff = left.core[i]! - right.core[i]!
    if (diff !== 0) return Math.sign(diff)
  }
  // A release follows all of its prereleases: 1.2.0 > 1.2.0-beta.3.
  if (left.prerelease.length === 0 || right.prerelease.length === 0) {
    return Math.sign(right.prerelease.length - left.prerelease.length)
  }
  const length = Math.max(left.prerelease.length, right.prerelease.length)
  for (let i = 0; i < length; i++) {
    const l = left.prerelease[i]
    const r = right.prerelease[i]
    if (l === undefined) return -1
    if (r === undefined) return 1
    const diff = compareIdentifiers(l, r)
    if (diff !== 0) return diff
  }
  return 0
}
