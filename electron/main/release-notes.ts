// Release notes come from the update feed (electron-updater's `UpdateInfo.releaseNotes`, `releaseName`,
// `releaseDate`): GitHub serves them as HTML, a generic feed as whatever its author wrote. The feed is untrusted
// input, so the renderer never receives markup: it is reduced here to plain text (paragraphs, list bullets),
// stripped of control and bidi characters, and capped, and anything of an unexpected shape is dropped.
import { RELEASE_NAME_MAX_CHARS, RELEASE_NOTES_MAX_CHARS, type ReleaseInfo } from '../shared/contract'

/** What electron-updater's `UpdateInfo` carries about the release (all optional, all unchecked). */
export interface ReleaseFields {
  releaseName?: unknown
  releaseNotes?: unknown
  releaseDate?: unknown
}

/**
 * Only this much of the feed's text is looked at: enough for any real changelog, and it bounds the work a
 * hostile feed can cause (every step below is linear, this keeps the constant small too).
 */
export const RELEASE_NOTES_MAX_INPUT_CHARS = 256 * 1024
/** An array changelog (electron-updater's `fullChangelog`) keeps at most this many versions. */
export const RELEASE_NOTES_MAX_ENTRIES = 20

// Elements whose content is never text a reader should see.
const HIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'head',
  'title',
])
// Elements that end a line or a paragraph in the plain-text rendering.
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'table',
  'tr',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'details',
  'summary',
])

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
}

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      // Surrogates, NUL and out-of-range code points are not characters; the cleaning below removes controls.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return ''
      return String.fromCodePoint(code)
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole
  })
}

/**
 * Markup to plain text in one left-to-right pass (no regular expression over the whole input, so an unclosed
 * `<` or `<script` costs linear time): tags are dropped, hidden elements with their content, block ends and
 * `<br>` become line breaks, list items get a bullet.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase()
  // In markup a line break is whitespace like any other (only tags break lines); in a plain-text feed it is
  // the author's line. Markup is recognised by its first real tag.
  const isMarkup = /<\/?[a-z][a-z0-9]*[\s/>]/.test(lower)
  const decodeEntities = (text: string) => decodeText(isMarkup ? text.replace(/\s+/g, ' ') : text)
  let out = ''
  let i = 0
  let gt = -1
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt === -1) {
      out += decodeEntities(html.slice(i))
      break
    }
    out += decodeEntities(html.slice(i, lt))
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4)
      if (end === -1) break // an unterminated comment hides the rest, as it would in a browser
      i = end + 3
      continue
    }
    // The `>` found for an earlier `<` is still the next one while it lies ahead: without this, a megabyte of
    // `a < b` ending in one `>` would be searched to its end once per `<`.
    if (gt <= lt) gt = html.indexOf('>', lt + 1)
    if (gt === -1) {
      // Once a `<` has no `>` after it, no later `<` has one either: the rest is text (and the pass ends here,
      // so a megabyte of `<` is not searched a megabyte of times).
      out += decodeEntities(html.slice(lt))
      break
    }
    const match = /^<\s*(\/?)\s*([a-z][a-z0-9-]*)/.exec(lower.slice(lt, Math.min(gt + 1, lt + 64)))
    if (!match) {
      // Not a tag (`a < b`, `<3`): keep the `<` as text.
      out += '<'
      i = lt + 1
      continue
    }
    const closing = match[1] === '/'
    const name = match[2]!
    i = gt + 1
    if (!closing && HIDDEN_ELEMENTS.has(name)) {
      const end = lower.indexOf(`</${name}`, i)
      if (end === -1) break // an unclosed <script> hides everything after it
      const endGt = html.indexOf('>', end)
      i = endGt === -1 ? html.length : endGt + 1
      continue
    }
    if (name === 'br') out += '\n'
    else if (name === 'li') out += closing ? '' : '\n• '
    else if (name === 'td' || name === 'th') out += closing ? ' ' : ''
    else if (BLOCK_ELEMENTS.has(name)) out += '\n\n'
  }
  return out
}

// C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates, zero-width and BOM characters,
// line and paragraph separators: none belong in text shown to a user, and the bidi ones can reorder it.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g

/** Plain text as the renderer shows it: tidy lines, at most one blank line in a row, no invisible characters. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(/\t|\u00a0/g, ' ')
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function cap(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false }
  // Cut at a line or word end near the limit when there is one, so the last line is not half a word.
  const cut = text.slice(0, max - 1)
  const at = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '))
  return { text: `${(at > max * 0.8 ? cut.slice(0, at) : cut).trimEnd()}…`, truncated: true }
}

function noteToText(note: string): string {
  return tidyText(htmlToText(note.slice(0, RELEASE_NOTES_MAX_INPUT_CHARS)))
}

/**
 * `releaseNotes` as electron-updater gives it: a string (HTML or text), or with `fullChangelog` an array of
 * `{ version, note }`, newest first. Anything else is no notes.
 */
export function releaseNotesText(notes: unknown): { text: string; truncated: boolean } | null {
  let text: string
  if (typeof notes === 'string') {
    text = noteToText(notes)
  } else if (Array.isArray(notes)) {
    const parts: string[] = []
    let budget = RELEASE_NOTES_MAX_INPUT_CHARS
    for (const entry of notes.slice(0, RELEASE_NOTES_MAX_ENTRIES)) {
      if (typeof entry !== 'object' || entry === null) continue
      const { version, note } = entry as { version?: unknown; note?: unknown }
      if (typeof note !== 'string' || budget <= 0) continue
      budget -= note.length
      const body = noteToText(note)
      const heading = typeof version === 'string' ? tidyText(version).split('\n')[0]!.slice(0, 64) : ''
      if (body) parts.push(heading ? `${heading}\n${body}` : body)
    }
    text = parts.join('\n\n')
  } else {
    return null
  }
  if (!text) return null
  return cap(text, RELEASE_NOTES_MAX_CHARS)
}

/** One line: the release's title. */
function releaseNameText(name: unknown): string | null {
  if (typeof name !== 'string') return null
  const line = tidyText(htmlToText(name.slice(0, RELEASE_NAME_MAX_CHARS * 4))).replace(/\n+/g, ' ')
  return line ? cap(line, RELEASE_NAME_MAX_CHARS).text : null
}

/** An ISO date the renderer can format, or null; electron-builder writes `new Date().toISOString()`. */
function releaseDateText(date: unknown): string | null {
  if (typeof date !== 'string' || date.length > 40) return null
  const ms = Date.parse(date)
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null
}

/** The release fields of an `UpdateInfo`, made safe to show. */
export function releaseInfoFrom(info: ReleaseFields): ReleaseInfo {
  const notes = releaseNotesText(info.releaseNotes)
  return {
    name: releaseNameText(info.releaseName),
    date: releaseDateText(info.releaseDate),
    notes: notes?.text ?? null,
    notesTruncated: notes?.truncated ?? false,
  }
}
