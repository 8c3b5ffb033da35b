// Preloaded into a benchmarked process (node --import): at exit, writes its peak resident set size (bytes) and CPU time
// (ms) as JSON to the file named by BENCH_USAGE_FILE. process.resourceUsage() counts this process only, not its children.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_USAGE_FILE
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    const report = { maxRss: usage.maxRSS * 1024, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }
    writeFileSync(file, JSON.stringify(report))
  })
}
