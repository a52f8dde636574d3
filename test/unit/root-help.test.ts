import {Config, Help} from '@oclif/core'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {arch, platform} from 'node:os'
import {renderRootHelp, type RootHelpModel} from '../../src/cli/root-help.js'

// The model the build wrote (scripts/manifest.mjs), and the page oclif itself prints from the same package.
const MODEL = JSON.parse(readFileSync('dist/cli/root-help.json', 'utf8')) as RootHelpModel
const RUNTIME = `${platform()}-${arch()} node-${process.version}`

async function oclifPage(config: Config, width: number): Promise<string> {
  const help = new Help(config, {maxWidth: width})
  let out = ''
  help['log'] = (...args: string[]) => {
    out += args.join(' ') + '\n'
  }
  await help.showHelp([])
  return out.replace(config.userAgent, `${MODEL.nameVersion} ${RUNTIME}`)
}

describe('the root help page without oclif (cli/root-help.ts)', () => {
  let config: Config
  before(async () => {
    config = await Config.load(process.cwd())
  })

  it("is oclif's page at every width from 40 to 200 columns", async () => {
    for (let width = 40; width <= 200; width++) {
      const ours = renderRootHelp(MODEL, {width, bold: false, runtime: RUNTIME})
      expect(ours, `width ${width}`).to.equal(await oclifPage(config, width))
    }
  })

  it('lists every topic and command oclif lists, in its order', async () => {
    const page = await oclifPage(config, 200)
    for (const [name] of [...MODEL.topics, ...MODEL.commands]) expect(page).to.include(`\n  ${name} `)
    expect(MODEL.commands.map(([id]) => id)).to.include.members(['diff', 'job', 'help', 'autocomplete'])
  })

  it('can fail: a model without one command, or a narrow page laid out as a wide one, is not the page', async () => {
    const fewer = {...MODEL, commands: MODEL.commands.slice(1)}
    expect(renderRootHelp(fewer, {width: 80, bold: false, runtime: RUNTIME})).to.not.equal(await oclifPage(config, 80))
    expect(renderRootHelp(MODEL, {width: 120, bold: false, runtime: RUNTIME})).to.not.equal(await oclifPage(config, 50))
  })

  it('a description too long for four more lines falls back to the stacked layout, as oclif lays it out', () => {
    const commands: Array<[string, string]> = [
      ['diff', 'word '.repeat(80).trim()],
      ['job', 'short'],
    ]
    const page = renderRootHelp({...MODEL, commands}, {width: 40, bold: false, runtime: RUNTIME})
    const help = new Help(config, {maxWidth: 40})
    const stacked = help.section('COMMANDS', help.renderList(commands, {indentation: 2, spacer: '\n'}))
    expect(stacked).to.match(/\n {2}diff\n {6}word word/)
    expect(page).to.include(`\n${stacked}\n`)
  })
})
