/**
 * `sentinel diff` from its options to a finished result: read both sides, judge, render, write the
 * reports the user named. The oclif command and the launch path (src/launch/diff.ts) both run this.
 */
import type {DiffCommand} from '../cli/diff-flags.js'
import type {Finish} from '../cli/present.js'
import {terminalStyle} from '../cli/terminal-style.js'
import type {DiffRun} from '../core/model.js'
import {renderReport} from '../render/report.js'
import {runDiff} from '../services/run-diff.js'
import {withLiveSide} from './live-side.js'
import {cliContext} from './local-files.js'

export async function diffCommand(
  command: DiffCommand,
  host: {note: (text: string) => void; version: string},
): Promise<Finish<DiffRun['report']>> {
  const ctx = cliContext(command.read)
  const options = {
    baseline: command.baseline,
    failOn: command.failOn,
    failOnExposure: command.failOnExposure,
    all: command.all,
    root: ctx.reportRoot(command.baseline),
    allowV1: command.allowV1,
  }
  const run = await withLiveSide(
    ctx,
    {
      files: command.live,
      tenant: command.tenant,
      allowTenantMismatch: command.allowTenantMismatch,
      includeDeleted: command.includeDeleted,
    },
    host.note,
    (side) => runDiff({store: ctx.store, live: side.live, clock: ctx.clock}, {...options, tenant: side.tenant}),
  )
  // Both renderings before any write: the report file and stdout agree on success or failure.
  const human = renderReport(
    command.output ? 'text' : command.format,
    run,
    host.version,
    await terminalStyle(process.stdout),
  )
  const files = [...(command.output ? [{format: command.format, file: command.output}] : []), ...command.reports]
  for (const {format, file} of files) {
    await ctx.writeReport(file, renderReport(format, run, host.version))
    host.note(`Wrote the ${format} report to ${file}`)
  }
  return {outcome: run.outcome, result: run.report, warnings: run.warnings, human}
}
