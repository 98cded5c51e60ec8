#!/usr/bin/env bash
# Prepares a fresh Debian machine for the end-to-end suite: system packages, then code-server in its
# own folder (never in the project's package.json). Idempotent: every step is skipped when done.
# Facts behind each step: ../shared/notes/vscode-e2e.md (offline install quirks of code-server).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE_SERVER_VERSION="4.100.3"
RIPGREP_VERSION="1.15.11"
WORK="$ROOT/test/e2e/.work"
CS_DIR="$WORK/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

log() { printf '[setup-e2e] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local missing=()
  for pkg in libkrb5-dev ripgrep chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "system packages present"
    return
  fi
  log "installing ${missing[*]} (chromium is ~480 MB)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# @vscode/ripgrep downloads rg from GitHub in its postinstall; it accepts a cached tarball instead.
seed_ripgrep_cache() {
  local cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_VERSION"
  local tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ -s "$tarball" ]; then
    log "ripgrep cache seeded"
    return
  fi
  local staging
  staging="$(mktemp -d)"
  mkdir -p "$cache"
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$tarball" -C "$staging" rg
  rm -rf "$staging"
  log "seeded $tarball with Debian's rg"
}

installed_code_server_version() {
  local manifest="$CS_DIR/node_modules/code-server/package.json"
  [ -f "$manifest" ] && node -p "require('$manifest').version" 2>/dev/null || true
}

install_code_server() {
  if [ "$(installed_code_server_version)" = "$CODE_SERVER_VERSION" ] && [ -x "$CS_BIN" ]; then
    log "code-server $CODE_SERVER_VERSION present in $CS_DIR"
    return
  fi
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || printf '{ "name": "mobius-e2e-code-server", "private": true }\n' > "$CS_DIR/package.json"
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes: native modules build from source)"
  # The root npmrc may say `yes = false`, which cancels the `npx node-gyp` inside node-pty's postinstall.
  (cd "$CS_DIR" && npm_config_yes=true npm install "code-server@$CODE_SERVER_VERSION" \
    --unsafe-perm --foreground-scripts --no-audit --no-fund --loglevel=error)
  "$CS_BIN" --version >/dev/null
  log "code-server $("$CS_BIN" --version | head -1)"
}

install_system_packages
seed_ripgrep_cache
install_code_server
log "ready: $CS_BIN, /usr/bin/chromium"
