import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { DEMO_PASSWORD, demoBooks } from './setup'

describe('sanzi campaign start|advance|back|status', () => {
  const t = tempDir()
  let db = ''
  const env = { SANZI_PASSWORD: DEMO_PASSWORD }
  const at = (date: string) => ['--db', db, '--village', '340122101', '--date', date, '--as', 'jizhang1']
  beforeAll(async () => {
    const d = await demoBooks(t.dir)
    db = d.engine.path
    await d.engine.close()
  }, 120_000)
  afterAll(() => t.cleanup())

  it('starts with its team, advances through 清理 and shows the status; refusals exit non-zero in Chinese', async () => {
    const bad = await sanzi(['campaign', 'start', ...at('2024-11-30'), '--member', '孙立军,纪委,组长'], env)
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('未知的单位「纪委」，可选：区纪工委、财政分局、会计代理服务中心、村')
    expect((await sanzi(['campaign', 'status', ...at('2024-11-30')], env)).err).toContain('本村没有基准日为 2024-11-30 的清查')

    const start = await sanzi(['campaign', 'start', ...at('2024-11-30'), '--member', '孙立军,区纪工委,组长', '--member', '钱慧，财政分局，成员'], env)
    expect(start, start.err).toMatchObject({ code: 0 })
    expect(start.out).toContain('已发起清查：杨桥村股份经济合作社，基准日 2024-11-30')
    expect(start.out).toContain('工作组：孙立军（区纪工委，组长）、钱慧（财政分局，成员）')
    expect(start.out).toContain('下一步「登记」：可以进入')

    const adv = await sanzi(['campaign', 'advance', ...at('2024-11-30')], env)
    expect(adv, adv.err).toMatchObject({ code: 0 })
    expect(adv.out).toContain('清查由「清理」进入「登记」')
    expect(adv.out).toMatch(/账面数快照：第 1 次冻结，.*刘志强；科目余额 \d+ 行，台账项目 \d+ 项/)
    expect(adv.out).toMatch(/下一步「核实」：暂不能进入 — 还有 \d+ 项台账项目未登记/)

    const refused = await sanzi(['campaign', 'advance', ...at('2024-11-30')], env)
    expect(refused.code).not.toBe(0)
    expect(refused.err).toContain('不能进入「核实」步骤：还有')

    expect((await sanzi(['campaign', 'back', ...at('2024-11-30')], env)).code).not.toBe(0)
    const back = await sanzi(['campaign', 'back', ...at('2024-11-30'), '--reason', '补记 11 月收入后重新清理'], env)
    expect(back.out).toContain('清查由「登记」退回「清理」：补记 11 月收入后重新清理')

    const status = await sanzi(['campaign', 'status', ...at('2024-11-30'), '--json'], env)
    const s = JSON.parse(status.out) as { step: string; log: { direction: string; reason: string | null }[] }
    expect(s.step).toBe('snapshot')
    expect(s.log.map((l) => [l.direction, l.reason])).toEqual([
      ['start', null],
      ['forward', null],
      ['back', '补记 11 月收入后重新清理'],
    ])
  })
})
