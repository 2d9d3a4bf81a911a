// The signed-in document's scripts wait for its first frame. That frame is HTML and CSS from the main process
// (first-frame.ts), so nothing the scripts do can make it paint sooner, but fetching and compiling them can make
// it paint later: the 300 kB entry was compiled on the second core while the first core laid out and painted the
// frame, and on a warm start (V8's code cache) the entry ran, and React rendered, before the frame had painted.
// So in a signed-in document the main process makes its module scripts and module preloads inert (a type and a
// rel no browser acts on, electron/main/after-first-frame.ts), and an inline script at the end of the body makes
// them real once a frame has been produced. `npm run bench:startup` measures both sides: the first paint
// against the same page with no scripts at all (the static floor), and the time until the shell answers a click.

/** The `type` a held `<script type="module">` has until the first frame. */
export const HELD_SCRIPT_TYPE = 'harbor/after-first-frame'

/** The `rel` a held `<link rel="modulepreload">` has until the first frame. */
export const HELD_PRELOAD_REL = 'harbor-after-first-frame'

/**
 * Set on the scripts the loader made real, to say why they run now: `frame` once a frame was produced, `timeout`
 * when none came in time. The entry reads it (renderer/src/main.tsx): after a frame there is nothing to wait for.
 */
export const LOADED_ATTRIBUTE = 'data-after-first-frame'

/**
 * Loaded anyway after this long without a frame: a window whose renderer runs no animation frames (throttled in
 * the background) must still start. Our window is created hidden (`show: false`, shown on `ready-to-show`), but
 * with Electron's default `paintWhenInitiallyHidden` its renderer runs animation frames while hidden (noted in
 * electron/electron#49938), so the loader goes on the first of those, not on this timer. Counted from
 * the end of the body, it is well past the slowest first frame `npm run bench:startup` has recorded on our 2-core
 * machines (~240 ms after navigation start, the body's end being parsed ~70 ms in), so a slow frame is still not
 * competed with.
 */
export const NO_FRAME_FALLBACK_MS = 250
