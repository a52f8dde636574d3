import {Args} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {baselineWriteFlags} from '../../cli/baseline-flags.js'
import {readFlags, readOptions} from '../../cli/read-flags.js'

export default class BaselineImport extends SentinelCommand {
  static override summary = 'Import Graph exports of Conditional Access policies into a baseline folder.'
  static override description = describe(
    'Reads exports as they are found in the wild (single objects, { "value": [...] } pages, arrays, folders, EntraExporter ' +
      'layouts; UTF-8 or UTF-16 with BOM, CRLF) and writes the canonical baseline layout: policies/<id>.json, ' +
      'named-locations/<id>.json, references.json and baseline.json. Re-importing a baseline gives a byte-identical tree.',
    {0: 'the baseline is written', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline import ./export --out baselines/prod',
    '<%= config.bin %> baseline import "CA001 Block legacy.json" policies-page.json --out baselines/prod --force',
  ]
  static override strict = false
  static override args = {
    inputs: Args.string({description: 'Exported files or folders.', required: true, ignoreStdin: true}),
  }
  static override flags = {
    ...readFlags,
    ...baselineWriteFlags('Import an export with no policies'),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(BaselineImport)
    const {cliContext} = await import('../../wiring/local-files.js')
    const {importBaseline} = await import('../../services/import-baseline.js')
    const ctx = cliContext(readOptions(flags))
    const {warnings, ...result} = await importBaseline(
      {reader: ctx.reader, store: ctx.store},
      {inputs: argv as string[], out: flags.out, force: flags.force, allowEmpty: flags['allow-empty']},
    )
    this.finish({
      outcome: {kind: 'clean'},
      result,
      warnings,
      human:
        `Imported ${result.policies} policies and ${result.namedLocations} named locations from ${result.filesRead} file(s) ` +
        `into ${result.baseline} (${result.references} names in references.json).\n`,
    })
  }
}
