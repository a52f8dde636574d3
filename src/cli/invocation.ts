/**
 * How the user ran the sentinel, for the commands a hint suggests next: `sentinel` when it came
 * through a link or an install of that name (npm link, npm install -g; on Windows npm's shim runs
 * the installed package's bin/run.js), `npx --no-install sentinel` from a project's
 * node_modules/.bin, else `node <bin/run.js>`. Never a bare `npx sentinel`: outside this package's
 * folder that fetches an unrelated public package named `sentinel`, and with --yes (or
 * npm_config_yes in CI) runs a stranger's code.
 */
import {isAbsolute, relative} from 'node:path'

export function invokedAs(script: string | undefined = process.argv[1], cwd: string = process.cwd()): string {
  if (!script) return 'sentinel'
  const parts = script.split(/[\\/]/)
  const name = (parts.at(-1) ?? '').replace(/\.(cmd|ps1)$/i, '')
  if (name === 'sentinel') return parts.at(-2) === '.bin' ? 'npx --no-install sentinel' : 'sentinel'
  if (parts.slice(-4, -2).join('/') === 'node_modules/ca-drift-sentinel') return 'sentinel'
  const fromHere = relative(cwd, script)
  const shown = fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) ? script : fromHere
  return `node ${/\s/.test(shown) ? JSON.stringify(shown) : shown}`
}
