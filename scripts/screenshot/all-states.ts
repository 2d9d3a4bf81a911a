// Every state of states.ts in both themes at both sizes, as PNGs plus an index.html contact sheet (state ×
// theme × size) to look at them all at once. States the app does not show are rows saying why.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  present,
  SIZES,
  STATES,
  THEMES,
  visitStates,
  type ScreenState,
  type Size,
  type StateOutcome,
} from './states.ts'

export interface AllStatesOptions {
  out: string
  only?: readonly string[]
  log?(line: string): void
}

const IMAGE = /^[a-z0-9-]+-(light|dark)-\d+x\d+\.png$/

export function imageName(state: ScreenState, theme: string, size: Size): string {
  return `${state.id}-${theme}-${size.width}x${size.height}.png`
}

export async function allStates(options: AllStatesOptions): Promise<{ index: string; missing: string[] }> {
  const unknown = (options.only ?? []).filter((id) => !STATES.some((state) => state.id === id))
  if (unknown.length > 0)
    throw new Error(
      `unknown state ${unknown.join(', ')}; the states are ${STATES.map((s) => s.id).join(', ')}`,
    )
  await mkdir(options.out, { recursive: true })
  // Only our own images from an earlier run go: the folder may be one the user chose.
  for (const name of await readdir(options.out))
    if (IMAGE.test(name) || name === 'index.html') await rm(join(options.out, name))

  const started = Date.now()
  let images = 0
  const outcomes = await visitStates({
    ...(options.only ? { only: options.only } : {}),
    ...(options.log ? { log: options.log } : {}),
    async capture(state, page) {
      for (const theme of THEMES) {
        for (const size of state.sizes ?? SIZES) {
          await present(page, theme, size)
          await page.screenshot({ path: join(options.out, imageName(state, theme, size)) })
          images += 1
        }
      }
    },
  })
  const seconds = Math.round((Date.now() - started) / 1000)
  const index = join(options.out, 'index.html')
  await writeFile(index, contactSheet(outcomes, { images, seconds }))
  options.log?.(`${images} images in ${seconds} s`)
  return { index, missing: outcomes.filter((o) => o.status === 'not-found').map((o) => o.state.id) }
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

function contactSheet(outcomes: StateOutcome[], run: { images: number; seconds: number }): string {
  const columns = THEMES.flatMap((theme) => SIZES.map((size) => ({ theme, size })))
  const rows = outcomes.map(({ state, status, detail }) => {
    const note = status === 'found' && detail ? `<em>${escape(detail)}</em>` : ''
    const title = `<th scope="row"><span class="id">${escape(state.id)}</span>${escape(state.title)}${note}</th>`
    if (status === 'not-found')
      return `<tr class="missing">${title}<td colspan="${columns.length}">Not found: ${escape(detail ?? '')}</td></tr>`
    // A state with its own sizes (the narrow window) fills the columns of its theme.
    const cells =
      (state.sizes ?? null)
        ? THEMES.map((theme) => {
            const size = state.sizes![0]!
            return `<td colspan="${SIZES.length}">${image(imageName(state, theme, size), `${theme} ${size.width}×${size.height}`)}</td>`
          })
        : columns.map(({ theme, size }) => `<td>${image(imageName(state, theme, size), '')}</td>`)
    return `<tr>${title}${cells.join('')}</tr>`
  })
  const found = outcomes.filter((o) => o.status === 'found').length
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbor: every screen and state</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 24px; color: #1f2328; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #d0d7de; padding: 6px; vertical-align: top; text-align: left; }
  thead th { background: #f6f8fa; position: sticky; top: 0; }
  th[scope=row] { width: 180px; font-weight: 500; }
  th em { display: block; font-size: 12px; color: #9a6700; }
  .id { display: block; font: 12px ui-monospace, monospace; color: #59636e; }
  img { width: 300px; display: block; border: 1px solid #d0d7de; }
  td figcaption { font-size: 12px; color: #59636e; }
  tr.missing td { color: #9a6700; background: #fff8c5; }
</style>
</head>
<body>
<h1>Harbor: every screen and state</h1>
<p>${found} of ${outcomes.length} states found, ${run.images} images, ${run.seconds} s. Made by
<code>npm run screenshot -- --all</code> (scripts/screenshot/states.ts). Click an image for full size.</p>
<table>
<thead><tr><th>State</th>${columns.map(({ theme, size }) => `<th>${theme} ${size.width}×${size.height}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`
}

function image(name: string, caption: string): string {
  const img = `<a href="${escape(name)}"><img src="${escape(name)}" alt="${escape(name)}" loading="lazy"></a>`
  return caption ? `<figure>${img}<figcaption>${escape(caption)}</figcaption></figure>` : img
}
