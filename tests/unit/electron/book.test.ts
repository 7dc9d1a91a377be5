import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { Engine } from '../../../electron/core/engine'
import { openBook, type OpenBookDeps } from '../../../electron/main/book'
import { tempDir } from '../../helpers/temp'

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

describe('opening the book at start-up', () => {
  const tmp = tempDir('sanzi-book-')
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close()
  })
  afterAll(() => tmp.cleanup())

  const deps = (over: Partial<OpenBookDeps<Engine>> & { defaultPath: string }): OpenBookDeps<Engine> => ({
    open: async (path, create) => {
      const e = await Engine.open(path, { create })
      engines.push(e)
      return e
    },
    askRefused: vi.fn(() => 'quit' as const),
    chooseFile: vi.fn(() => null),
    ...over,
  })

  it('creates the default book when it does not exist', async () => {
    const path = join(tmp.dir, 'new', 'sanzi-ledger.db')
    const r = await openBook(deps({ defaultPath: path }))
    expect(r.kind).toBe('opened')
    expect(existsSync(path)).toBe(true)
    if (r.kind === 'opened') expect((await r.engine.call(r.engine.createSession(), 'system.status', {})).ok).toBe(true)
  })

  it('a refused default book is never replaced; 退出 quits', async () => {
    const path = join(tmp.dir, 'garbage.db')
    writeFileSync(path, 'PK\u0003\u0004 this is an xlsx, not a book'.repeat(50))
    const before = sha(path)
    const d = deps({ defaultPath: path })
    const r = await openBook(d)
    expect(r).toEqual({ kind: 'quit' })
    expect(d.askRefused).toHaveBeenCalledWith(expect.stringContaining('不是有效的账套文件'), path)
    expect(sha(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('a 0-byte default book is refused, not initialised', async () => {
    const path = join(tmp.dir, 'empty.db')
    writeFileSync(path, '')
    const d = deps({ defaultPath: path })
    expect((await openBook(d)).kind).toBe('quit')
    expect(readFileSync(path).length).toBe(0)
  })

  it('打开其他账套… opens a chosen existing book; a cancelled dialog asks again', async () => {
    const good = join(tmp.dir, 'good.db')
    await (await Engine.open(good, { create: true })).close()
    const bad = join(tmp.dir, 'bad.db')
    writeFileSync(bad, 'not a database at all'.repeat(100))
    const before = sha(bad)
    const chooseFile = vi.fn().mockReturnValueOnce(null).mockReturnValueOnce(good)
    const askRefused = vi.fn(() => 'open-other' as const)
    const r = await openBook(deps({ defaultPath: bad, askRefused, chooseFile }))
    expect(r.kind).toBe('opened')
    if (r.kind === 'opened') expect(r.path).toBe(good)
    expect(askRefused).toHaveBeenCalledTimes(2)
    expect(sha(bad)).toBe(before)
  })

  it('a chosen file that does not exist is refused, never created', async () => {
    const bad = join(tmp.dir, 'bad2.db')
    writeFileSync(bad, 'x'.repeat(1000))
    const missing = join(tmp.dir, 'missing.db')
    const askRefused = vi.fn().mockReturnValueOnce('open-other').mockReturnValueOnce('quit')
    const r = await openBook(deps({ defaultPath: bad, askRefused, chooseFile: () => missing }))
    expect(r).toEqual({ kind: 'quit' })
    expect(askRefused).toHaveBeenLastCalledWith(expect.stringContaining('文件不存在'), missing)
    expect(existsSync(missing)).toBe(false)
  })

  it('a wrong native binary is reported as such, even on an existing book', async () => {
    const good = join(tmp.dir, 'good2.db')
    await (await Engine.open(good, { create: true })).close()
    const before = sha(good)
    const askRefused = vi.fn()
    const r = await openBook({
      defaultPath: good,
      open: (path, create) => Engine.open(path, { create, nativeBinding: join(tmp.dir, 'nope', 'better_sqlite3.node') }),
      askRefused,
      chooseFile: () => null,
    })
    expect(r.kind).toBe('native-error')
    expect(askRefused).not.toHaveBeenCalled()
    expect(sha(good)).toBe(before)
  })

  it('other failures are returned, not swallowed', async () => {
    const r = await openBook({
      defaultPath: 'x',
      open: () => Promise.reject(new Error('EACCES: permission denied')),
      askRefused: () => 'quit',
      chooseFile: () => null,
    })
    expect(r.kind).toBe('failed')
  })

  it('gives up after a bounded number of rounds', async () => {
    const bad = join(tmp.dir, 'bad3.db')
    writeFileSync(bad, 'y'.repeat(1000))
    const r = await openBook(deps({ defaultPath: bad, askRefused: () => 'open-other', chooseFile: () => null, maxAttempts: 5 }))
    expect(r).toEqual({ kind: 'quit' })
  })
})
