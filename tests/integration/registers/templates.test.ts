import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, type ImportFixture } from '../imports/setup'

/** The downloadable templates carry the importers' own headers: a template with its example row imports cleanly. */
describe('import templates', () => {
  const t = tempDir()
  let f: ImportFixture
  beforeAll(async () => {
    f = await importFixture(t.dir)
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  const template = async (kind: 'assets' | 'resources' | 'contracts') => {
    const r = await f.engine.invoke(f.clerk, 'import.template', { kind, to: join(t.dir, `${kind}-template.xlsx`) })
    expect(r.bytes).toBeGreaterThan(1000)
    return bytesOf(readFileSync(r.path), `${kind}-template.xlsx`)
  }

  it('writes the asset template; its example card imports without a problem', async () => {
    const preview = await f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: await template('assets'), commit: false })
    expect(preview.errors.slice(0, 5)).toEqual([])
    expect(preview).toMatchObject({ errorCount: 0, cards: 1, originalValue: '1926400.00', accumulated: '1072631.16', headerRow: 6 })
  })

  it('writes the resource and contract templates; their examples pass the checks once their subjects exist', async () => {
    const parcels = await f.engine.invoke(f.clerk, 'import.resources', { villageId: f.villageId, file: await template('resources'), commit: false })
    expect(parcels).toMatchObject({ errorCount: 0, parcels: 1, totalArea: '193.1521' })
    await f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: fileOf(fixture('assets.xlsx')), commit: true })
    const contracts = await f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: await template('contracts'), commit: false })
    expect(contracts.errors).toEqual([])
    expect(contracts).toMatchObject({ contracts: 1, amount: '145800.00' })
  })

  it('refuses a template path that is not .xlsx', async () => {
    await expect(f.engine.invoke(f.clerk, 'import.template', { kind: 'assets', to: join(t.dir, 'x.csv') })).rejects.toThrow(/\.xlsx/)
  })
})
