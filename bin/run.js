#!/usr/bin/env node

// The root help page needs no oclif (dist/cli/fast-help.js prints it when it is sure to print oclif's page).
const {printRootHelp} = await import('../dist/cli/fast-help.js').catch(() => ({printRootHelp: () => false}))
if (!printRootHelp(process.argv.slice(2))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
