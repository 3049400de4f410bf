#!/usr/bin/env bash
# Issue 15 acceptance: `galley serve` seen from headless Chromium.
#
#   scripts/check-serve.sh GALLEY ARTIFACTS_DIR
#
# Copies the example book to a temporary folder (the repository is never
# edited), starts `galley serve --port 0` on it, and runs
# scripts/check-serve.py: the open contents page must show an edited
# article title within 5 s by its own live reload, and show the error
# overlay (with the server still up) while book.toml does not parse.
# Screenshots: ARTIFACTS_DIR/serve-{before,after,error}.png. At the end,
# serve is stopped with SIGTERM (as Ctrl-C would) and must remove its
# private build folder.
set -euo pipefail
G=$(realpath "$1")
ARTIFACTS=$(realpath -m "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v chromium > /dev/null && ! command -v chromium-browser > /dev/null; then
  echo "installing chromium (apt)"
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) > /tmp/check-serve-apt.log 2>&1 \
    || { tail -20 /tmp/check-serve-apt.log; echo "check-serve: could not install chromium"; exit 1; }
fi

WORK=$(mktemp -d /tmp/check-serve-XXXXXX)
SERVE_PID=
stop_serve() {
  if [ -n "$SERVE_PID" ] && kill -0 "$SERVE_PID" 2> /dev/null; then
    kill -TERM "$SERVE_PID" 2> /dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVE_PID" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$SERVE_PID" 2> /dev/null || true
    wait "$SERVE_PID" 2> /dev/null || true
  fi
  SERVE_PID=
}
trap 'stop_serve; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/book" "$WORK/tmp" "$ARTIFACTS"
cp -r "$ROOT/book.toml" "$ROOT/examples" "$ROOT/themes" "$WORK/book/"
# serve's private build folder goes into $WORK/tmp, so its removal is checked.
(cd "$WORK/book" && TMPDIR="$WORK/tmp" NO_COLOR=1 exec "$G" serve --port 0) > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!

URL=
for _ in $(seq 300); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/html/' "$WORK/serve.log" | head -1 || true)
  # (python, not curl: a fresh Debian machine has no curl)
  [ -n "$URL" ] && python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$URL" 2> /dev/null && break
  kill -0 "$SERVE_PID" 2> /dev/null || { cat "$WORK/serve.log"; echo "check-serve: galley serve exited"; exit 1; }
  URL=
  sleep 0.1
done
[ -n "$URL" ] || { cat "$WORK/serve.log"; echo "check-serve: galley serve did not answer in 30 s"; exit 1; }
echo "galley serve (pid $SERVE_PID) answers on $URL"

TMPDIR="$WORK" python3 "$ROOT/scripts/check-serve.py" "$URL" "$WORK/book" "$SERVE_PID" "$ARTIFACTS" \
  || { echo "--- galley serve log"; cat "$WORK/serve.log"; exit 1; }
echo "--- galley serve log"
cat "$WORK/serve.log"

kill -TERM "$SERVE_PID"
for _ in $(seq 50); do kill -0 "$SERVE_PID" 2> /dev/null || break; sleep 0.1; done
if kill -0 "$SERVE_PID" 2> /dev/null; then
  echo "check-serve: FAIL: galley serve did not stop within 5 s of SIGTERM"; exit 1
fi
wait "$SERVE_PID" 2> /dev/null || true
SERVE_PID=
if [ -n "$(ls -A "$WORK/tmp")" ]; then
  echo "check-serve: FAIL: SIGTERM left serve's build folder: $(ls "$WORK/tmp")"; exit 1
fi
echo "galley serve stopped on SIGTERM and removed its build folder"
for f in serve-before serve-after serve-error; do
  echo "artifact: $ARTIFACTS/$f.png ($(stat -c %s "$ARTIFACTS/$f.png") bytes)"
done
