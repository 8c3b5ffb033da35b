import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Class names are observable (execution trees, error messages): never minify.
  minify: false,
  target: 'node20',
})
