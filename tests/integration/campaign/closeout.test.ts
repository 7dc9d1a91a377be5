import ExcelJS from 'exceljs'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignSummary } from '../../../shared/api/campaignTypes'
import { checkWorkbook } from '../../../electron/core/campaign/fingerprint'
import { nowIso } from '../../../electron/core/audit/log'
import { addDays } from '../../../shared/periods'
import type { Session } from '../../../electron/core/context'
import { Engine } from '../../../electron/core/engine'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { DEMO_PASSWORD, refusal } from './setup'

/**
 * 公示 → 确认 → 上报 on the demo district, whose six villages with books stand at 上报 (reported), 确认, 公示
 * (period running), 核实, 登记 and 清理 — each driven there by the demo seeder through the campaign handlers.
 */
describe('清查 公示, 确认, 上报 and reopening (demo district)', () => {
  const t = tempDir()
  let engine: Engine
  let clerk: Session
  let supervisor: Session
  let list: CampaignSummary[]
  const today = nowIso().slice(0, 10)
  const at = (step: string) => {
    const c = list.find((x) => x.step === step)
    if (!c) throw new Error(`no demo campaign at ${step}`)
    return { villageId: c.villageId, campaignId: c.id }
  }
  const status = (ref: { villageId: number; campaignId: number }) => engine.invoke(supervisor, 'campaign.status', ref)

  beforeAll(async () => {
    engine = await Engine.open(join(t.dir, 'demo.db'), { create: true })
    await engine.invoke(engine.createSession(), 'setup.loadDemo', { villages: 6, password: DEMO_PASSWORD })
    const as = async (username: string) => {
      const s = engine.createSession()
      await engine.invoke(s, 'auth.signIn', { username, password: DEMO_PASSWORD })
      return s
    }
    // 刘志强 keeps the first three villages' books: those at 上报, 确认 and 公示
    clerk = await as('jizhang1')
    supervisor = await as('zhuguan')
    list = await engine.invoke(supervisor, 'campaign.list', {})
  }, 240_000)
  let closed = false
  afterAll(async () => {
    if (!closed) await engine.close()
    t.cleanup()
  })

  it('the demo district stands at every step, one campaign each', () => {
    expect(list.map((c) => c.step)).toEqual(['report', 'confirmation', 'notice', 'verification', 'registration', 'snapshot'])
    expect(list.map((c) => c.status)).toEqual(['reported', 'open', 'open', 'open', 'open', 'open'])
    expect(list.map((c) => c.locked)).toEqual([true, false, false, false, false, false])
  })

  it('公示 in its period: 确认 is refused with the days left; objections only inside the period and not in the future', async () => {
    const ref = at('notice')
    const s = await status(ref)
    expect(s.notice).toMatchObject({ days: 7, ended: false, place: '村务公开栏及村民微信群' })
    const notice = s.notice
    if (!notice) throw new Error('no notice')
    expect(notice.to >= today).toBe(true)
    const refused = await refusal(engine.invoke(clerk, 'campaign.advance', { ...ref, from: 'notice' }))
    expect(refused.code).toBe('STATE')
    expect(refused.message).toMatch(new RegExp(`^不能进入「确认」步骤：公示期 ${notice.from} 至 ${notice.to} 尚未结束（还有 \\d+ 天），公示期满后才能进入确认$`))
    // confirming belongs to 确认: refused here whatever the dates
    const early = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...ref, body: 'financeGroup', meetingOn: today, attendees: ['李秀兰'], resolution: '同意' }))
    expect(early.message).toContain('只有在「确认」步骤才能这样做')

    const outside = await refusal(engine.invoke(clerk, 'campaign.objection', { ...ref, receivedOn: addDays(notice.from, -1), fromName: '村民 王五', content: '有疑问' }))
    expect(outside).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(`不在公示期 ${notice.from} 至 ${notice.to} 内`) })
    const future = addDays(today, 1)
    if (future <= notice.to) {
      const ahead = await refusal(engine.invoke(clerk, 'campaign.objection', { ...ref, receivedOn: future, fromName: '村民 王五', content: '有疑问' }))
      expect(ahead.message).toContain('晚于今天')
    }
    const after = await engine.invoke(clerk, 'campaign.objection', { ...ref, receivedOn: today, fromName: '村民 王五', content: '鱼塘承包金收了几年？' })
    expect(after.objections.map((o) => [o.fromName, o.resolution])).toEqual([
      ['村民 张德全', null],
      ['村民 王五', null],
    ])
    // a new notice must still cover the objections received
    const moved = await refusal(engine.invoke(clerk, 'campaign.notice', { ...ref, from: addDays(today, 1), days: 7, place: '村务公开栏' }))
    expect(moved.message).toContain('已登记的异议不在新的公示期')
    // the record of an objection cannot be rewritten, only resolved
    expect(() => engine.sqlite.prepare("UPDATE campaign_objection SET content = '改了' WHERE campaign_id = ?").run(ref.campaignId)).toThrow('异议的收到日期、提出人和内容不能修改')
    expect(() => engine.sqlite.prepare('DELETE FROM campaign_notice WHERE campaign_id = ?').run(ref.campaignId)).toThrow('公示记录不能删除')
    expect((await status(ref)).step).toBe('notice')
  })

  it('确认: the meeting must come after the period and not in the future; every objection resolved first; then 上报', async () => {
    const ref = at('confirmation')
    const s = await status(ref)
    const notice = s.notice
    if (!notice) throw new Error('no notice')
    expect(notice.ended).toBe(true)
    expect(s.objections).toEqual([expect.objectContaining({ fromName: '村民 张德全', resolution: expect.stringContaining('异议人无异议') })])
    expect(s.next).toMatchObject({ step: 'report', ready: false, blockers: ['尚未登记民主理财小组或村民代表会议的确认（会议日期、参会人、决议）'] })
    const input = { ...ref, body: 'financeGroup' as const, attendees: ['李秀兰', '王建国', '赵家宝'], resolution: '同意清查结果' }

    const inside = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: notice.to }))
    expect(inside).toMatchObject({ code: 'VALIDATION', message: `会议日期 ${notice.to} 在公示期（${notice.from} 至 ${notice.to}）内或之前：公示期满后才能确认` })
    const ahead = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: addDays(today, 1) }))
    expect(ahead.message).toContain('晚于今天')
    const twice = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: today, attendees: ['李秀兰', '李秀兰'] }))
    expect(twice.message).toBe('参会人有重复的姓名')
    const none = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: today, attendees: [] }))
    expect(none.code).toBe('VALIDATION')

    // back to 公示 (the same round: its notice stands), a late-recorded objection from inside the period
    await engine.invoke(clerk, 'campaign.back', { ...ref, from: 'confirmation', reason: '补记公示期内收到的书面异议' })
    const back = await engine.invoke(clerk, 'campaign.objection', { ...ref, receivedOn: notice.to, fromName: '村民 李四', content: '村部办公楼原值偏高' })
    expect(back.notice).toMatchObject({ from: notice.from, to: notice.to })
    const again = await engine.invoke(clerk, 'campaign.advance', { ...ref, from: 'notice' })
    expect(again.step).toBe('confirmation')
    expect(again.next?.blockers).toEqual(['还有 1 条公示异议未处理：村民 李四（' + notice.to + '）', '尚未登记民主理财小组或村民代表会议的确认（会议日期、参会人、决议）'])
    const unresolved = await refusal(engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: today }))
    expect(unresolved.message).toContain('还有 1 条公示异议未处理（村民 李四）')
    const skip = await refusal(engine.invoke(clerk, 'campaign.advance', { ...ref, from: 'confirmation' }))
    expect(skip.message).toContain('不能进入「上报」步骤：还有 1 条公示异议未处理')

    const li = again.objections.find((o) => o.fromName === '村民 李四')
    if (!li) throw new Error('no objection')
    await engine.invoke(clerk, 'campaign.resolveObjection', { ...ref, objectionId: li.id, resolution: '经核对原始发票，原值无误，已向其说明' })
    const confirmed = await engine.invoke(clerk, 'campaign.confirm', { ...input, meetingOn: today })
    expect(confirmed.confirmation).toMatchObject({ body: 'financeGroup', bodyLabel: '民主理财小组', meetingOn: today, attendees: ['李秀兰', '王建国', '赵家宝'], recordedBy: '刘志强' })
    expect(confirmed.next).toMatchObject({ step: 'report', ready: true, blockers: [] })
    const late = await refusal(engine.invoke(clerk, 'campaign.resolveObjection', { ...ref, objectionId: li.id, resolution: '改口' }))
    expect(late.message).toContain('清查结果已经确认')

    const r = await engine.invoke(clerk, 'campaign.advance', { ...ref, from: 'confirmation' })
    expect(r.step).toBe('report')
    const out = join(t.dir, '上报-确认村.xlsx')
    const file = await engine.invoke(clerk, 'campaign.report', { ...ref, to: out })
    expect(file).toMatchObject({ path: out, version: 1, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(await checkWorkbook(out)).toMatchObject({ ok: true, embedded: file.fingerprint })
    const locked = await status(ref)
    expect(locked).toMatchObject({ status: 'reported', locked: true, step: 'report' })
    expect(locked.reports).toEqual([expect.objectContaining({ version: 1, fingerprint: file.fingerprint, bytes: readFileSync(out).length, reportedBy: '刘志强', reopened: null })])
  })

  it('a reported campaign is locked: every change is refused, in the engine and in the database', async () => {
    const ref = at('report')
    const s = await status(ref)
    expect(s.reports).toHaveLength(1)
    const tries: [string, Promise<unknown>][] = [
      ['advance', engine.invoke(clerk, 'campaign.advance', ref)],
      ['back', engine.invoke(clerk, 'campaign.back', { ...ref, reason: '想改' })],
      ['notice', engine.invoke(clerk, 'campaign.notice', { ...ref, from: today, days: 7, place: '村务公开栏' })],
      ['objection', engine.invoke(clerk, 'campaign.objection', { ...ref, receivedOn: today, fromName: '甲', content: '乙' })],
      ['confirm', engine.invoke(clerk, 'campaign.confirm', { ...ref, body: 'financeGroup', meetingOn: today, attendees: ['甲'], resolution: '同意' })],
      ['report', engine.invoke(clerk, 'campaign.report', ref)],
    ]
    for (const [what, p] of tries) {
      const e = await refusal(p)
      expect([what, e.code, e.message]).toEqual([what, 'STATE', expect.stringContaining('已上报并锁定')])
    }
    expect(() => engine.sqlite.prepare("UPDATE campaign SET note = '改' WHERE id = ?").run(ref.campaignId)).toThrow('该清查已上报并锁定，不能修改')
    expect(() => engine.sqlite.prepare("INSERT INTO campaign_objection (campaign_id, round, received_on, from_name, content, recorded_by, recorded_at) VALUES (?, 1, '2024-12-08', '甲', '乙', 1, '2026-01-01T00:00:00.000+08:00')").run(ref.campaignId)).toThrow(
      '该清查已上报并锁定，不能修改',
    )
    expect(() => engine.sqlite.prepare("UPDATE campaign_report SET fingerprint = ? WHERE campaign_id = ?").run('0'.repeat(64), ref.campaignId)).toThrow('已上报的版本不能修改')
    expect(() => engine.sqlite.prepare('DELETE FROM campaign_report WHERE campaign_id = ?').run(ref.campaignId)).toThrow('已上报的版本不能删除')
    expect(await status(ref)).toMatchObject({ locked: true, reports: s.reports })
  })

  it('reopening needs 主管会计 and a reason; it returns to 确认, and every reported version is kept and exportable', async () => {
    const ref = at('report')
    const forbidden = await refusal(engine.invoke(clerk, 'campaign.reopen', { ...ref, reason: '改错' }))
    expect(forbidden.code).toBe('FORBIDDEN')
    const noReason = await refusal(engine.invoke(supervisor, 'campaign.reopen', { ...ref, reason: '' }))
    expect(noReason.code).toBe('VALIDATION')
    const v1 = (await status(ref)).reports[0]
    if (!v1) throw new Error('no version')
    const opened = await engine.invoke(supervisor, 'campaign.reopen', { ...ref, reason: '财政分局退回：工作组名单需补充村监委会成员' })
    expect(opened).toMatchObject({ step: 'confirmation', status: 'open', locked: false })
    expect(opened.log.at(-1)).toMatchObject({ direction: 'back', from: 'report', to: 'confirmation', reason: '上报后重新打开：财政分局退回：工作组名单需补充村监委会成员', userName: '陈桂兰' })
    expect(opened.reports).toEqual([{ ...v1, reopened: { by: '陈桂兰', at: expect.any(String), reason: '财政分局退回：工作组名单需补充村监委会成员' } }])
    // the confirmation of this round stands: straight back to 上报, reported again as version 2
    expect(opened.next).toMatchObject({ step: 'report', ready: true })
    await engine.invoke(clerk, 'campaign.advance', { ...ref, from: 'confirmation' })
    const v2 = await engine.invoke(clerk, 'campaign.report', { ...ref, to: join(t.dir, 'v2.xlsx') })
    expect(v2.version).toBe(2)
    const both = (await status(ref)).reports
    expect(both.map((r) => [r.version, r.reopened === null])).toEqual([
      [1, false],
      [2, true],
    ])
    // version 1 comes back byte for byte as it was reported
    const first = await engine.invoke(supervisor, 'campaign.exportReport', { ...ref, version: 1, to: join(t.dir, 'v1-again.xlsx') })
    expect(first).toMatchObject({ version: 1, fingerprint: v1.fingerprint, bytes: v1.bytes })
    expect(await checkWorkbook(first.path)).toMatchObject({ ok: true, embedded: v1.fingerprint })
    const missing = await refusal(engine.invoke(supervisor, 'campaign.exportReport', { ...ref, version: 9, to: join(t.dir, 'v9.xlsx') }))
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: '没有第 9 版上报表' })
    expect(existsSync(join(t.dir, 'v9.xlsx'))).toBe(false)
    const notLocked = await refusal(engine.invoke(supervisor, 'campaign.reopen', { ...at('notice'), reason: '试' }))
    expect(notLocked.message).toContain('尚未上报锁定，无需重新打开')
  })

  it('the 公示表 carries the recorded period and place; a hand-changed 上报表 is caught by its fingerprint', async () => {
    const ref = at('notice')
    const s = await status(ref)
    const notice = await engine.invoke(clerk, 'campaign.exportNotice', { ...ref, to: join(t.dir, '公示表.xlsx') })
    expect(notice.fingerprint).toBeNull()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(notice.path)
    const texts = wb.worksheets[0]?.getSheetValues().flat().filter((v): v is string => typeof v === 'string') ?? []
    expect(texts).toContain(`公示期：${s.notice?.from} 至 ${s.notice?.to}（7 天）\u3000公示地点：村务公开栏及村民微信群`)
    // the printable page shows what the workbook holds: the same title, lines and every row's figures
    const page = await engine.invoke(clerk, 'campaign.noticeContent', ref)
    expect(page.posted).toBe(true)
    expect(texts).toContain(page.title)
    expect(page.lines[1]).toBe(`公示期：${s.notice?.from} 至 ${s.notice?.to}（7 天）\u3000公示地点：村务公开栏及村民微信群`)
    const sheetRows: unknown[][] = []
    wb.worksheets[0]?.eachRow((r) => sheetRows.push(r.values as unknown[]))
    for (const r of page.money.filter((x) => x.look !== 'section')) {
      const row = sheetRows.find((v) => v[1] === r.label && (v[2] ?? '') === r.code)
      expect([r.label, row?.[3] ?? null, row?.[4] ?? null]).toEqual([r.label, r.book === null ? null : Number(r.book), r.verified === null ? null : Number(r.verified)])
    }
    expect(page.money.filter((x) => x.look === 'total').map((x) => x.label)).toEqual(['资金合计', '资产合计', '债权合计', '债务合计'])
    expect(page.areas.at(-1)).toMatchObject({ look: 'total', label: '资源合计' })
    const bad = await refusal(engine.invoke(clerk, 'campaign.exportNotice', { ...ref, to: join(t.dir, '公示表.pdf') }))
    expect(bad.message).toContain('须以 .xlsx 结尾')
    const early = await refusal(engine.invoke(supervisor, 'campaign.exportNotice', at('snapshot')))
    expect(early.message).toContain('尚未冻结账面数')

    // the kept report, with one figure changed by hand in Excel
    const kept = await engine.invoke(supervisor, 'campaign.exportReport', { ...at('report'), to: join(t.dir, 'kept.xlsx') })
    // the 差异明细 names the card found 损坏 and the counterparty who has not replied, beside the differences
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(kept.path)
    const remarks = book.getWorksheet('差异明细')?.getColumn(4).values.filter((v) => typeof v === 'string')
    expect(remarks).toEqual(expect.arrayContaining(['状况/询证', '损坏', '未回函']))
    // a debt reads on its own side: 贷 and a positive figure
    const debtRows: unknown[][] = []
    book.getWorksheet('差异明细')?.eachRow((r) => {
      const v = r.values as unknown[]
      if (v[5] === '贷') debtRows.push(v)
    })
    expect(debtRows.length).toBeGreaterThan(0)
    for (const v of debtRows) expect(Number(v[6])).toBeGreaterThan(0)
    const edited = new ExcelJS.Workbook()
    await edited.xlsx.readFile(kept.path)
    const sheet = edited.getWorksheet('资产负债表')
    const cell = sheet?.getCell('C6')
    if (!sheet || !cell || typeof cell.value !== 'number') throw new Error(`no figure at C6: ${String(cell?.value)}`)
    cell.value = cell.value + 1000
    await edited.xlsx.writeFile(join(t.dir, 'changed.xlsx'))
    const check = await checkWorkbook(join(t.dir, 'changed.xlsx'))
    expect(check).toMatchObject({ ok: false, changedSheets: ['资产负债表'], message: expect.stringMatching(/^已被改动：工作表「资产负债表」的内容与其指纹不符/) })
  })

  it('往来询证函: one letter per counterparty with what the books hold and which side owes, and the list with the replies', async () => {
    const ref = at('notice')
    const d = await engine.invoke(supervisor, 'campaign.status', { ...ref, rows: true })
    const owed = d.rows.filter((r) => r.kind === 'account' && r.auxItemId !== null && /^(112|113|211|221)/.test(r.code) && r.amount !== '0.00')
    const names = new Set(owed.map((r) => r.label.split('：')[1]))
    const file = await engine.invoke(supervisor, 'campaign.exportConfirmations', { ...ref, to: join(t.dir, '询证函.xlsx') })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file.path)
    expect(wb.worksheets.map((w) => w.name)[0]).toBe('询证清单')
    expect(wb.worksheets.length).toBe(1 + names.size)
    const list = wb.getWorksheet('询证清单')
    const data: unknown[][] = []
    list?.eachRow((r) => {
      const v = r.values as unknown[]
      if (typeof v[1] === 'number') data.push(v)
    })
    expect(new Set(data.map((v) => v[2]))).toEqual(names)
    // the demo recorded 询证 replies in 核实: the last counterparty has not replied
    expect(data.map((v) => v[6])).toEqual(expect.arrayContaining(['对方确认相符', '未回函']))
    const debt = owed.find((r) => r.amount?.startsWith('-'))
    if (debt) {
      const name = debt.label.split('：')[1] ?? ''
      const letter = wb.worksheets.find((w) => w.name.endsWith(name.slice(0, 20)) && w.name !== '询证清单')
      const cells = letter?.getSheetValues().flat().filter((v) => v !== undefined && v !== null) ?? []
      expect(cells).toContain(`${name}：`)
      expect(cells).toContain('本单位欠贵单位')
      expect(cells).toContain(Number(debt.amount?.slice(1)))
    }
    const early = await refusal(engine.invoke(supervisor, 'campaign.exportConfirmations', at('snapshot')))
    expect(early.message).toContain('尚未冻结账面数')
  })

  it('CLI: campaign report on a reported campaign exports the kept version; fingerprint says whether it was changed', async () => {
    const village = list.find((c) => c.step === 'report')
    const villages = await engine.invoke(supervisor, 'village.list', {})
    const path = engine.path
    // the CLI opens the book itself: one engine per book at a time
    await engine.close()
    closed = true
    const code = villages.find((v) => v.id === village?.villageId)?.code ?? ''
    const out = join(t.dir, 'cli-report.xlsx')
    const env = { SANZI_PASSWORD: DEMO_PASSWORD }
    const r = await sanzi(['campaign', 'report', '--db', path, '--as', 'zhuguan', '--village', code, '--date', '2024-11-30', '--out', out, '--report-version', '1'], env)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('已导出第 1 版上报表')
    expect((await sanzi(['fingerprint', out])).out).toContain('未被改动')
    expect((await sanzi(['fingerprint', join(t.dir, 'changed.xlsx')])).code).not.toBe(0)
    // a campaign not yet at 上报 says why
    const v2 = villages.find((v) => v.id === list.find((c) => c.step === 'verification')?.villageId)?.code ?? ''
    const early = await sanzi(['campaign', 'report', '--db', path, '--as', 'zhuguan', '--village', v2, '--date', '2024-11-30', '--out', join(t.dir, 'x.xlsx')], env)
    expect(early.code).not.toBe(0)
    expect(early.err).toContain('清查在「核实」步骤，还不能上报')
    expect(existsSync(join(t.dir, 'x.xlsx'))).toBe(false)
  })
})
