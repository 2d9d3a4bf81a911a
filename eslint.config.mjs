import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
)
