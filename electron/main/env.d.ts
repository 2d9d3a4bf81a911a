// Build-time values electron-vite inlines into the main process (see `main.envPrefix` in electron.vite.config.ts).
interface ImportMetaEnv {
  readonly VITE_CLERK_PUBLISHABLE_KEY?: string
  readonly VITE_CONVEX_URL?: string
  readonly MAIN_VITE_APP_PRODUCT_NAME?: string
  readonly MAIN_VITE_APP_ID?: string
  readonly MAIN_VITE_APP_SCHEME?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
