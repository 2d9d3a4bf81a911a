// Where app links come from: the OS hands them over differently per platform, and some arrive before `ready`.
//   macOS: `open-url` (also at cold start, possibly before `ready`: so this must be registered at startup).
//   Windows/Linux: the link is an argv entry, of this process at cold start, or of a second instance that was
//   refused the single-instance lock and forwarded its argv through `second-instance`.
import { resolve } from 'node:path'
import type { App } from 'electron'
import { linksInArgv } from './deep-links'

export interface LinkSourceOptions {
  scheme: string
  /** This process's argv (cold start). */
  argv: readonly string[]
  handle: (raw: string) => void
  /** A second launch brings the existing window forward even when it carried no link. */
  reveal: () => void
}

type AppEvents = Pick<App, 'on' | 'removeListener'>

export function captureAppLinks(app: AppEvents, options: LinkSourceOptions): () => void {
  const onOpenUrl = (event: { preventDefault: () => void }, url: string): void => {
    // Without preventDefault macOS treats the URL as unhandled.
    event.preventDefault()
    options.handle(url)
  }
  const onSecondInstance = (_event: unknown, argv: string[]): void => {
    for (const link of linksInArgv(argv, options.scheme)) options.handle(link)
    options.reveal()
  }
  app.on('open-url', onOpenUrl)
  app.on('second-instance', onSecondInstance)
  // argv[0] is the executable; in development argv[1] is the app folder. Neither is in our scheme.
  for (const link of linksInArgv(options.argv.slice(1), options.scheme)) options.handle(link)
  return () => {
    app.removeListener('open-url', onOpenUrl)
    app.removeListener('second-instance', onSecondInstance)
  }
}

/**
 * An unpackaged run (`electron .`) must register the executable plus the app folder, or the OS would start a
 * bare Electron for our links (Electron's deep-link guide). Packaged builds register the plain executable,
 * which the Clerk bridge has already done.
 */
export function registerDevelopmentProtocolClient(
  app: Pick<App, 'setAsDefaultProtocolClient'>,
  options: { scheme: string; defaultApp: boolean | undefined; execPath: string; argv: readonly string[] },
): boolean {
  if (!options.defaultApp || options.argv.length < 2 || options.argv[1] === undefined) return false
  return app.setAsDefaultProtocolClient(options.scheme, options.execPath, [resolve(options.argv[1])])
}
