import type { Generated } from 'kysely'

/** Kysely's view of the agency database (one file, every village's books inside). */
export interface AgencyTable {
  id: number
  name: string
  district: string
  created_at: string
  updated_at: string
}

export interface VillageTable {
  id: Generated<number>
  code: string
  name: string
  uscc: string | null
  level: 'village' | 'group'
  parent_id: number | null
  chart_version: '2023' | '2004'
  start_period: string
  contact_person: string | null
  contact_phone: string | null
  address: string | null
  status: 'active' | 'disabled'
  created_at: string
  updated_at: string
}

export interface AppUserTable {
  id: Generated<number>
  username: string
  display_name: string
  role: 'admin' | 'supervisor' | 'bookkeeper' | 'cashier' | 'reviewer' | 'auditor'
  password_hash: string
  all_villages: number
  status: 'active' | 'disabled'
  failed_sign_ins: number
  locked_until: string | null
  created_at: string
  updated_at: string
  last_sign_in_at: string | null
}

export interface UserVillageTable {
  user_id: number
  village_id: number
}

export interface AuditLogTable {
  seq: number
  at: string
  user_id: number | null
  user_name: string
  method: string
  village_id: number | null
  summary: string
  prev_hash: string
  hash: string
}

export interface Database {
  agency: AgencyTable
  village: VillageTable
  app_user: AppUserTable
  user_village: UserVillageTable
  audit_log: AuditLogTable
}
