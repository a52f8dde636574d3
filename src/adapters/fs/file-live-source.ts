/** Live policies from exported files (`sentinel diff --live <file or folder>`). */
import type {LiveData} from '../../core/diff/diff-baseline.js'
import type {ExportReader, LiveSource} from '../../ports.js'

export class FileLiveSource implements LiveSource {
  constructor(
    private readonly reader: ExportReader,
    private readonly paths: string[],
  ) {}

  describe(): string {
    return this.paths.join(', ')
  }

  async read(): Promise<LiveData> {
    const content = await this.reader.read(this.paths)
    return {
      policies: content.policies,
      namedLocations: content.hasNamedLocations ? content.namedLocations : undefined,
      references: content.references,
      warnings: content.warnings ?? [],
      v1: content.v1 ?? false,
      // A baseline folder read as the live side carries the members it recorded.
      ...(content.dependencies ? {dependencies: content.dependencies} : {}),
    }
  }
}
