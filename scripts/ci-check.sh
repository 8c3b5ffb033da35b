#!/usr/bin/env bash
# Fail a CI build while PocketFlow code or brainyflow-migrate markers remain, and keep the pending
# migration as a patch (for an artifact, or for `git apply`).
#
#   scripts/ci-check.sh [paths...] [-- brainyflow-migrate flags...]
#
#   scripts/ci-check.sh                          check the whole repository
#   scripts/ci-check.sh src lib -- --from ./vendor/pocketflow --ignore 'legacy/**'
#
# What it does, from the repository root (or wherever you run it):
#   1. `brainyflow-migrate <paths> --dry-run --report …`: writes nothing. --dry-run exits exactly like
#      --check (1 while any file would change) and also prints the patch, so one run gives both. The
#      patch goes to $ARTIFACT_DIR/migration.patch, the JSON report to $ARTIFACT_DIR/report.json, and
#      the human summary (every manual site as file:line:col rule message) to stderr.
#      On GitHub Actions it adds --reporter github: manual sites and errors become annotations.
#   2. Looks for `TODO(brainyflow-migrate)` markers left in source files under <paths> (git-tracked
#      files inside a git work tree; otherwise every file but node_modules, dist, build and .git).
#      On GitHub Actions, each one becomes an error annotation on its line.
#
# Exit codes: 0 nothing left to migrate and no marker · 1 changes pending, markers left, manual sites
# or files the codemod could not process · 2 usage error (bad flag, missing path, CLI not found).
#
# Environment:
#   BRAINYFLOW_MIGRATE  command that runs the CLI (split on spaces). Default: the project's own
#                       node_modules/.bin/brainyflow-migrate, else `npx --yes brainyflow-migrate`.
#   ARTIFACT_DIR        where migration.patch and report.json go. Default: brainyflow-migrate-artifacts
set -uo pipefail

paths=()
flags=()
seen_separator=0
for arg in "$@"; do
  if [ "$seen_separator" = 1 ]; then
    flags+=("$arg")
  elif [ "$arg" = "--" ]; then
    seen_separator=1
  else
    paths+=("$arg")
  fi
done
[ "${#paths[@]}" -eq 0 ] && paths=(.)

if [ -n "${BRAINYFLOW_MIGRATE:-}" ]; then
  read -r -a cli <<<"$BRAINYFLOW_MIGRATE"
elif [ -x node_modules/.bin/brainyflow-migrate ]; then
  cli=(node_modules/.bin/brainyflow-migrate)
else
  cli=(npx --yes brainyflow-migrate)
fi

artifacts="${ARTIFACT_DIR:-brainyflow-migrate-artifacts}"
mkdir -p "$artifacts" || exit 2
patch="$artifacts/migration.patch"
report="$artifacts/report.json"

annotate() { # annotate <level> <file> <line> <message>: a GitHub annotation on Actions, nothing elsewhere
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then echo "::$1 file=$2,line=$3::$4"; fi
}

status=0

# 1. Anything left to migrate? (The CLI's own summary goes to stderr.)
# On GitHub Actions, the CLI's own reporter annotates manual sites and errors (unless a --reporter was given).
reporter=()
if [ "${GITHUB_ACTIONS:-}" = "true" ] && [[ " ${flags[*]-} " != *" --reporter"* ]]; then reporter=(--reporter github); fi
"${cli[@]}" "${paths[@]}" ${flags[@]+"${flags[@]}"} ${reporter[@]+"${reporter[@]}"} --dry-run --report "$report" >"$patch"
code=$?
case "$code" in
  0) ;;
  1)
    echo "brainyflow-migrate: changes are pending in $(grep -c "^diff --git " "$patch") file(s); the patch is in $patch" >&2
    echo "  apply it locally with: git apply $patch   (or run brainyflow-migrate ${paths[*]} and commit)" >&2
    status=1
    ;;
  3)
    echo "brainyflow-migrate: manual steps remain (listed above)" >&2
    status=1
    ;;
  4)
    echo "brainyflow-migrate: some files could not be processed (listed above)" >&2
    status=1
    ;;
  *)
    echo "brainyflow-migrate: usage or environment error (exit $code): nothing was checked" >&2
    exit 2
    ;;
esac
if [ "$code" != 0 ] && [ "${GITHUB_ACTIONS:-}" = "true" ] && [ -s "$report" ]; then
  # One annotation per file that would change, from the JSON report (--reporter github did the sites).
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    for (const file of report.files)
      if (file.status === "migrated") console.log(`::error file=${file.path},line=1::brainyflow-migrate would change this file (${file.changes.length} changes)`)
    ' "$report" || true
fi

# 2. Markers left by an earlier run (the codemod does not list them again once a file is migrated).
# Lines are path:line:text; only source files count (a README may well quote the marker).
source_line='^[^:]+\.([cm]?[jt]s|[jt]sx):[0-9]+:'
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  markers=$(git grep -nF 'TODO(brainyflow-migrate)' -- "${paths[@]}" 2>/dev/null | grep -E "$source_line" || true)
else
  markers=$(grep -rnF 'TODO(brainyflow-migrate)' --exclude-dir=node_modules --exclude-dir=dist --exclude-dir=build --exclude-dir=.git \
    "${paths[@]}" 2>/dev/null | grep -E "$source_line" || true)
fi
if [ -n "$markers" ]; then
  count=$(printf '%s\n' "$markers" | wc -l | tr -d ' ')
  echo "brainyflow-migrate: $count TODO(brainyflow-migrate) marker(s) left; resolve each and delete its comment:" >&2
  printf '%s\n' "$markers" | while IFS= read -r line; do
    file=${line%%:*}
    rest=${line#*:}
    number=${rest%%:*}
    text=${rest#*:}
    echo "  $file:$number: ${text#"${text%%[![:space:]]*}"}" >&2
    annotate error "$file" "$number" "${text#*TODO(brainyflow-migrate): }"
  done
  status=1
fi

if [ "$status" = 0 ]; then echo "brainyflow-migrate: nothing left to migrate" >&2; fi
exit "$status"
