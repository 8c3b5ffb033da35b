#!/usr/bin/env bash
# Run a PocketFlow example as written, migrate a copy with the brainyflow-migrate CLI, run the copy on
# @brainyflow/core, and compare: stdout must be byte-identical and the exit code the same; the migrated
# copy must also type-check with its own tsconfig and import nothing from 'pocketflow'.
#
#   examples/run-both.sh [example-dir] [--keep] [--show-diff]
#
# example-dir defaults to examples/research-agent; its entry is src/main.ts. Needs `pnpm build` first
# (the CLI and @brainyflow/core run from their dist folders). Exits 0 when both runs match, 1 when they
# differ or the migrated copy fails a check, 2 on a setup problem.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
example="$repo/examples/research-agent"
keep=0
show_diff=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --show-diff) show_diff=1 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) example=$(cd "$arg" && pwd) || exit 2 ;;
  esac
done

cli="$repo/node_modules/.bin/brainyflow-migrate"
[ -f "$example/src/main.ts" ] || { echo "no src/main.ts in $example" >&2; exit 2; }
[ -x "$cli" ] || { echo "brainyflow-migrate CLI not found at $cli (run pnpm install)" >&2; exit 2; }
[ -d "$repo/packages/codemod/dist" ] || { echo "the codemod is not built (run pnpm build)" >&2; exit 2; }
[ -d "$repo/packages/core/dist" ] || { echo "@brainyflow/core is not built (run pnpm build)" >&2; exit 2; }

# Temp layout: <work>/node_modules -> the repo's (pocketflow, @brainyflow/core, tsx, typescript),
# <work>/original and <work>/migrated are two copies of the example, outside any git tree.
work=$(mktemp -d "${TMPDIR:-/tmp}/brainyflow-run-both.XXXXXX")
if [ "$keep" = 1 ]; then echo "workspace: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
ln -s "$repo/node_modules" "$work/node_modules"
for copy in original migrated; do
  mkdir -p "$work/$copy"
  (cd "$example" && tar --exclude=node_modules --exclude=dist -cf - .) | (cd "$work/$copy" && tar -xf -)
done

run() { # run <dir> <name>: stdout to <work>/<name>.out, stderr to <work>/<name>.err, exit code to <work>/<name>.code
  (cd "$1" && NO_COLOR=1 node --import tsx src/main.ts >"$work/$2.out" 2>"$work/$2.err")
  echo $? >"$work/$2.code"
}

echo "== running the original on pocketflow" >&2
run "$work/original" before

echo "== migrating a copy: brainyflow-migrate migrated --allow-dirty" >&2
(cd "$work" && "$cli" migrated --allow-dirty)
migrate_code=$?
case "$migrate_code" in
  0) ;;
  3) echo "note: the codemod left TODO(brainyflow-migrate) markers (exit 3); comparing anyway" >&2 ;;
  *) echo "brainyflow-migrate failed with exit code $migrate_code" >&2; exit 1 ;;
esac
[ "$show_diff" = 1 ] && diff -ru "$work/original" "$work/migrated"

echo "== running the migrated copy on @brainyflow/core" >&2
run "$work/migrated" after

status=0
if ! cmp -s "$work/before.out" "$work/after.out"; then
  echo "FAIL: stdout differs (- original, + migrated):" >&2
  diff -u --label original --label migrated "$work/before.out" "$work/after.out"
  echo "--- stderr of the migrated run:" >&2
  cat "$work/after.err" >&2
  status=1
fi
if [ "$(cat "$work/before.code")" != "$(cat "$work/after.code")" ]; then
  echo "FAIL: exit code $(cat "$work/before.code") before, $(cat "$work/after.code") after" >&2
  status=1
fi
if grep -rnE "(from|require\(|import\()\s*['\"]pocketflow['\"]" "$work/migrated/src"; then
  echo "FAIL: the migrated copy still imports pocketflow (above)" >&2
  status=1
fi
if [ -f "$work/migrated/tsconfig.json" ] && ! node "$repo/node_modules/typescript/bin/tsc" -p "$work/migrated/tsconfig.json" --noEmit; then
  echo "FAIL: the migrated copy does not type-check" >&2
  status=1
fi

if [ "$status" = 0 ]; then
  echo "OK: $(wc -l <"$work/before.out" | tr -d ' ') lines of output identical before and after migration (exit code $(cat "$work/before.code"))" >&2
fi
exit "$status"
