/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require() */
// afterPack hook used only by the packaging smoke test. The `dir` target writes no .desktop file, and the deb and
// AppImage targets need tools downloaded from GitHub, so this asks electron-builder's own LinuxTargetHelper for
// the entries those targets would write, with the same options they merge (linux + deb / linux + appImage).
const { writeFile } = require('node:fs/promises')
const { join } = require('node:path')
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper')
const { deepAssign } = require('builder-util-runtime')

exports.default = async function writeDesktopEntries(context) {
  const packager = context.packager
  const helper = new LinuxTargetHelper(packager)
  const targets = {
    // FpmTarget: default Exec (install prefix + executable + %U).
    deb: undefined,
    // AppImageTarget: AppRun with the default sandbox argument, then %U.
    appImage: 'AppRun --no-sandbox %U',
  }
  for (const [name, exec] of Object.entries(targets)) {
    const options = deepAssign({}, packager.platformSpecificBuildOptions, packager.config[name])
    const entry = await helper.computeDesktopEntry(options, exec)
    await writeFile(join(context.outDir, `${name}.desktop`), entry)
  }
}
