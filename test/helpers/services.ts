/** The real adapters, wired as the CLI does, for in-process service tests. */
import {cliContext} from '../../dist/wiring/local-files.js'
import {importBaseline} from '../../dist/services/import-baseline.js'
import {runDiff} from '../../dist/services/run-diff.js'
import type {Severity} from '../../dist/core/model.js'

export const CORPUS = 'test/fixtures/j0eyv-baseline/Config'
export const EXAMPLE_BASELINE = 'baselines/example'
export const DRIFTED = 'docs/examples/drifted-export'

export async function importInto(out: string, inputs: string[], force = false) {
  const ctx = cliContext()
  return importBaseline({reader: ctx.reader, store: ctx.store}, {inputs, out, force})
}

export async function diffFiles(
  baseline: string,
  live: string[],
  options: {
    failOn?: Severity | 'never'
    failOnExposure?: Severity | 'never'
    all?: boolean
    now?: Date
    allowV1?: boolean
  } = {},
) {
  const ctx = cliContext()
  const clock = options.now ? {now: () => options.now!} : ctx.clock
  return runDiff(
    {store: ctx.store, live: ctx.liveFromFiles(live), clock},
    {
      baseline,
      failOn: options.failOn ?? 'low',
      ...(options.failOnExposure ? {failOnExposure: options.failOnExposure} : {}),
      all: options.all ?? false,
      root: process.cwd(),
      allowV1: options.allowV1,
    },
  )
}
