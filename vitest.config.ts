import { defineConfig } from 'vitest/config'

// One run over every package. The JSON report feeds the plain `N passed, M failed` line of .ci/run.
export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
})
