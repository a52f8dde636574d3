/** `sentinel dif`: say which command was meant, instead of only that it does not exist. */
import type {Hook} from '@oclif/core'

function distance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = up
    }
  }
  return row[b.length]
}

const hook: Hook<'command_not_found'> = async function (options) {
  const wanted = options.id.replaceAll(':', ' ')
  const commands = options.config.commandIDs.map((id) => id.replaceAll(':', ' '))
  const best = commands
    .map((c) => ({c, d: distance(wanted, c)}))
    .sort((x, y) => x.d - y.d)
    .find((x) => x.d <= Math.max(2, Math.floor(wanted.length / 3)))
  const hint = best ? ` Did you mean "${options.config.bin} ${best.c}"?` : ''
  process.stderr.write(
    `Error: "${wanted}" is not a sentinel command.${hint}\n  -> See the commands: ${options.config.bin} --help\n`,
  )
  process.exitCode = 2
}

export default hook
