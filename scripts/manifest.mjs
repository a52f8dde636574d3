// Writes oclif.manifest.json from dist/ (replaces the `oclif manifest` dev tool: same JSON, 155 fewer packages),
// and dist/cli/root-help.json: what oclif's root help page lists, for the page bin/run.js prints without oclif
// (src/cli/root-help.ts). Both come from oclif itself, so they cannot disagree with it.
import {Config, Help, Plugin} from '@oclif/core'
import {writeFile} from 'node:fs/promises'

const plugin = new Plugin({
  errorOnManifestCreate: true,
  ignoreManifest: true,
  isRoot: true,
  root: process.cwd(),
  type: 'core',
})
await plugin.load()
if (Object.keys(plugin.manifest.commands).length === 0) {
  throw new Error('oclif manifest has no commands: was dist/ built?')
}
await writeFile('oclif.manifest.json', JSON.stringify(plugin.manifest, null, 2) + '\n')

// The root page's lists as oclif's Help hands them to its list renderer (rendered, filtered, sorted), and the root block's parts.
const config = await Config.load(process.cwd())
const help = new Help(config)
const lists = []
help.renderList = (input) => {
  lists.push(input.map(([left, right]) => [left, right || undefined]))
  return ''
}
const rootOf = (all) => all.filter((x) => !(x.name ?? x.id).includes(':'))
help.formatTopics(rootOf(help.sortedTopics))
help.formatCommands(rootOf(help.sortedCommands).filter((c) => c.id))
const text = help.render(config.pjson.oclif.description || config.pjson.description || '')
const [summary, ...rest] = text.split('\n')
const model = {
  nameVersion: `${config.name}/${config.version}`,
  bin: config.bin,
  summary,
  ...(rest.join('\n') ? {description: rest.join('\n')} : {}),
  ...(config.pjson.oclif.state ? {state: config.pjson.oclif.state} : {}),
  topics: lists[0],
  commands: lists[1],
}
await writeFile('dist/cli/root-help.json', JSON.stringify(model, null, 2) + '\n')
