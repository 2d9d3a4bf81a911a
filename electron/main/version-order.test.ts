import { describe, expect, it } from 'vitest'
import { compareVersions, isPrerelease, parseVersion } from './version-order'

describe('compareVersions', () => {
  it('orders by semver precedence', () => {
    // semver.org §11 example chain, each strictly before the next.
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ]
    for (let i = 0; i < chain.length - 1; i++) {
      expect(compareVersions(chain[i]!, chain[i + 1]!), `${chain[i]} < ${chain[i + 1]}`).toBe(-1)
      expect(compareVersions(chain[i + 1]!, chain[i]!)).toBe(1)
    }
    expect(compareVersions('1.3.0-beta.2', '1.2.0')).toBe(1)
    expect(compareVersions('v1.2.0', '1.2.0+build.5')).toBe(0)
  })

  it('returns null for anything that is not a version', () => {
    expect(compareVersions('1.2', '1.2.0')).toBeNull()
    expect(compareVersions('1.2.0', 'latest')).toBeNull()
    expect(parseVersion('1.2.0-')).toBeNull()
    expect(parseVersion('1.2.0-a..b')).toBeNull()
  })

  it('recognises prereleases', () => {
    expect(isPrerelease('2.0.0-beta.1')).toBe(true)
    expect(isPrerelease('2.0.0')).toBe(false)
    expect(isPrerelease('garbage')).toBe(false)
  })
})
