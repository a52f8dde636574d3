/** Wiring for the commands that work on local files: the export reader, the baseline store, and report files the user names. */
import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import {FsBaselineStore} from '../adapters/fs/baseline-store.js'
import {FileExportReader} from '../adapters/fs/export-reader.js'
import {FileLiveSource} from '../adapters/fs/file-live-source.js'
import {repositoryRoot} from '../adapters/fs/repository-root.js'
import type {BaselineStore, Clock, ExportReader, LiveSource, ReadOptions} from '../ports.js'

export interface CliContext {
  reader: ExportReader
  store: BaselineStore
  clock: Clock
  liveFromFiles(paths: string[]): LiveSource
  /** Writes a report file the user named (--output), atomically: a reader never sees half a report. */
  writeReport(path: string, text: string): Promise<void>
  /** The folder report paths are relative to: the git checkout the baseline is in, else the working folder. */
  reportRoot(baseline: string): string
}

export function cliContext(options: ReadOptions = {}): CliContext {
  const reader = new FileExportReader(options)
  return {
    reader,
    store: new FsBaselineStore(),
    clock: {now: () => new Date()},
    liveFromFiles: (paths) => new FileLiveSource(reader, paths),
    writeReport: (path, text) => writeFileAtomic(path, text),
    reportRoot: (baseline) => repositoryRoot(baseline) ?? process.cwd(),
  }
}
