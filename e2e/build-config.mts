// The electron-builder overrides for the end-to-end build, merged over electron-builder.yml. Kept apart from
// build-app.mts so a unit test can check that the e2e build differs from a release in nothing but this.
import type { Configuration } from 'app-builder-lib'

export const E2E_OUTPUT_DIR = 'release/e2e'

export const e2eBuildOverrides = {
  directories: { output: E2E_OUTPUT_DIR },
  // Playwright drives the main process through `--inspect`; every other release fuse stays as shipped.
  electronFuses: { enableNodeCliInspectArguments: true },
} satisfies Configuration
