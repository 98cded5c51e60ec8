#!/usr/bin/env bash
# Installs the pgvector extension into the machine's PostgreSQL by building Debian's source
# package. The Debian release here does not package pgvector for its PostgreSQL, but the newer
# release's source builds against it in seconds. Idempotent: exits at once when `vector` is
# already available. Run as root (or with sudo available); CI runs it on fresh machines.
#
# Settings (environment):
#   PGVECTOR_CHECK_URL   database to ask for pg_available_extensions
#                        (default postgres://root@127.0.0.1:5432/postgres)
#   PG_MAJOR             PostgreSQL major version to build for (default: the running server's)
#   PGVECTOR_SUITE       Debian suite to take the source from (default: the release after this one)
set -euo pipefail

CHECK_URL="${PGVECTOR_CHECK_URL:-postgres://root@127.0.0.1:5432/postgres}"

log() { printf 'install-pgvector: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

detect_pg_major() {
  local num
  if num=$(psql "$CHECK_URL" -Atc 'SHOW server_version_num' 2>/dev/null) && [[ -n "$num" ]]; then
    echo $((num / 10000))
    return
  fi
  # No server reachable: build for the newest PostgreSQL installed on the machine.
  ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1
}

PG_MAJOR="${PG_MAJOR:-$(detect_pg_major)}"
[[ -n "$PG_MAJOR" ]] || die "no PostgreSQL found under /usr/lib/postgresql; install PostgreSQL first or set PG_MAJOR"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"

vector_available() {
  local answer
  if answer=$(psql "$CHECK_URL" -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'" 2>/dev/null); then
    [[ "$answer" == "1" ]]
    return
  fi
  # The server is down: pg_available_extensions lists exactly the control files in SHAREDIR.
  [[ -x "$PG_CONFIG" && -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]]
}

if vector_available; then
  log "pgvector is already available for PostgreSQL ${PG_MAJOR}; nothing to do"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "must run as root (apt-get and make install write system folders)"
  exec sudo --preserve-env=PGVECTOR_CHECK_URL,PG_MAJOR,PGVECTOR_SUITE "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
BUILD_PACKAGES=("postgresql-server-dev-${PG_MAJOR}" build-essential)

if ! apt-cache show "${BUILD_PACKAGES[@]}" >/dev/null 2>&1; then
  log "refreshing apt package lists"
  apt-get update -qq
fi
log "installing ${BUILD_PACKAGES[*]}"
apt-get install -y -qq --no-install-recommends "${BUILD_PACKAGES[@]}" >/dev/null

# shellcheck disable=SC1091
. /etc/os-release
declare -A NEXT_RELEASE=([bullseye]=bookworm [bookworm]=trixie [trixie]=forky)
SUITE="${PGVECTOR_SUITE:-${NEXT_RELEASE[${VERSION_CODENAME:-}]:-}}"
[[ -n "$SUITE" ]] || die "no newer Debian release known after '${VERSION_CODENAME:-unknown}'; set PGVECTOR_SUITE"

# Mirror and keyring of the entry that serves this release, in deb822 (.sources) or one-line format.
read_main_entry() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk -v suite="$VERSION_CODENAME" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uris = ""; keys = ""; hit = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris); sub(/[ \t].*/, "", uris) }
          if ($i ~ /^Signed-By:/) { keys = $i; sub(/^Signed-By:[ \t]*/, "", keys) }
          if ($i ~ /^Suites:/ && (" " $i " ") ~ (" " suite " ")) hit = 1
        }
        if (hit && uris != "") { print uris " " keys; exit }
      }' "$file"
  done
  if [[ -f /etc/apt/sources.list ]]; then
    awk -v suite="$VERSION_CODENAME" '
      $1 == "deb" {
        keys = ""; n = 2
        if ($2 ~ /^\[/) { while ($n !~ /\]$/) { if ($n ~ /signed-by=/) keys = $n; n++ } if ($n ~ /signed-by=/) keys = $n; n++ }
        sub(/.*signed-by=/, "", keys); sub(/\]$/, "", keys)
        if ($(n + 1) == suite) { print $n " " keys; exit }
      }' /etc/apt/sources.list
  fi
}
read -r MIRROR KEYRING < <(read_main_entry | head -n 1) || true
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
KEYRING="${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"

# The deb-src entry lives in a private apt configuration (its own sources file and lists folder)
# so the machine's apt state is untouched: later `apt-get update` runs do not fetch the newer
# release's indexes and nothing can be installed from it by accident.
WORK=$(mktemp -d /tmp/pgvector-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/src"
chmod 755 "$WORK"
cat >"$WORK/pgvector-src.sources" <<EOF
Types: deb-src
URIs: ${MIRROR}
Suites: ${SUITE}
Components: main
Signed-By: ${KEYRING}
EOF
APT_PRIVATE=(
  -o "Dir::Etc::SourceList=$WORK/pgvector-src.sources"
  -o "Dir::Etc::SourceParts=$WORK/no-parts"
  -o "Dir::State::Lists=$WORK/lists"
  -o "APT::Get::List-Cleanup=0"
)
mkdir -p "$WORK/no-parts"
if id _apt >/dev/null 2>&1; then chown -R _apt "$WORK/lists" "$WORK/src"; fi

log "fetching the ${SUITE} source index from ${MIRROR}"
apt-get "${APT_PRIVATE[@]}" update -qq
log "downloading the pgvector source package"
(cd "$WORK/src" && apt-get "${APT_PRIVATE[@]}" source -qq pgvector >/dev/null)

SOURCE_DIR=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
[[ -n "$SOURCE_DIR" ]] || die "apt-get source pgvector produced no source folder in $WORK/src"

log "building $(basename "$SOURCE_DIR") for PostgreSQL ${PG_MAJOR}"
make -s -C "$SOURCE_DIR" PG_CONFIG="$PG_CONFIG" -j"$(nproc)" >/dev/null
make -s -C "$SOURCE_DIR" PG_CONFIG="$PG_CONFIG" install >/dev/null

vector_available || die "built and installed pgvector, but PostgreSQL ${PG_MAJOR} does not list it in pg_available_extensions"
log "pgvector installed; enable it per database with: CREATE EXTENSION vector"
