/**
 * Reads Graph exports into canonical form: one policy object, { "value": [...] } pages, arrays,
 * folders of files (EntraExporter's nested layout included), this tool's own baseline folders,
 * and MigrationTable.json name maps.
 */
import {Collector} from '../../core/canonical/collector.js'
import {BadInputError} from '../../core/errors.js'
import type {ExportContent, ExportReader, ReadOptions} from '../../ports.js'
import {decodeText, parseJson} from '../../core/decode.js'
import {DEFAULT_MAX_FILE_BYTES, listJsonFiles, readRegularFiles} from './export-files.js'

export class FileExportReader implements ExportReader {
  constructor(private readonly options: ReadOptions = {}) {}

  /**
   * Reads every file before it fails, so one run lists every bad file (the first in the message,
   * the rest as lines under it), not only the first; with skipInvalid it reads the rest.
   */
  async read(paths: string[]): Promise<ExportContent> {
    const collector = new Collector(this.options)
    const files: string[] = []
    const warnings: string[] = []
    const bad: BadInputError[] = []
    for (const path of paths) {
      const found = await listJsonFiles(path, warnings)
      if (found.length === 0) throw new BadInputError(path, '', 'contains no .json files; expected a Graph export')
      for await (const read of readRegularFiles(found, this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
        const {file} = read
        try {
          if ('error' in read) throw read.error
          collector.addFile(parseJson(decodeText(read.bytes, file), file), file)
          files.push(file)
        } catch (error) {
          if (!(error instanceof BadInputError)) throw error
          bad.push(error)
        }
      }
    }
    if (bad.length > 0 && this.options.skipInvalid) for (const error of bad) warnings.push(`skipped ${error.message}`)
    else if (bad.length > 0) throw listed(bad)
    warnings.push(...collector.warnings)
    if (collector.v1Files.length > 0)
      warnings.push(
        `${collector.v1Files.slice(0, 3).join(', ')}${collector.v1Files.length > 3 ? ' and more' : ''}: exported from Graph v1.0, which drops the agent fields; export from beta`,
      )
    return {
      v1: collector.v1Files.length > 0,
      policies: [...collector.policies.values()].map((p) => p.doc),
      namedLocations: [...collector.namedLocations.values()].map((p) => p.doc),
      references: collector.references,
      files,
      hasNamedLocations: collector.hasNamedLocations,
      ...(collector.dependencies() ? {dependencies: collector.dependencies()} : {}),
      warnings,
    }
  }
}

/** Several bad files as one error: the first says what is wrong, each other one is a line of its own. */
function listed(bad: BadInputError[]): BadInputError {
  if (bad.length === 1) return bad[0]
  const more = bad.length - 1
  const first = bad[0]
  return new BadInputError(
    first.file,
    first.pointer,
    `${first.expected} (and ${more} more file${more === 1 ? '' : 's'} with errors)`,
    [
      ...bad.slice(1, 21).map((e) => e.message),
      ...(bad.length > 21 ? [`... and ${bad.length - 21} more`] : []),
      'Fix them, or pass --skip-invalid to read the rest and list what was skipped.',
    ],
  )
}
