import { describe, expect, it } from 'vitest'
import { stylesheetsBeforeModuleScript } from './stylesheet-first'

// What Vite writes for the renderer (tags as in out/renderer/index.html).
const BUILT = `<head>
    <title>Harbor</title>
    <script type="module" crossorigin src="/assets/index-CsC1Aptc.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-DJNryDVo.css">
  </head>
  <body><div id="root"><!--harbor:first-frame--></div></body>`

describe('stylesheetsBeforeModuleScript', () => {
  it('moves the stylesheet link before the module script, keeping both tags whole', () => {
    expect(stylesheetsBeforeModuleScript(BUILT)).toBe(`<head>
    <title>Harbor</title>
    <link rel="stylesheet" crossorigin href="/assets/index-DJNryDVo.css">
    <script type="module" crossorigin src="/assets/index-CsC1Aptc.js"></script>
  </head>
  <body><div id="root"><!--harbor:first-frame--></div></body>`)
  })

  it('keeps the order of several stylesheets and leaves other links where they are', () => {
    const html =
      '<script type="module" src="/a.js"></script>\n<link rel="modulepreload" href="/b.js">\n' +
      '<link rel="stylesheet" href="/1.css">\n<link rel="stylesheet" href="/2.css">\n'
    expect(stylesheetsBeforeModuleScript(html)).toBe(
      '<link rel="stylesheet" href="/1.css">\n<link rel="stylesheet" href="/2.css">\n' +
        '<script type="module" src="/a.js"></script>\n<link rel="modulepreload" href="/b.js">\n',
    )
  })

  it('changes nothing when the stylesheet already comes first, or there is no module script or no stylesheet', () => {
    const first = '<link rel="stylesheet" href="/1.css">\n<script type="module" src="/a.js"></script>'
    expect(stylesheetsBeforeModuleScript(first)).toBe(first)
    expect(stylesheetsBeforeModuleScript('<link rel="stylesheet" href="/1.css">')).toBe(
      '<link rel="stylesheet" href="/1.css">',
    )
    expect(stylesheetsBeforeModuleScript('<script type="module" src="/a.js"></script>')).toBe(
      '<script type="module" src="/a.js"></script>',
    )
  })
})
