import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { IPC_EVENT } from '../../../shared/api/bridge'
import { Engine } from '../../../electron/core/engine'
import { createCallHandler, createSenderCheck, FORBIDDEN_SENDER, sendBridgeEvent, type InvokeEventLike } from '../../../electron/main/ipc'
import { allowedOrigins } from '../../../electron/main/security'
import { tempDir } from '../../helpers/temp'

describe('IPC call handler', () => {
  const tmp = tempDir('sanzi-ipc-')
  let engine: Engine
  const ourContents = { id: 1, mainFrame: { url: 'app://sanzi/index.html', parent: null } }
  const otherContents = { id: 2, mainFrame: { url: 'app://sanzi/index.html', parent: null } }
  const frame = (url: string, parent: unknown = null) => ({ url, parent })
  const event = (sender: unknown, senderFrame: InvokeEventLike['senderFrame']): InvokeEventLike => ({ sender, senderFrame })

  beforeAll(async () => {
    engine = await Engine.open(join(tmp.dir, 'a.db'), { create: true })
  })
  afterAll(async () => {
    await engine.close()
    tmp.cleanup()
  })

  const isTrustedSender = createSenderCheck({ windowContents: () => ourContents, origins: allowedOrigins(undefined) })

  it('forwards a trusted call to the real engine', async () => {
    const handler = createCallHandler({ engine, session: engine.createSession(), isTrustedSender })
    const r = await handler(event(ourContents, frame('app://sanzi/index.html#/login')), 'system.status', {})
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).toMatchObject({ initialized: false, currentUser: null })
  })

  it('passes engine errors through as values (validation, unknown method)', async () => {
    const handler = createCallHandler({ engine, session: engine.createSession(), isTrustedSender })
    const trusted = event(ourContents, frame('app://sanzi/index.html'))
    const bad = await handler(trusted, 'system.status', { extra: 1 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.code).toBe('VALIDATION')
    const unknown = await handler(trusted, 'fs.readFile', { path: '/etc/passwd' })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.code).toBe('UNKNOWN_METHOD')
    const notString = await handler(trusted, { toString: null }, {})
    expect(notString).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: '未知的操作' } })
    const proto = await handler(trusted, '__proto__', JSON.parse('{"__proto__":{"x":1}}'))
    expect(proto.ok).toBe(false)
  })

  const untrusted: [string, InvokeEventLike][] = [
    ['another web contents', event(otherContents, frame('app://sanzi/index.html'))],
    ['an iframe of our window', event(ourContents, frame('app://sanzi/index.html', { url: 'app://sanzi/index.html' }))],
    ['a data: page', event(ourContents, frame('data:text/html,<script>sanzi.call()</script>'))],
    ['an external page', event(ourContents, frame('https://example.com/'))],
    ['a look-alike origin', event(ourContents, frame('app://sanzi.evil/index.html'))],
    ['the dev server in production', event(ourContents, frame('http://localhost:5173/'))],
    ['a destroyed frame', event(ourContents, null)],
    ['about:blank', event(ourContents, frame('about:blank'))],
  ]

  it.each(untrusted)('refuses %s without calling the engine', async (_name, ev) => {
    const call = vi.fn()
    const handler = createCallHandler({ engine: { call }, session: { userId: null }, isTrustedSender })
    const r = await handler(ev, 'system.status', {})
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } })
    expect(call).not.toHaveBeenCalled()
  })

  it('refuses everything while there is no window, and when the check throws', async () => {
    const call = vi.fn()
    const noWindow = createSenderCheck({ windowContents: () => null, origins: allowedOrigins(undefined) })
    const h1 = createCallHandler({ engine: { call }, session: { userId: null }, isTrustedSender: noWindow })
    expect((await h1(event(ourContents, frame('app://sanzi/index.html')), 'system.status', {})).ok).toBe(false)
    const h2 = createCallHandler({
      engine: { call },
      session: { userId: null },
      isTrustedSender: () => {
        throw new Error('boom')
      },
    })
    expect(await h2(event(ourContents, frame('app://sanzi/index.html')), 'system.status', {})).toEqual({ ok: false, error: FORBIDDEN_SENDER })
    expect(call).not.toHaveBeenCalled()
  })

  it('accepts the dev server origin only when it is configured', async () => {
    const dev = createSenderCheck({ windowContents: () => ourContents, origins: allowedOrigins('http://localhost:5173/') })
    expect(dev(event(ourContents, frame('http://localhost:5173/#/x')))).toBe(true)
    expect(dev(event(ourContents, frame('http://localhost:5174/')))).toBe(false)
  })

  it('turns a throwing engine into an INTERNAL error value', async () => {
    const handler = createCallHandler({
      engine: { call: () => Promise.reject(new Error('disk gone')) },
      session: { userId: null },
      isTrustedSender: () => true,
    })
    const r = await handler(event(ourContents, frame('app://sanzi/index.html')), 'system.status', {})
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ code: 'INTERNAL' })
  })
})

describe('sendBridgeEvent', () => {
  it('sends only known events to live contents', () => {
    const send = vi.fn()
    const contents = { send, isDestroyed: () => false }
    expect(sendBridgeEvent(contents, IPC_EVENT, 'session-ended', { reason: 'x' })).toBe(true)
    expect(send).toHaveBeenCalledWith('sanzi:event', 'session-ended', { reason: 'x' })
    expect(() => sendBridgeEvent(contents, IPC_EVENT, 'evil' as never, null)).toThrow(/未知的事件/)
    // job progress has its own typed channel (electron/main/progress.ts), not the generic event one
    expect(() => sendBridgeEvent(contents, IPC_EVENT, 'job-progress' as never, null)).toThrow(/未知的事件/)
    expect(sendBridgeEvent({ send, isDestroyed: () => true }, IPC_EVENT, 'session-ended', null)).toBe(false)
    expect(sendBridgeEvent(null, IPC_EVENT, 'session-ended', null)).toBe(false)
  })
})
