#!/usr/bin/env bash
# Installs the npm packages the tests use into .cache/npm (git-ignored): bpmn-js, the
# BPMN viewer of Camunda Modeler and bpmn.io, which tests/exchange/test_bpmn_viewer.py
# loads exported BPMN into. Without npm or the registry it says so, and those tests skip.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$here/.cache/npm"
version="18.31.1"
if [ -f "$prefix/node_modules/bpmn-js/package.json" ] \
   && grep -q "\"version\": \"$version\"" "$prefix/node_modules/bpmn-js/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-js-deps: npm is missing (apt-get install npm); the bpmn-js tests will skip" >&2
  exit 0
fi
mkdir -p "$prefix"
if ! npm install --silent --no-audit --no-fund --prefix "$prefix" "bpmn-js@$version" >/dev/null; then
  echo "install-js-deps: npm install bpmn-js@$version failed; the bpmn-js tests will skip" >&2
fi
exit 0
