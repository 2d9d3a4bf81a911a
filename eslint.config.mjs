import path from 'node:path'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// --- The renderer's layers (docs/architecture.md) ------------------------------------------------------------
// Like VS Code's code-layering table: each folder of renderer/src may import its own folder and the folders
// below it, never one above. Highest first; `entry` is main.tsx and WindowRoot.tsx.
const RENDERER = 'renderer/src/'
const LAYERS = ['entry', 'session', 'shell', 'features', 'startup', 'ui', 'backend', 'routing', 'lib']
const LAYER_HINT = {
  entry: 'the composition roots (main.tsx, WindowRoot.tsx) wire everything; nothing imports them',
  session: 'what decides the window (state machine, screens); pass what lower layers need as props',
  shell: 'the signed-in frame; pages get what they need through props or features/live-views.tsx',
  features: 'pages; put what the shell and a page share in features/ (page-props.ts, live-views.tsx)',
  startup: 'the first frame (config, cache read, setup and crash screens)',
  ui: 'the page kit, Avatar, times; move shared words or helpers down into ui/ or lib/',
  backend: 'talking to Clerk and Convex; a type the session needs is defined here and imported from above',
  routing: 'routes and the router; it imports only the shared route table',
  lib: 'the toolbox: pure helpers and window.desktop, importing nothing of the app',
}
const CONVEX_OR_CLERK = /^(convex|@clerk\/[^/]+)(\/|$)/

/** Repository-relative path with forward slashes. */
function repoPath(filename) {
  return path.relative(process.cwd(), filename).split(path.sep).join('/')
}

function layerOf(file) {
  if (!file.startsWith(RENDERER)) return null
  const rest = file.slice(RENDERER.length)
  if (!rest.includes('/')) return 'entry'
  const folder = rest.split('/', 1)[0]
  return LAYERS.includes(folder) ? folder : null
}

const inLiveFolder = (file) =>
  file.startsWith(RENDERER) && file.slice(RENDERER.length).split('/').includes('live')

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true
  const specifiers = node.specifiers ?? []
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type')
}

const harborPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = repoPath(context.filename)
        const from = layerOf(file)
        const fileIsLive = inLiveFolder(file)
        function check(node, source, dynamic) {
          if (!source || typeof source.value !== 'string') return
          const spec = source.value
          const typeOnly = !dynamic && isTypeOnly(node)
          if (CONVEX_OR_CLERK.test(spec)) {
            if (!fileIsLive && !typeOnly) {
              context.report({
                node: source,
                message: `'${spec}' loads Convex or Clerk, which must stay out of the first chunk: only modules in a live/ folder (backend/live/, session/live/, features/<page>/live/) import it. Move this code into one, or take what you need from ConnectedServices or features/live-views.tsx.`,
              })
            }
            return
          }
          if (!spec.startsWith('.')) return
          const target = repoPath(path.resolve(path.dirname(context.filename), spec))
          if (!fileIsLive && !typeOnly && !dynamic && target.startsWith('convex/')) {
            context.report({
              node: source,
              message: `'${spec}' is Convex function code and loads the Convex client: import it only from a live/ folder (a type-only import is fine).`,
            })
            return
          }
          if (!target.startsWith(RENDERER)) return
          if (!fileIsLive && !typeOnly && !dynamic && inLiveFolder(target)) {
            context.report({
              node: source,
              message: `'${spec}' is in a live/ folder (the connected chunk, loaded after the first paint): load it with import() or hand it over through ConnectedServices or features/live-views.tsx instead of importing it.`,
            })
            return
          }
          const to = layerOf(target)
          if (from === null || to === null) return
          if (LAYERS.indexOf(to) < LAYERS.indexOf(from)) {
            context.report({
              node: source,
              message: `${from}/ must not import ${to}/ ('${spec}'): imports run down ${LAYERS.join(' > ')}. ${to}/ is ${LAYER_HINT[to]}; move the shared piece down into ${from}/ or below, or pass it in from above.`,
            })
          }
        }
        return {
          ImportDeclaration: (node) => check(node, node.source, false),
          ExportNamedDeclaration: (node) => check(node, node.source, false),
          ExportAllDeclaration: (node) => check(node, node.source, false),
          ImportExpression: (node) => check(node, node.source, true),
        }
      },
    },
  },
}

export default tseslint.config(
  {
    ignores: [
      'out/',
      'dist/',
      'release/',
      'coverage/',
      'test-results/',
      'convex/_generated/',
      'node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['electron/**/*.ts', 'scripts/**/*', 'tests/**/*', 'e2e/**/*', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Boundary: every main-process module takes the Electron objects it needs as parameters, so it runs (and is
    // tested) without an Electron binary; only the composition roots import Electron's runtime values.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/index.ts', 'electron/preload/index.ts', 'electron/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                "Only electron/main/index.ts (and the preload's index.ts) import runtime values from 'electron'. Take the object as a parameter (`import type { App } from 'electron'`) and pass it in from index.ts.",
            },
          ],
        },
      ],
      // The same rule for the two spellings no-restricted-imports does not see.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
          message: "Only electron/main/index.ts requires 'electron': take the object as a parameter instead.",
        },
        {
          selector: "ImportExpression[source.value='electron']",
          message: "Only electron/main/index.ts imports 'electron': take the object as a parameter instead.",
        },
      ],
    },
  },
  {
    // The renderer is a web page: it reaches the desktop only through `window.desktop` (lib/desktop.ts).
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/.*)?$|(^|/)electron/(main|preload)(/|$)',
              message:
                'The renderer has no Electron and no main-process code: use window.desktop (renderer/src/lib/desktop.ts); shared types live in electron/shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer's layers and the connected-chunk seam (the first chunk loads no Convex and no Clerk).
    // Tests and their helpers may reach across (they assemble the pieces they test).
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/**/*.test.{ts,tsx}', 'renderer/src/**/testing/**'],
    plugins: { harbor: harborPlugin },
    rules: { 'harbor/layers': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
)
