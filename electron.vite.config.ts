import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve(root, 'electron/main/index.ts') },
      // Only `dependencies` stay external (they are packed into the app); everything else is bundled.
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      lib: { entry: resolve(root, 'electron/preload/index.ts') },
      // A sandboxed preload cannot require anything but `electron`: bundle every dependency, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].js' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    envDir: root,
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
})
