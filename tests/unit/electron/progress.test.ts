/**
 * Job progress from the engine's stream (electron/core/jobs/progress.ts) to the window (electron/main/progress.ts):
 * only our window showing our page, whitelisted fields, one message per interval per job, first/phase/last kept.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { onJobProgress, reportJobProgress, type JobProgress } from '../../../electron/core/jobs/progress'
import { forwardJobProgress, ownWindowContents, toProgressEvent, type ProgressContents } from '../../../electron/main/progress'
import { allowedOrigins } from '../../../electron/main/security'

const job = (done: number, over: Partial<JobProgress> = {}): JobProgress => ({ kind: 'import', what: 'vouchers', phase: 'write', done, total: 100_000, ...over })

function fakeContents(url = 'app://sanzi/index.html#/vouchers/list') {
  const sent: unknown[][] = []
  const contents = { destroyed: false, mainFrame: { url }, send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => contents.destroyed }
  return { contents, sent }
}

describe('forwardJobProgress', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the engine stream to the window on sanzi:progress, thinned per job, first/phase/last kept', () => {
    const { contents, sent } = fakeContents()
    const stop = forwardJobProgress({ subscribe: onJobProgress, target: () => contents, intervalMs: 100 })
    reportJobProgress(job(0, { phase: 'read', total: null }))
    reportJobProgress(job(0))
    for (let done = 1000; done < 10_000; done += 1000) reportJobProgress(job(done)) // same tick: held back
    expect(sent).toEqual([
      ['sanzi:progress', { kind: 'import', what: 'vouchers', phase: 'read', done: 0, total: null }],
      ['sanzi:progress', job(0)],
    ])
    vi.advanceTimersByTime(100)
    // only the latest of the held-back reports goes out when the interval has passed
    expect(sent.slice(2)).toEqual([['sanzi:progress', job(9000)]])
    vi.advanceTimersByTime(500)
    expect(sent).toHaveLength(3)
    reportJobProgress(job(50_000))
    reportJobProgress(job(100_000)) // the last one is never held back
    expect(sent.slice(3)).toEqual([['sanzi:progress', job(50_000)], ['sanzi:progress', job(100_000)]])
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(5)
    stop()
    reportJobProgress(job(1))
    expect(sent).toHaveLength(5)
  })

  it('keeps two jobs apart, and stop() drops what is held back', () => {
    const { contents, sent } = fakeContents()
    const stop = forwardJobProgress({ subscribe: onJobProgress, target: () => contents, intervalMs: 100 })
    reportJobProgress(job(1))
    reportJobProgress({ kind: 'export', what: 'ledger', phase: 'write', done: 1, total: 10 })
    reportJobProgress(job(2))
    expect(sent.map((s) => (s[1] as JobProgress).kind)).toEqual(['import', 'export'])
    stop()
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(2)
  })

  it('sends nothing while there is no window, or the window is destroyed', () => {
    const { contents, sent } = fakeContents()
    let target: ProgressContents | null = null
    const stop = forwardJobProgress({ subscribe: onJobProgress, target: ownWindowContents(() => target, allowedOrigins(undefined)) })
    reportJobProgress(job(1, { phase: 'a' }))
    target = contents
    contents.destroyed = true
    reportJobProgress(job(2, { phase: 'b' }))
    contents.destroyed = false
    reportJobProgress(job(3, { phase: 'c' }))
    expect(sent).toEqual([['sanzi:progress', job(3, { phase: 'c' })]])
    stop()
  })

  it.each([
    ['an external page', 'https://example.com/'],
    ['a data: page', 'data:text/html,<p>x</p>'],
    ['a look-alike origin', 'app://sanzi.evil/index.html'],
    ['the dev server in production', 'http://localhost:5173/'],
  ])('sends nothing while the window shows %s', (_name, url) => {
    const { contents, sent } = fakeContents(url)
    const stop = forwardJobProgress({ subscribe: onJobProgress, target: ownWindowContents(() => contents, allowedOrigins(undefined)) })
    reportJobProgress(job(100_000))
    expect(sent).toEqual([])
    stop()
  })

  it('copies only the known fields', () => {
    const noisy = { ...job(5), jobId: 'j1', db: { secret: true }, path: '/home/x' } as JobProgress
    expect(toProgressEvent(noisy)).toEqual({ kind: 'import', what: 'vouchers', phase: 'write', done: 5, total: 100_000, jobId: 'j1' })
    expect(Object.keys(toProgressEvent(job(5)))).not.toContain('jobId')
  })
})
