// The script every document of an app window runs before its own scripts (Playwright addInitScript, which CSP
// does not govern, like Electron's preload). In the top frame it runs the app's REAL built preload with a
// sandboxed preload's `require('electron')`: contextBridge (exposeInMainWorld copies the API onto `window`,
// read-only, functions proxied), ipcRenderer (invoke/send over a Playwright binding to the main process, events
// delivered back by the test process). In every frame it routes window.open, target=_blank links and
// permission-gated web APIs through the main process's setWindowOpenHandler / permission handlers first.
// Everything here runs in the page's main world: see README, "isolated worlds".

export const BINDING = '__harborElectronBinding'
export const DELIVER = '__harborElectronDeliver'

export interface PageScriptOptions {
  /** The built preload's source (CommonJS), or null when the window has none. */
  preloadSource: string | null
  platform: string
  versions: Record<string, string>
}

export function pageScript(options: PageScriptOptions): string {
  const preload =
    options.preloadSource === null
      ? ''
      : `
  if (window.top === window) {
    const module = { exports: {} }
    const sandboxedRequire = (id) => {
      if (id === 'electron' || id === 'electron/renderer') return electron
      throw new Error("module not found: " + id)
    }
    try {
      ;(function (require, module, exports, process, global, Buffer) {
${options.preloadSource}
      })(sandboxedRequire, module, module.exports, preloadProcess, window, undefined)
    } catch (error) {
      // Electron prints a failed preload to the console and goes on loading the page.
      console.error('Unable to load preload script:', error)
    }
  }`

  return `(() => {
  const binding = window[${JSON.stringify(BINDING)}]
  try { delete window[${JSON.stringify(BINDING)}] } catch {}
  if (typeof binding !== 'function') return
  const call = (kind, payload) => binding(kind, payload)

  // ------------------------------------------------------------ ipcRenderer / contextBridge
  const listeners = new Map()
  const ipcRenderer = {
    invoke(channel, ...args) {
      let cloned
      try { cloned = structuredClone(args) } catch (error) { return Promise.reject(error) }
      return call('invoke', { channel: String(channel), args: cloned }).then((result) => {
        if (result && result.ok) return result.value
        throw new Error(result ? result.message : "Error invoking remote method '" + channel + "'")
      })
    },
    send(channel, ...args) { void call('send', { channel: String(channel), args: structuredClone(args) }) },
    sendSync() { throw new Error('ipcRenderer.sendSync is not emulated') },
    postMessage() { throw new Error('ipcRenderer.postMessage is not emulated') },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, [])
      listeners.get(channel).push(listener)
      return ipcRenderer
    },
    once(channel, listener) {
      const wrapped = (...args) => { ipcRenderer.removeListener(channel, wrapped); listener(...args) }
      return ipcRenderer.on(channel, wrapped)
    },
    addListener(channel, listener) { return ipcRenderer.on(channel, listener) },
    removeListener(channel, listener) {
      const list = listeners.get(channel)
      if (list) { const at = list.indexOf(listener); if (at !== -1) list.splice(at, 1) }
      return ipcRenderer
    },
    off(channel, listener) { return ipcRenderer.removeListener(channel, listener) },
    removeAllListeners(channel) { if (channel === undefined) listeners.clear(); else listeners.delete(channel); return ipcRenderer },
    listenerCount(channel) { return (listeners.get(channel) || []).length },
  }
  Object.defineProperty(window, ${JSON.stringify(DELIVER)}, {
    value: (channel, args) => {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] }
      for (const listener of [...(listeners.get(channel) || [])]) {
        try { listener(event, ...args) } catch (error) { console.error(error) }
      }
    },
  })

  // What crosses the bridge is a copy: functions become proxies, promises are forwarded, data is copied.
  const bridged = (value, depth = 0) => {
    if (depth > 1000) throw new Error('contextBridge: object is too deep')
    if (typeof value === 'function') {
      return function (...args) { return bridged(value(...args.map((arg) => bridgedIn(arg))), depth + 1) }
    }
    if (value instanceof Promise) return value.then((resolved) => bridged(resolved, depth + 1))
    if (value === null || typeof value !== 'object') return value
    if (value instanceof Error) return new Error(value.message)
    if (Array.isArray(value)) return value.map((item) => bridged(item, depth + 1))
    if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return structuredClone(value)
    const copy = {}
    for (const key of Object.keys(value)) copy[key] = bridged(value[key], depth + 1)
    return copy
  }
  const bridgedIn = (value) => (typeof value === 'function' ? (...args) => value(...args) : value)
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: bridged(api), enumerable: true, writable: false, configurable: false })
    },
    exposeInIsolatedWorld() { throw new Error('contextBridge.exposeInIsolatedWorld is not emulated') },
  }
  const webFrame = {
    setZoomFactor() {}, getZoomFactor() { return 1 }, setZoomLevel() {}, getZoomLevel() { return 0 },
    setVisualZoomLevelLimits() {}, insertCSS() { return '' }, removeInsertedCSS() {},
  }
  const electron = { ipcRenderer, contextBridge, webFrame, webUtils: { getPathForFile() { return '' } } }
  const preloadProcess = {
    type: 'renderer',
    platform: ${JSON.stringify(options.platform)},
    arch: 'x64',
    contextIsolated: true,
    sandboxed: true,
    isMainFrame: window.top === window,
    versions: ${JSON.stringify(options.versions)},
    env: {},
    argv: [],
    execPath: '',
    pid: 0,
    cwd() { return '/' },
    on() {}, once() {}, removeListener() {}, nextTick(fn, ...args) { queueMicrotask(() => fn(...args)) },
    getProcessMemoryInfo() { return Promise.resolve({}) },
  }
${preload}

  // ------------------------------------------------------------ window.open and new-window links
  const originalOpen = window.open.bind(window)
  window.open = function open(url, target, features) {
    const href = url === undefined || url === '' ? 'about:blank' : new URL(String(url), location.href).href
    // Electron answers synchronously from the main process; here the decision is asynchronous, so a denied
    // open returns null at once (what a deny gives) and an allowed one opens when the answer arrives.
    void call('window-open', { url: href, frameName: target ? String(target) : '', features: features ? String(features) : '', disposition: 'new-window' })
      .then((answer) => { if (answer && answer.action === 'allow') originalOpen(href, target, features) })
    return null
  }
  const onLinkActivation = (event) => {
    if (event.defaultPrevented) return
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null
    if (!anchor) return
    const newWindow = anchor.target === '_blank' || event.ctrlKey || event.shiftKey || event.metaKey || event.button === 1
    if (!newWindow) return
    event.preventDefault()
    const href = anchor.href
    void call('window-open', { url: href, frameName: '', features: '', disposition: 'foreground-tab' })
      .then((answer) => { if (answer && answer.action === 'allow') originalOpen(href, '_blank') })
  }
  window.addEventListener('click', onLinkActivation)
  window.addEventListener('auxclick', onLinkActivation)

  // ------------------------------------------------------------ permissions
  const denied = () => new DOMException('Permission denied', 'NotAllowedError')
  const ask = (permission, details) => call('permission-request', { permission, details: details || {} }).then((granted) => granted === true)
  const check = (permission) => call('permission-check', { permission })
  const CHECK_NAMES = {
    'clipboard-write': 'clipboard-sanitized-write', 'clipboard-read': 'clipboard-read', notifications: 'notifications',
    geolocation: 'geolocation', camera: 'media', microphone: 'media', midi: 'midi', 'window-management': 'window-management',
    'storage-access': 'storage-access', 'local-fonts': 'local-fonts', 'idle-detection': 'idle-detection',
  }
  if (navigator.permissions && navigator.permissions.query) {
    const originalQuery = navigator.permissions.query.bind(navigator.permissions)
    navigator.permissions.query = async function query(descriptor) {
      const name = descriptor && descriptor.name
      const mapped = CHECK_NAMES[name]
      if (mapped && !(await check(mapped))) {
        const status = await originalQuery(descriptor)
        Object.defineProperty(status, 'state', { value: 'denied' })
        return status
      }
      return originalQuery(descriptor)
    }
  }
  const guard = (owner, name, permission, details) => {
    if (!owner || typeof owner[name] !== 'function') return
    const original = owner[name]
    owner[name] = async function (...args) {
      if (!(await ask(permission, typeof details === 'function' ? details(...args) : details))) throw denied()
      return original.apply(this, args)
    }
  }
  if (navigator.clipboard) {
    guard(navigator.clipboard, 'writeText', 'clipboard-sanitized-write')
    guard(navigator.clipboard, 'write', 'clipboard-sanitized-write')
    guard(navigator.clipboard, 'readText', 'clipboard-read')
    guard(navigator.clipboard, 'read', 'clipboard-read')
  }
  if (navigator.mediaDevices) {
    guard(navigator.mediaDevices, 'getUserMedia', 'media', (constraints) => ({
      mediaTypes: [constraints && constraints.video ? 'video' : null, constraints && constraints.audio ? 'audio' : null].filter(Boolean),
    }))
    guard(navigator.mediaDevices, 'getDisplayMedia', 'display-capture')
  }
  guard(navigator, 'requestMIDIAccess', 'midi')
  guard(Document.prototype, 'requestStorageAccess', 'storage-access')
  guard(Element.prototype, 'requestFullscreen', 'fullscreen')
  if (typeof window.getScreenDetails === 'function') guard(window, 'getScreenDetails', 'window-management')
  if (window.Notification) {
    const originalRequest = Notification.requestPermission.bind(Notification)
    Notification.requestPermission = async function requestPermission() {
      return (await ask('notifications')) ? originalRequest() : 'denied'
    }
  }
  if (navigator.geolocation) {
    for (const name of ['getCurrentPosition', 'watchPosition']) {
      const original = navigator.geolocation[name].bind(navigator.geolocation)
      navigator.geolocation[name] = function (success, failure, options) {
        void ask('geolocation').then((granted) => {
          if (granted) original(success, failure, options)
          else if (failure) failure({ code: 1, message: 'User denied Geolocation', PERMISSION_DENIED: 1 })
        })
        return 0
      }
    }
  }
})()`
}
