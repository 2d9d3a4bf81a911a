// The one way our stores replace a file: write a temporary file next to it, flush it to disk, rename it over
// the target, then flush the folder so the rename itself survives a power cut. A crash at any point leaves
// either the old file or the new one, plus at most a temporary file that `removeLeftoverTempFiles` deletes at
// the next start (and at sign-out: a temporary file of the token store holds a decryptable token).
import { randomUUID } from 'node:crypto'
import * as nodeFs from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export type AtomicFileSystem = Pick<typeof nodeFs, 'open' | 'rename' | 'rm' | 'mkdir' | 'readdir'>

export interface AtomicWriteOptions {
  /** File mode of a newly created file (default 0o600: every store here holds something personal). */
  mode?: number
  fs?: AtomicFileSystem
  /** `process.platform`; Windows cannot open a folder to flush it, so that step is skipped there. */
  platform?: string
}

// `<name>.<unique>.tmp`: the unique part is a UUID (or, in files older builds left behind, a process id).
const TEMP_SUFFIX = /^\.[A-Za-z0-9-]{1,64}\.tmp$/

/** The temporary name for one write: unique per call, so two writes at once never share (or steal) a file. */
export function temporaryPathFor(filePath: string): string {
  return `${filePath}.${randomUUID()}.tmp`
}

/** Whether `name` (a bare file name) is a temporary file of a write to `targetName`, by this or older builds. */
export function isTemporaryFileOf(name: string, targetName: string): boolean {
  if (!name.startsWith(targetName)) return false
  const rest = name.slice(targetName.length)
  // `.tmp` alone: the fixed name the Linux URL handler used before this helper existed.
  return rest === '.tmp' || TEMP_SUFFIX.test(rest)
}

export async function writeFileAtomic(
  filePath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs
  const platform = options.platform ?? process.platform
  const folder = dirname(filePath)
  await fs.mkdir(folder, { recursive: true })
  const temporary = temporaryPathFor(filePath)
  try {
    const handle = await fs.open(temporary, 'wx', options.mode ?? 0o600)
    try {
      await handle.writeFile(data)
      // Without this the rename can reach the disk before the data: after a power cut the file is empty.
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temporary, filePath)
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined)
    throw error
  }
  if (platform !== 'win32') await syncFolder(fs, folder)
}

/**
 * Flushes a folder's entries (the rename). Best effort: some file systems refuse to fsync a folder (EINVAL on
 * some network mounts); the new file is in place either way and only its durability across a power cut is lost.
 */
async function syncFolder(fs: AtomicFileSystem, folder: string): Promise<void> {
  let handle: nodeFs.FileHandle | undefined
  try {
    handle = await fs.open(folder, 'r')
    await handle.sync()
  } catch {
    // see above
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * Deletes the temporary files that interrupted writes to `targets` left behind (a crash between write and
 * rename). Returns the paths removed. Never throws: a folder that does not exist has nothing to clean.
 */
export async function removeLeftoverTempFiles(
  targets: readonly string[],
  fs: Pick<AtomicFileSystem, 'readdir' | 'rm'> = nodeFs,
): Promise<string[]> {
  const byFolder = new Map<string, string[]>()
  for (const target of targets) {
    const folder = dirname(target)
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), basename(target)])
  }
  const removed: string[] = []
  for (const [folder, names] of byFolder) {
    let entries: string[]
    try {
      entries = await fs.readdir(folder)
    } catch {
      continue
    }
    for (const entry of entries) {
      if (!names.some((name) => isTemporaryFileOf(entry, name))) continue
      const path = join(folder, entry)
      try {
        await fs.rm(path, { force: true })
        removed.push(path)
      } catch {
        // Left for the next start; the caller logs what was removed, not what could not be.
      }
    }
  }
  return removed
}
