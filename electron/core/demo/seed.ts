import type { Kysely } from 'kysely'
import { usccCheckCharacter } from '../../../shared/uscc'
import type { Role } from '../../../shared/roles'
import { hashPassword } from '../auth/password'
import type { Database } from '../db/schema'
import { createAgencyAndAdmin } from '../system/agency'
import { insertUser } from '../users/service'
import { insertVillage } from '../villages/service'
import { seedDemoCards } from './assets'
import { DEMO_CAMPAIGN_STAGES, seedDemoCampaign } from './campaigns'
import { prepareDemoBooks, writeMonths } from './books'
import { matchDemoReceipts, seedDemoContracts } from './contracts'
import { seedDemoFunds } from './funds'
import { seedDemoParcels } from './resources'

/** Fictional villages of a real town (肥东县长临河镇), as in shared/fixtures. */
const VILLAGE_NAMES = [
  '杨桥村', '六家畈村', '长临河村', '东村', '罗胜村', '青阳山村', '四顶山村', '吴大郢村', '谢岗村', '何郢村',
  '茶壶村', '铜陵村', '山王村', '潘墩村', '陶岗村', '马岗村', '龙泉村', '梁园村', '石塘村', '白马村',
]
const GROUP_NAMES = ['第一村民小组', '第二村民小组', '第三村民小组']
const PEOPLE = ['王秀英', '李建国', '张丽华', '刘志强', '陈桂兰', '杨军', '赵红梅', '黄伟', '周敏', '吴海燕', '徐涛', '孙静']

const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** GB 11714 organisation code (8 characters + check) from a number, for believable demo USCCs. */
function orgCode(n: number): string {
  // letters a USCC cannot hold (I O S V Z) are left out of the body
  const usable = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let body = ''
  let x = n
  for (let i = 0; i < 8; i++) {
    body = (usable[x % usable.length] as string) + body
    x = Math.floor(x / usable.length)
  }
  let sum = 0
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(body[i] as string) * (ORG_WEIGHTS[i] as number)
  const c = 11 - (sum % 11)
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
}

/** A valid 统一社会信用代码 for a village collective (N2 = 农业农村部门登记的村级集体经济组织). */
export function demoUscc(seed: number, kind: 'N2' | 'N3' = 'N2'): string {
  const first17 = `${kind}340122${orgCode(1_000_003 * (seed + 7))}`
  return first17 + (usccCheckCharacter(first17) as string)
}

export interface DemoSeedResult {
  adminId: number
  villageCount: number
  userCount: number
}

/**
 * An agency with `villages` village-level books (the first two with groups under them) and one user of each
 * role; every password is `password`. Deterministic, so tests and screenshots are repeatable.
 */
export async function seedDemo(db: Kysely<Database>, opts: { villages: number; password: string; books?: boolean; campaigns?: boolean }): Promise<DemoSeedResult> {
  const adminId = await createAgencyAndAdmin(db, {
    agencyName: '肥东县长临河镇农村集体经济组织会计代理服务中心',
    district: '安徽省合肥市肥东县',
    username: 'admin',
    displayName: '系统管理员',
    password: opts.password,
  })
  const villageIds: number[] = []
  let count = 0
  for (let i = 0; i < opts.villages; i++) {
    const base = VILLAGE_NAMES[i % VILLAGE_NAMES.length] as string
    const round = Math.floor(i / VILLAGE_NAMES.length)
    const code = `340122${String(101 + i).padStart(3, '0')}`
    const id = await insertVillage(db, {
      code,
      name: `${base}${round > 0 ? round + 1 : ''}股份经济合作社`,
      uscc: demoUscc(i),
      level: 'village',
      parentId: null,
      chartVersion: i % 7 === 6 ? '2004' : '2023',
      startPeriod: '2024-01',
      contactPerson: PEOPLE[i % PEOPLE.length] as string,
      contactPhone: `0551-6${String(7_100_000 + i * 137).slice(0, 7)}`,
      address: `安徽省合肥市肥东县长临河镇${base}`,
    })
    villageIds.push(id)
    count++
    if (i < 2) {
      for (let g = 0; g < (i === 0 ? 3 : 2); g++) {
        await insertVillage(db, {
          code: `${code}-${String(g + 1).padStart(2, '0')}`,
          name: `${base}${GROUP_NAMES[g] as string}股份经济合作社`,
          uscc: demoUscc(1000 + i * 10 + g, 'N3'),
          level: 'group',
          parentId: id,
          chartVersion: '2023',
          startPeriod: '2024-01',
          contactPerson: PEOPLE[(i + g + 3) % PEOPLE.length] as string,
          contactPhone: null,
          address: null,
        })
        count++
      }
    }
  }
  const half = Math.ceil(villageIds.length / 2)
  const users: { username: string; name: string; role: Role; all: boolean; villages: number[] }[] = [
    { username: 'zhuguan', name: '陈桂兰', role: 'supervisor', all: true, villages: [] },
    { username: 'jizhang1', name: '刘志强', role: 'bookkeeper', all: false, villages: villageIds.slice(0, half) },
    { username: 'jizhang2', name: '赵红梅', role: 'bookkeeper', all: false, villages: villageIds.slice(half) },
    { username: 'chuna', name: '周敏', role: 'cashier', all: false, villages: villageIds.slice(0, half) },
    { username: 'shenhe', name: '黄伟', role: 'reviewer', all: true, villages: [] },
    { username: 'shenji', name: '吴海燕', role: 'auditor', all: true, villages: [] },
  ]
  const hash = await hashPassword(opts.password)
  const userIds = new Map<string, number>()
  for (const u of users) {
    userIds.set(u.username, await insertUser(db, { username: u.username, displayName: u.name, role: u.role, passwordHash: hash, allVillages: u.all, villageIds: u.villages }))
  }
  // a year of books for each village on the 2023 chart: January to November posted and closed, December in drafts;
  // its 三资 registers (cards, bank accounts, parcels, contracts) tie to the books
  const booked: { villageId: number; preparer: number }[] = []
  if (opts.books !== false) {
    for (const [i, villageId] of villageIds.entries()) {
      const v = await db.selectFrom('village').select('chart_version').where('id', '=', villageId).executeTakeFirstOrThrow()
      if (v.chart_version !== '2023') continue
      const codes = await prepareDemoBooks(db, villageId, 1000 + i)
      const preparer = userIds.get(i < half ? 'jizhang1' : 'jizhang2') as number
      await seedDemoCards(db, villageId, codes, 3000 + i, preparer)
      await seedDemoFunds(db, villageId, codes, 4000 + i, preparer)
      const parcels = await seedDemoParcels(db, villageId, 5000 + i, preparer)
      const contracts = await seedDemoContracts(db, villageId, codes, parcels, 6000 + i, preparer)
      await writeMonths(db, villageId, codes, {
        depreciateCards: true,
        rentals: contracts.vouchers,
        from: '2024-01',
        months: 12,
        preparer,
        reviewer: userIds.get('shenhe') as number,
        seed: 7 + i,
        post: (p) => p < '2024-12',
        close: (p) => p < '2024-12',
      })
      await matchDemoReceipts(db, villageId, preparer)
      booked.push({ villageId, preparer })
    }
  }
  if (opts.campaigns !== false) {
    for (const [k, v] of booked.entries()) {
      const stage = DEMO_CAMPAIGN_STAGES[k]
      if (stage) await seedDemoCampaign(db, v.villageId, stage, v.preparer, userIds.get('zhuguan') as number)
    }
  }
  return { adminId, villageCount: count, userCount: users.length + 1 }
}
