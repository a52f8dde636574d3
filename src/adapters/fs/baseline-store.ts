/**
 * The baseline layout of ARCHITECTURE.md on disk:
 *   policies/<id>.json, named-locations/<id>.json, dependencies/groups/<id>.json (a group's
 *   members, when captured from the tenant), references.json, baseline.json,
 *   and the operator's accepted-drift.yaml and severity.yaml (kept on --force).
 */
import {mkdir, realpath, rm, writeFile} from 'node:fs/promises'
import {COMPENSATED_SEVERITIES, type CompensatedSeverity} from '../../core/diff/compensation.js'
import {basename, join, resolve, sep} from 'node:path'
import type {Document} from 'yaml'
import {canonicalText} from '../../core/canonical/canonical-form.js'
import {distinctKeys} from '../../core/canonical/slug.js'
import {parseAcceptedDrift, type NewAcceptedEntry} from '../../core/diff/accepted-drift.js'
import {parseSeverityOverrides} from '../../core/diff/severity-overrides.js'
import {BadInputError, SentinelError} from '../../core/errors.js'
import {setOwn} from '../../core/json.js'
import {BUILT_IN_STRENGTHS} from '../../core/meaning/requirement.js'
import type {JsonObject, References} from '../../core/model.js'
import type {Baseline, BaselineContent, BaselineStore} from '../../ports.js'
import {entriesOf, exists, LOCK, needsRecovery, recover, replaceOwned, withLock, type StepHook} from './owned-swap.js'
import {FileExportReader} from './export-reader.js'
import {readLocalText} from './local-file.js'
import {readDependencies, writeDependencies} from './dependency-files.js'

/** A YAML file, its data, and the line each item of its top-level list (or of `accepted:`) starts on. */
async function readYaml(path: string): Promise<{data: unknown; lines: number[]}> {
  if (!(await exists(path))) return {data: undefined, lines: []}
  const text = await readLocalText(path, {maxBytes: 16 * 1024 * 1024})
  // Imported only when there is YAML to read: a baseline without accepted-drift.yaml or severity.yaml never loads it.
  const {isSeq, LineCounter, parseDocument, YAMLParseError} = await import('yaml')
  const counter = new LineCounter()
  const doc: Document = parseDocument(text, {lineCounter: counter, uniqueKeys: true})
  const error = doc.errors[0]
  if (error instanceof YAMLParseError) {
    const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''
    throw new BadInputError(path, '', `is not valid YAML${where} (${error.code})`)
  }
  const list = isSeq(doc.contents) ? doc.contents : doc.get('accepted', true)
  const lines = isSeq(list)
    ? list.items.map((item) => counter.linePos((item as {range?: number[]}).range?.[0] ?? 0).line)
    : []
  try {
    // An alias bomb (a billion laughs) stops at the parser's alias limit: a typed error naming the file.
    return {data: doc.toJS({maxAliasCount: 100}), lines}
  } catch (error) {
    throw new BadInputError(path, '', `cannot be read as YAML (${(error as Error).message.split('\n')[0]})`)
  }
}

/** baseline.json: what the tool wrote, and the settings a team may add to it. */
async function readSettings(dir: string): Promise<{
  empty: boolean
  acceptedDriftMaxDays?: number
  compensatedSeverity?: CompensatedSeverity
  source?: JsonObject
}> {
  const file = join(dir, 'baseline.json')
  if (!(await exists(file))) return {empty: false}
  let data: unknown
  try {
    data = JSON.parse(await readLocalText(file, {maxBytes: 1024 * 1024}))
  } catch (error) {
    if (error instanceof BadInputError) throw error
    throw new BadInputError(file, '', 'is not valid JSON')
  }
  const obj = (data ?? {}) as Record<string, unknown>
  const days = obj['acceptedDriftMaxDays']
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1))
    throw new BadInputError(file, '/acceptedDriftMaxDays', 'expected a whole number of days, at least 1')
  const compensated = obj['compensatedSeverity']
  if (compensated !== undefined && !COMPENSATED_SEVERITIES.includes(compensated as CompensatedSeverity))
    throw new BadInputError(file, '/compensatedSeverity', `expected one of ${COMPENSATED_SEVERITIES.join(', ')}`)
  const source = obj['source']
  return {
    empty: obj['empty'] === true,
    acceptedDriftMaxDays: days as number | undefined,
    ...(compensated !== undefined ? {compensatedSeverity: compensated as CompensatedSeverity} : {}),
    source:
      source !== null && typeof source === 'object' && !Array.isArray(source) ? (source as JsonObject) : undefined,
  }
}

/** How long a read or an accept waits for another sentinel's short write (an accept) to finish. */
const LOCK_WAIT_MS = 10_000

export class FsBaselineStore implements BaselineStore {
  async read(dir: string): Promise<Baseline> {
    // A baseline being written, or left half-swapped by a killed import, is never read as it is.
    const warnings: string[] = []
    if ((await exists(join(dir, LOCK))) || (await needsRecovery(dir)))
      await withLock(
        dir,
        warnings,
        async () => {
          const recovered = await recover(dir)
          if (recovered) warnings.push(recovered)
        },
        {waitMs: LOCK_WAIT_MS},
      )
    const isBaseline = (await exists(join(dir, 'baseline.json'))) || (await exists(join(dir, 'policies')))
    if (!isBaseline) {
      throw new SentinelError(
        'BASELINE_NOT_FOUND',
        `${dir}: no baseline here (expected baseline.json and a policies/ folder)`,
        [
          `Create one: sentinel baseline import <export files or folders> --out ${dir}`,
          'Or point --baseline at an existing baseline folder.',
        ],
      )
    }
    const reader = new FileExportReader()
    const policies = (await exists(join(dir, 'policies')))
      ? await reader.read([join(dir, 'policies')]).catch(emptyFolder)
      : undefined
    const locations = (await exists(join(dir, 'named-locations')))
      ? await reader.read([join(dir, 'named-locations')]).catch(emptyFolder)
      : undefined
    const settings = await readSettings(dir)
    if ((policies?.policies.length ?? 0) === 0 && !settings.empty) {
      throw new SentinelError('BAD_INPUT', `no policies in ${join(dir, 'policies')}: is this the right folder?`, [
        'Point --baseline at a baseline made by `sentinel baseline import`.',
        'A tenant that really has no policies is imported with --allow-empty, which records it in baseline.json.',
      ])
    }
    let references: References = {}
    if (await exists(join(dir, 'references.json')))
      references = (await reader.read([join(dir, 'references.json')])).references
    const dependencies = await readDependencies(dir)
    const accepted = await readYaml(join(dir, 'accepted-drift.yaml'))
    const severity = await readYaml(join(dir, 'severity.yaml'))
    return {
      dir,
      name: basename(resolve(dir)),
      policies: policies?.policies ?? [],
      namedLocations: locations?.namedLocations ?? [],
      references,
      acceptedDrift: parseAcceptedDrift(accepted.data, join(dir, 'accepted-drift.yaml'), accepted.lines),
      severityOverrides: parseSeverityOverrides(severity.data, join(dir, 'severity.yaml')),
      acceptedDriftMaxDays: settings.acceptedDriftMaxDays,
      ...(settings.compensatedSeverity ? {compensatedSeverity: settings.compensatedSeverity} : {}),
      source: settings.source ?? {},
      warnings,
      ...(dependencies ? {dependencies} : {}),
    }
  }

  async acceptDrift(dir: string, entries: NewAcceptedEntry[]): Promise<void> {
    const {appendAcceptedDrift} = await import('./accepted-drift-file.js')
    // Read, changed and written under the baseline's lock: two accepts at once each keep their entries.
    await withLock(dir, [], () => appendAcceptedDrift(join(dir, 'accepted-drift.yaml'), entries), {
      waitMs: LOCK_WAIT_MS,
    })
  }

  async write(dir: string, content: BaselineContent, options: WriteOptions): Promise<{files: number; notes: string[]}> {
    await refuseInputsInside(dir, options.inputs ?? [])
    const existed = await exists(dir)
    await mkdir(dir, {recursive: true})
    const notes: string[] = []
    try {
      const files = await withLock(dir, notes, async () => {
        const recovered = await recover(dir)
        if (recovered) notes.push(recovered)
        await refuseForeignFolder(dir, options.force)
        return this.replace(dir, content, options.step)
      })
      return {files, notes}
    } catch (error) {
      // A folder this run created and filled with nothing of the user's goes again.
      if (!existed && (await entriesOf(dir)).length === 0) await rm(dir, {recursive: true, force: true})
      throw error
    }
  }

  private async replace(dir: string, content: BaselineContent, step?: StepHook): Promise<number> {
    let files = 0
    await replaceOwned(
      dir,
      async (temp) => {
        const write = async (path: string, text: string) => {
          await writeFile(path, text)
          files++
        }
        await writeDocs(join(temp, 'policies'), content.policies, write)
        await writeDocs(join(temp, 'named-locations'), content.namedLocations, write)
        if (content.dependencies) await writeDependencies(join(temp, 'dependencies'), content.dependencies, write)
        await write(join(temp, 'references.json'), canonicalText(sortedReferences(content.references)))
        const settings: JsonObject = {schemaVersion: 1, source: content.source}
        if (content.policies.length === 0) settings['empty'] = true
        // The settings a team added are kept across an update.
        const kept = (await exists(join(dir, 'baseline.json'))) ? await readSettings(dir) : undefined
        if (kept?.acceptedDriftMaxDays !== undefined) settings['acceptedDriftMaxDays'] = kept.acceptedDriftMaxDays
        if (kept?.compensatedSeverity !== undefined) settings['compensatedSeverity'] = kept.compensatedSeverity
        await write(join(temp, 'baseline.json'), canonicalText(settings))
      },
      step,
    )
    return files
  }
}

export interface WriteOptions {
  force: boolean
  /** The inputs of an import: an --out that is one of them, or holds one, is refused. */
  inputs?: string[]
  /** After each step of the swap (tests kill the process there). */
  step?: StepHook
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch {
    return resolve(path)
  }
}

async function refuseInputsInside(dir: string, inputs: string[]): Promise<void> {
  const out = await real(dir)
  for (const input of inputs) {
    const r = await real(input)
    if (r === out || r.startsWith(out + sep))
      throw new SentinelError(
        'USAGE',
        `--out ${dir} ${r === out ? 'is' : 'contains'} the input ${input}; refusing to write over what is being read`,
        ['Choose an --out folder outside the exports you import.'],
      )
  }
}

/** A non-empty folder must be a baseline (baseline.json) and needs --force; anything else is the user's. */
async function refuseForeignFolder(dir: string, force: boolean): Promise<void> {
  const entries = await entriesOf(dir)
  if (entries.length === 0) return
  if (!entries.includes('baseline.json'))
    throw new SentinelError(
      'BASELINE_NOT_EMPTY',
      `${dir} is not empty and is not a baseline (no baseline.json); refusing to write into it`,
      ['Choose an empty or new --out folder (baselines/<name>).'],
    )
  if (!force)
    throw new SentinelError('BASELINE_NOT_EMPTY', `${dir} is not empty; refusing to overwrite a baseline`, [
      'Pass --force to replace its policies, named locations, references.json and baseline.json (every other file is kept).',
      'Or choose another --out folder.',
    ])
}

/** An empty policies/ folder is an empty baseline, not an error. */
function emptyFolder(error: unknown): undefined {
  if (error instanceof BadInputError && error.message.includes('contains no .json files')) return undefined
  throw error
}

async function writeDocs(
  folder: string,
  docs: JsonObject[],
  write: (path: string, text: string) => Promise<void>,
): Promise<void> {
  await mkdir(folder, {recursive: true})
  // Id-less objects of one name are told apart by content, as the reader tells them apart.
  const keyOf = distinctKeys(docs)
  for (const doc of docs) await write(join(folder, `${keyOf(doc)}.json`), canonicalText(doc))
}

function sortedReferences(refs: References): JsonObject {
  const out: JsonObject = {}
  for (const id of Object.keys(refs).sort()) {
    const {displayName, type, allowedCombinations} = refs[id]!
    // A custom strength's combinations rank it in later diffs; a built-in one's are known without them.
    const entry: JsonObject = {displayName, type}
    if (allowedCombinations && !BUILT_IN_STRENGTHS.includes(id)) entry['allowedCombinations'] = allowedCombinations
    setOwn(out, id, entry)
  }
  return out
}
