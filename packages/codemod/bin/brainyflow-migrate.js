#!/usr/bin/env node
// Committed shim so the bin link exists before the first build; the CLI itself lives in dist/.
import '../dist/cli.js'
