import type { UserProfile } from './userSync'

// Bounds no wider than the desktop app's offline cache accepts (electron/main/last-known-user.ts): a profile the
// server stored must never make the cache refuse the whole record.
export const PROFILE_NAME_MAX = 200
export const PROFILE_NAME_PART_MAX = 100
export const PROFILE_NICKNAME_MAX = 100
export const PROFILE_EMAIL_MAX = 254
export const PROFILE_URL_MAX = 2048

// Control characters render as garbage; bidirectional controls (embeddings, overrides, isolates, marks) can make
// one name read as another in every list that shows it. Same set the device names refuse, plus the marks.
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const HAS_UNSAFE_CHARACTER = new RegExp(UNSAFE_CHARACTERS.source)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Unsafe characters removed, spaces trimmed, at most `max` UTF-16 units (what `string.length` counts, and what the
 * desktop cache checks), cut on a code point, never inside a surrogate pair. Empty means "not set". Clerk's own
 * data is cleaned, not refused: one odd name must not stop the account from syncing.
 */
export function cleanText(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined
  // Cut before cleaning too, so a 100 KB claim costs no 100 KB regex pass.
  const cleaned = value
    .slice(0, max * 4)
    .replace(UNSAFE_CHARACTERS, '')
    .trim()
  let bounded = ''
  for (const codePoint of cleaned) {
    if (bounded.length + codePoint.length > max) break
    bounded += codePoint
  }
  bounded = bounded.trim()
  return bounded === '' ? undefined : bounded
}

/** An address is kept whole or not at all: a shortened address is somebody else's. */
function cleanEmail(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const cleaned = value.replace(UNSAFE_CHARACTERS, '').trim()
  return cleaned.length <= PROFILE_EMAIL_MAX && EMAIL.test(cleaned) ? cleaned : undefined
}

/** The desktop app loads the picture: https only, no credentials, bounded. Anything else is dropped. */
function cleanPictureUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed.length > PROFILE_URL_MAX || HAS_UNSAFE_CHARACTER.test(trimmed)) return undefined
  try {
    const url = new URL(trimmed)
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? trimmed : undefined
  } catch {
    return undefined
  }
}

/** The one cleaning every profile goes through before it is stored, whichever source (JWT or webhook) it came from. */
export function cleanProfile(profile: UserProfile): UserProfile {
  const email = cleanEmail(profile.email)
  return {
    email,
    // A verification flag means nothing without the address it verifies.
    emailVerified: email === undefined ? undefined : profile.emailVerified,
    name: cleanText(profile.name, PROFILE_NAME_MAX),
    givenName: cleanText(profile.givenName, PROFILE_NAME_PART_MAX),
    familyName: cleanText(profile.familyName, PROFILE_NAME_PART_MAX),
    nickname: cleanText(profile.nickname, PROFILE_NICKNAME_MAX),
    pictureUrl: cleanPictureUrl(profile.pictureUrl),
  }
}
