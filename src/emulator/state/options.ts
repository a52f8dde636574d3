/** The emulator's defaults for the readings Microsoft has not confirmed, and paging. */
import type {EmulatorOptions} from './model.js'

export const DEFAULT_OPTIONS: EmulatorOptions = {
  blockError: 'invalid_grant',
  agentAppIdEqualsObjectId: true,
  includeFilterMissingAttribute: 'not-matched',
  pageSize: 100,
  // As this project's deploy files configure the sidecar: overrides allowed on that route.
  sidecarAllowOverrides: true,
}

/** The clock of a deterministic emulator (tests, `--deterministic`). */
export const DETERMINISTIC_NOW = '2026-11-29T10:00:00.000Z'
