// app.requestSingleInstanceLock across real processes, the way Chromium's ProcessSingleton does it on Linux: a
// `SingletonLock` symlink in userData naming `<hostname>-<pid>` (created atomically; a dead owner's lock is
// taken over), and a local socket (`SingletonSocket`) the first instance listens on. A refused instance sends its argv, working
// directory and additionalData over the socket and waits for the ACK before it quits; the first instance emits
// `second-instance` (never before `ready`).
import { createHash } from 'node:crypto'
import { mkdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync } from 'node:fs'
import { createConnection, createServer, type Server } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SecondInstanceMessage {
  argv: string[]
  workingDirectory: string
  additionalData: unknown
}

const CONNECT_RETRY_MS = 3000

function socketPathFor(userData: string): string {
  // Unix socket paths are limited to ~107 bytes: Chromium keeps the socket in a short temp folder (with a
  // symlink in userData); here it is in userData when that fits, else in the temp folder.
  const inUserData = join(userData, 'SingletonSocket')
  if (Buffer.byteLength(inUserData) < 100) return inUserData
  const digest = createHash('sha256').update(userData).digest('hex').slice(0, 16)
  return join(tmpdir(), `harbor-emulated-singleton-${digest}.sock`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function createSingleInstanceLock(options: { deliver: (message: SecondInstanceMessage) => void }) {
  let held: { lockPath: string; server: Server; socketPath: string } | null = null
  let forwarding: Promise<void> | null = null

  function tryTakeLock(lockPath: string): boolean {
    const target = `${hostname()}-${process.pid}`
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        symlinkSync(target, lockPath)
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        let owner: string
        try {
          owner = readlinkSync(lockPath)
        } catch {
          continue
        }
        const dash = owner.lastIndexOf('-')
        const ownerHost = owner.slice(0, dash)
        const ownerPid = Number(owner.slice(dash + 1))
        if (ownerHost === hostname() && ownerPid > 0 && isAlive(ownerPid)) return false
        // Left over by a process that died without releasing it.
        try {
          unlinkSync(lockPath)
        } catch {
          // someone else removed it first
        }
      }
    }
    return false
  }

  function forward(socketPath: string, message: SecondInstanceMessage): Promise<void> {
    const deadline = Date.now() + CONNECT_RETRY_MS
    return new Promise((resolve) => {
      const attempt = (): void => {
        const socket = createConnection(socketPath)
        let answered = false
        socket.once('connect', () => socket.end(JSON.stringify(message)))
        socket.on('data', () => {
          answered = true
        })
        socket.once('close', () => {
          if (answered) return resolve()
          if (Date.now() < deadline) setTimeout(attempt, 50)
          else resolve()
        })
        socket.once('error', () => {
          // the first instance may not listen yet: retried on close
        })
      }
      attempt()
    })
  }

  return {
    request(userData: string, argv: string[], additionalData: unknown): boolean {
      if (held) return true
      mkdirSync(userData, { recursive: true })
      const lockPath = join(userData, 'SingletonLock')
      const socketPath = socketPathFor(userData)
      if (!tryTakeLock(lockPath)) {
        forwarding = forward(socketPath, { argv, workingDirectory: process.cwd(), additionalData })
        return false
      }
      rmSync(socketPath, { force: true })
      const server = createServer((socket) => {
        let body = ''
        socket.setEncoding('utf8')
        socket.on('data', (chunk: string) => (body += chunk))
        socket.on('end', () => {
          socket.end('ACK')
          try {
            options.deliver(JSON.parse(body) as SecondInstanceMessage)
          } catch {
            // not a message from one of us
          }
        })
        socket.on('error', () => {})
      })
      server.listen(socketPath)
      server.unref()
      held = { lockPath, server, socketPath }
      return true
    },
    has: (): boolean => held !== null,
    release(): void {
      if (!held) return
      held.server.close()
      rmSync(held.socketPath, { force: true })
      try {
        if (readlinkSync(held.lockPath) === `${hostname()}-${process.pid}`) unlinkSync(held.lockPath)
      } catch {
        // already gone
      }
      held = null
    },
    /** Resolves when a refused instance has handed its argv over (or gave up). */
    forwarded: (): Promise<void> => forwarding ?? Promise.resolve(),
  }
}
