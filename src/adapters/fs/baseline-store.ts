/**
 * The baseline layout of ARCHITECTURE.md on disk:
 *   policies/<id>.json, named-locations/<id>.json, references.json, baseline.json,
 *   and the operator's accepted-drift.yaml and severity.yaml (kept on --force).
 */
import {copyFile, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'
import {parse as parseYaml, YAMLParseError} from 'yaml'
import {canonicalText} from '../../core/canonical/canonical-form.js'
import {objectKey} from '../../core/canonical/slug.js'
import {parseAcceptedDrift} from '../../core/diff/accepted-drift.js'
import {parseSeverityOverrides} from '../../core/diff/severity-overrides.js'
import {BadInputError, SentinelError} from '../../core/errors.js'
import type {JsonObject, References} from '../../core/model.js'
import type {Baseline, BaselineContent, BaselineStore} from '../../ports.js'
import {replaceFolder} from './atomic-write.js'
import {FileExportReader} from './export-reader.js'

export const OPERATOR_FILES = ['accepted-drift.yaml', 'severity.yaml']

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

async function readYaml(path: string): Promise<unknown> {
  if (!(await exists(path))) return undefined
  const text = await readFile(path, 'utf8')
  try {
    return parseYaml(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''
      throw new BadInputError(path, '', `is not valid YAML${where} (${error.code})`)
    }
    throw error
  }
}

export class FsBaselineStore implements BaselineStore {
  async read(dir: string): Promise<Baseline> {
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
    let references: References = {}
    if (await exists(join(dir, 'references.json')))
      references = (await reader.read([join(dir, 'references.json')])).references
    return {
      dir,
      name: basename(resolve(dir)),
      policies: policies?.policies ?? [],
      namedLocations: locations?.namedLocations ?? [],
      references,
      acceptedDrift: parseAcceptedDrift(
        await readYaml(join(dir, 'accepted-drift.yaml')),
        join(dir, 'accepted-drift.yaml'),
      ),
      severityOverrides: parseSeverityOverrides(await readYaml(join(dir, 'severity.yaml')), join(dir, 'severity.yaml')),
    }
  }

  async write(dir: string, content: BaselineContent, options: {force: boolean}): Promise<{files: number}> {
    const entries = (await exists(dir)) ? await readdir(dir) : []
    if (entries.length > 0 && !options.force) {
      throw new SentinelError('BASELINE_NOT_EMPTY', `${dir} is not empty; refusing to overwrite a baseline`, [
        'Pass --force to replace its policies and named locations (accepted-drift.yaml and severity.yaml are kept).',
        'Or choose another --out folder.',
      ])
    }
    let files = 0
    await replaceFolder(dir, async (temp) => {
      const write = async (path: string, text: string) => {
        await writeFile(path, text)
        files++
      }
      await writeDocs(join(temp, 'policies'), content.policies, write)
      await writeDocs(join(temp, 'named-locations'), content.namedLocations, write)
      await write(join(temp, 'references.json'), canonicalText(sortedReferences(content.references)))
      await write(join(temp, 'baseline.json'), canonicalText({schemaVersion: 1, source: content.source}))
      for (const name of OPERATOR_FILES) {
        if (await exists(join(dir, name))) await copyFile(join(dir, name), join(temp, name))
      }
    })
    return {files}
  }
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
  for (const doc of docs) await write(join(folder, `${objectKey(doc)}.json`), canonicalText(doc))
}

function sortedReferences(refs: References): JsonObject {
  const out: JsonObject = {}
  for (const id of Object.keys(refs).sort()) out[id] = {displayName: refs[id].displayName, type: refs[id].type}
  return out
}
