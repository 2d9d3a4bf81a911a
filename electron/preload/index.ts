// Preload (sandboxed, bundled to CommonJS): exposes Clerk's internal bridge and `window.desktop`, nothing else.
import { exposeClerkBridge } from '@clerk/electron/preload'
import { contextBridge, ipcRenderer } from 'electron'
import { createDesktopApi } from './desktop-api'

exposeClerkBridge()
contextBridge.exposeInMainWorld('desktop', createDesktopApi(ipcRenderer))
