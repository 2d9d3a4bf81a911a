import { describe, expect, it } from 'vitest'
import { RELEASE_NAME_MAX_CHARS, RELEASE_NOTES_MAX_CHARS } from '../shared/contract'
import { htmlToText, releaseInfoFrom, releaseNotesText, RELEASE_NOTES_MAX_ENTRIES } from './release-notes'

// What GitHub's releases API gives electron-updater (markdown rendered to HTML).
const GITHUB_NOTES =
  '<h2>What&#39;s new</h2>\n<ul>\n<li>Devices can be <strong>renamed</strong></li>\n' +
  '<li>Fixed a crash &amp; a <a href="https://example.com/x" onclick="steal()">leak</a></li>\n</ul>\n' +
  '<p>Thanks to <code>@ada</code>!<br>See the&nbsp;docs.</p>'

describe('release notes: HTML to plain text', () => {
  it("keeps GitHub's notes readable: headings and paragraphs on their own lines, bullets, entities decoded", () => {
    expect(releaseNotesText(GITHUB_NOTES)).toEqual({
      text: "What's new\n\n• Devices can be renamed\n• Fixed a crash & a leak\n\nThanks to @ada!\nSee the docs.",
      truncated: false,
    })
  })

  it('keeps plain text (a generic feed) as it is, tidied', () => {
    expect(releaseNotesText('  Faster start.\r\n\r\n\r\n\r\n- New icon\t set  ')?.text).toBe(
      'Faster start.\n\n- New icon set',
    )
  })

  it('drops scripts, styles, comments, iframes and event handlers with their content', () => {
    const hostile =
      '<p>Hello</p><script>alert(document.cookie)</script><SCRIPT type="x">evil()</SCRIPT >' +
      '<style>body{display:none}</style><!-- secret --><iframe src="javascript:alert(1)">frame text</iframe>' +
      '<img src=x onerror="alert(1)"><svg><text>svg text</text></svg><p>World</p>'
    const text = releaseNotesText(hostile)!.text
    expect(text).toBe('Hello\n\nWorld')
    expect(text).not.toMatch(/alert|evil|display|secret|frame text|svg text|onerror/)
  })

  it('hides everything after an unclosed <script> or comment, as a browser would', () => {
    expect(releaseNotesText('Intro<script>alert(1); and the rest')?.text).toBe('Intro')
    expect(releaseNotesText('Intro<!-- the rest')?.text).toBe('Intro')
  })

  it('keeps a "<" that starts no tag, and escaped markup stays visible text, never markup', () => {
    expect(htmlToText('a < b and 3<4')).toBe('a < b and 3<4')
    expect(releaseNotesText('Use &lt;script&gt; tags &amp;c. <b')?.text).toBe('Use <script> tags &c. <b')
  })

  it('removes control, bidi-override and zero-width characters, also when written as entities', () => {
    const text = releaseNotesText(
      'A\u0000B\u0007C\u001bD\u202eevil\u202c\u200bE&#x202E;F&#0;G&#xD800;H\u2028I',
    )!.text
    expect(text).toBe('ABCDevilEFGH\nI')
    expect(text).not.toMatch(
      // eslint-disable-next-line no-control-regex -- checking for control characters
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/,
    )
  })

  it('caps 1 MB of notes quickly, says they were cut, and ends at a word', () => {
    const huge = `<p>${'word '.repeat(200_000)}</p>`
    const started = performance.now()
    const notes = releaseNotesText(huge)!
    expect(performance.now() - started).toBeLessThan(500)
    expect(notes.truncated).toBe(true)
    expect(notes.text.length).toBeLessThanOrEqual(RELEASE_NOTES_MAX_CHARS)
    expect(notes.text.endsWith('word…')).toBe(true)
  })

  it('stays linear on pathological markup (a megabyte of "<", of "<script", of unclosed comments)', () => {
    for (const hostile of [
      '<'.repeat(1 << 20),
      `${'a < b '.repeat(170_000)}>`,
      '<script'.repeat(150_000),
      '<a '.repeat(350_000),
      '<!--'.repeat(250_000),
      '&#x'.repeat(350_000),
    ]) {
      const started = performance.now()
      const notes = releaseNotesText(hostile)
      expect(performance.now() - started).toBeLessThan(1000)
      if (notes) expect(notes.text.length).toBeLessThanOrEqual(RELEASE_NOTES_MAX_CHARS)
    }
  })

  it('joins an array changelog ({version, note}, newest first) under version headings', () => {
    expect(
      releaseNotesText([
        { version: '1.3.0', note: '<p>Rename devices</p>' },
        { version: '1.2.1', note: 'Fix sign-out' },
        { version: '1.2.0', note: null },
      ])?.text,
    ).toBe('1.3.0\nRename devices\n\n1.2.1\nFix sign-out')
  })

  it('skips malformed array entries and keeps at most a bounded number of versions', () => {
    expect(
      releaseNotesText([null, 'text', 42, { note: 7 }, { version: { toString: () => 'x' }, note: 'kept' }])
        ?.text,
    ).toBe('kept')
    const many = Array.from({ length: 100 }, (_, i) => ({ version: `1.0.${i}`, note: `note ${i}` }))
    const text = releaseNotesText(many)!.text
    expect(text).toContain(`note ${RELEASE_NOTES_MAX_ENTRIES - 1}`)
    expect(text).not.toContain(`note ${RELEASE_NOTES_MAX_ENTRIES}`)
  })

  it('has no notes for empty, whitespace-only, markup-only or wrongly typed input', () => {
    for (const notes of [undefined, null, '', '   ', '<p> </p><script>x</script>', 42, { note: 'x' }, []]) {
      expect(releaseNotesText(notes)).toBeNull()
    }
  })
})

describe('release info from an UpdateInfo', () => {
  it('takes the name as one line, the date as ISO, and the notes', () => {
    expect(
      releaseInfoFrom({
        releaseName: '<b>Harbor 1.3</b>\n"Lighthouse"',
        releaseDate: '2026-11-30T09:00:00.000Z',
        releaseNotes: 'Rename devices',
      }),
    ).toEqual({
      name: 'Harbor 1.3 "Lighthouse"',
      date: '2026-11-30T09:00:00.000Z',
      notes: 'Rename devices',
      notesTruncated: false,
    })
  })

  it('drops a date that is not one and caps a long name', () => {
    const info = releaseInfoFrom({ releaseName: 'n'.repeat(5000), releaseDate: 'yesterday' })
    expect(info.date).toBeNull()
    expect(info.name!.length).toBeLessThanOrEqual(RELEASE_NAME_MAX_CHARS)
    expect(releaseInfoFrom({ releaseDate: 12345 }).date).toBeNull()
    expect(releaseInfoFrom({})).toEqual({ name: null, date: null, notes: null, notesTruncated: false })
  })
})
