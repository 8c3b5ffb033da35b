// Preloaded into a benchmarked process (node --require): at exit, appends its peak resident set size in bytes
// (process.resourceUsage().maxRSS is in KiB) to the file named by BENCH_MAXRSS_FILE.
const { appendFileSync } = require('node:fs')

const file = process.env.BENCH_MAXRSS_FILE
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`))
