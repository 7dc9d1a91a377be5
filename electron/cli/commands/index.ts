import type { Command } from 'commander'
import type { CliIo } from '../io'

/**
 * Command groups beyond the foundation ones (program.ts): each lives in its own file here and is registered
 * in this list, so that adding one touches one line.
 */
export function registerCommands(_program: Command, _io: CliIo): void {}
