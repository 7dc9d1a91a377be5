// The Electron main process entry (out/main/index.js). Everything happens in app.ts.
import { runApp } from './app'

runApp()
