// Preloaded into the measured process (node -r): reports its peak resident memory when it exits.
/* global process */
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`)
})
