# shellcheck shell=bash
# Sourced by ./test and ./run: makes JAVA_HOME a JDK 21 or newer (the build needs one; Debian's default java is 17).
# Keeps a JAVA_HOME that is already good enough, otherwise picks the newest JDK >= 21 under /usr/lib/jvm.
# No "set -euo pipefail" here: it would leak into the shell that sources the file (the callers set it themselves).

cc_jdk_major() {
  # Prints the feature version (17, 21, 25...) of the JDK at $1; fails when $1 is not a JDK.
  local home=$1 version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  if [[ -f "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  version=${version%%[.+-]*}
  [[ "$version" =~ ^[0-9]+$ ]] || return 1
  echo "$version"
}

cc_select_java_home() {
  local wanted=21 current="" best="" best_major=0 candidate major jvm_dir=${CC_JVM_DIR:-/usr/lib/jvm}
  if [[ -n "${JAVA_HOME:-}" ]]; then
    current=$(cc_jdk_major "$JAVA_HOME" || true)
    if [[ -n "$current" && "$current" -ge "$wanted" ]]; then
      return 0
    fi
  fi
  for candidate in "$jvm_dir"/*; do
    [[ -d "$candidate" ]] || continue
    major=$(cc_jdk_major "$candidate" || true)
    if [[ -n "$major" && "$major" -ge "$wanted" && "$major" -gt "$best_major" ]]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "error: no JDK ${wanted} or newer found (JAVA_HOME=${JAVA_HOME:-unset}${current:+, version $current}; nothing under $jvm_dir)." >&2
    echo "       Install one, e.g. Temurin 25 (/usr/lib/jvm/temurin-25-jdk-amd64), or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

cc_select_java_home
export PATH="$JAVA_HOME/bin:$PATH"

# Run directly (not sourced), it just prints the choice.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "$JAVA_HOME"
fi
