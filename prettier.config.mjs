/** Matches upstream BrainyFlow's formatting so ported code diffs cleanly. */
export default {
  semi: false,
  singleQuote: true,
  trailingComma: 'all',
  printWidth: 135,
}
