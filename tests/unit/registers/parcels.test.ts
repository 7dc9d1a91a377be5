import { describe, expect, it } from 'vitest'
import { areaText, landClassOf, ownershipOf, parseArea, USE_STATUS_WORDS } from '../../../shared/registers/parcels'

describe('parcel areas in ten-thousandths of a 亩', () => {
  it('reads text and numbers exactly, to 0.0001 亩', () => {
    expect(parseArea('193.1521')).toEqual({ ok: true, value: 1931521 })
    expect(parseArea(193.1521)).toEqual({ ok: true, value: 1931521 })
    expect(parseArea(2.2)).toEqual({ ok: true, value: 22000 })
    expect(parseArea('0.0001')).toEqual({ ok: true, value: 1 })
    expect(parseArea(' 53.257 ')).toEqual({ ok: true, value: 532570 })
    expect(areaText(1931521)).toBe('193.1521')
    expect(areaText(22000)).toBe('2.2')
    expect(areaText(4420010)).toBe('442.001')
    expect(areaText(10000)).toBe('1')
  })

  it('refuses negative, zero, absurd, over-precise and malformed areas, never rounding', () => {
    expect(parseArea('-5')).toMatchObject({ ok: false, reason: expect.stringMatching(/不能为负数/) })
    expect(parseArea(-0.5)).toMatchObject({ ok: false, reason: expect.stringMatching(/不能为负数/) })
    expect(parseArea('0')).toMatchObject({ ok: false, reason: expect.stringMatching(/必须大于 0/) })
    expect(parseArea('0.00001')).toMatchObject({ ok: false, reason: expect.stringMatching(/最多 4 位小数/) })
    expect(parseArea(0.30000000000000004)).toMatchObject({ ok: false, reason: expect.stringMatching(/最多 4 位小数/) })
    expect(parseArea('20000000')).toMatchObject({ ok: false, reason: expect.stringMatching(/超出合理范围/) })
    expect(parseArea(1e21)).toMatchObject({ ok: false, reason: expect.stringMatching(/超出合理范围/) })
    expect(parseArea('1e3')).toMatchObject({ ok: false })
    expect(parseArea('12亩')).toMatchObject({ ok: false })
    expect(parseArea('')).toMatchObject({ ok: false, reason: expect.stringMatching(/不能为空/) })
    expect(parseArea(Number.NaN)).toMatchObject({ ok: false })
  })
})

describe('the words of the parcel register', () => {
  it('knows the GB/T 21010 classes by name and code, and the collective-land terms of the fixture', () => {
    for (const t of ['耕地', '园地', '林地', '坑塘水面', '集体经营性建设用地', '设施农用地', '公共管理与公共服务用地', '交通运输和水利设施用地', '未利用地']) expect(landClassOf(t)).toBe(t)
    expect(landClassOf('1104')).toBe('坑塘水面')
    expect(landClassOf('月球用地')).toBeNull()
  })

  it('reads 权属 and 使用状况 as ledgers write them', () => {
    expect(ownershipOf('杨桥四组')).toEqual({ ownership: 'group', ownerName: '杨桥四组' })
    expect(ownershipOf('杨桥村股份经济合作社')).toEqual({ ownership: 'village', ownerName: '杨桥村股份经济合作社' })
    expect(ownershipOf('村集体')).toEqual({ ownership: 'village', ownerName: null })
    expect(USE_STATUS_WORDS['发包']).toBe('contracted')
    expect(USE_STATUS_WORDS['承包到户']).toBe('household')
    expect(USE_STATUS_WORDS['自用']).toBe('selfRun')
  })
})
