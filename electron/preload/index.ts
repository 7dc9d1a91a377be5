// Preload (sandboxed): exposes `window.sanzi` = { call, on } and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('sanzi', createBridge(ipcRenderer))
