import type { Command } from 'commander'
import type { CliIo } from '../io'
import { registerReportCommands } from './report'
import { registerGeneralLedgerCommands } from './ledger'
import { registerRegisterCommands } from './registers'
import { registerCampaignCommands } from './campaign'
import { registerFingerprintCommands } from './fingerprint'

/**
 * Command groups beyond the foundation ones (program.ts): each lives in its own file here and is registered
 * in this list, so that adding one touches one line.
 */
export function registerCommands(program: Command, io: CliIo): void {
  registerReportCommands(program, io)
  registerGeneralLedgerCommands(program, io)
  registerRegisterCommands(program, io)
  registerCampaignCommands(program, io)
  registerFingerprintCommands(program, io)
}
