import { fileOf, fixture, importFixture, reviewAndPostAll, type ImportFixture } from '../imports/setup'

/** The fixture books of 杨桥村 for 2024: chart, opening balances and the whole journal, imported and posted. */
export async function postedFixtureBooks(dir: string): Promise<ImportFixture> {
  const f = await importFixture(dir)
  await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
  await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
  await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: fileOf(fixture('journal-2024.xlsx')), commit: true })
  await reviewAndPostAll(f)
  return f
}

/** the id of an account by its code */
export async function accountId(f: ImportFixture, code: string): Promise<number> {
  const a = (await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })).find((x) => x.code === code)
  if (!a) throw new Error(`no account ${code}`)
  return a.id
}
