// Writes oclif.manifest.json from dist/ (replaces the `oclif manifest` dev tool: same JSON, 155 fewer packages).
import {Plugin} from '@oclif/core'
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
