#!/usr/bin/env python3
"""Drive headless Chromium against a running `galley serve` (issue 15 acceptance).

    check-serve.py URL BOOK_DIR SERVE_PID ARTIFACTS_DIR

URL is the served contents page (http://127.0.0.1:PORT/html/), BOOK_DIR a
*copy* of the example book that this script edits, SERVE_PID the serve
process. Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated JSON), so no
Python package is needed.

1. Loads the contents page and keeps it open (screenshot serve-before.png),
   and 7 more tabs of it (more than the 6 connections a browser opens per
   host; one of them as in a browser without SharedWorker).
2. Changes the first article's title in BOOK_DIR and waits (5 s at most)
   for the open page to show it - the page's own live reload does it: this
   script never reloads or navigates. A marker set in the page before the
   edit must be gone, proving the page reloaded itself
   (serve-after.png). Every other tab must show it within the same 5 s.
3. Breaks book.toml: the serve process must stay up and answer HTTP, and
   the open page must show the error overlay with the TOML parse message
   (serve-error.png). Restores book.toml: the overlay must go away.

Exits 1 with a message on the first check that fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

LIVE_RELOAD_LIMIT = 5.0  # seconds, from the issue
# More pages of the site than the 6 connections a browser opens per host:
# one event stream per tab would leave the seventh tab loading forever.
EXTRA_TABS = 7
NEW_TITLE = "Ferry fares to the outer islands will rise by a quarter, not a fifth"
ARTICLE = "examples/briefing/articles/01-ferry-fares.txt"


def fail(msg):
    print(f"check-serve: FAIL: {msg}", flush=True)
    sys.exit(1)


def say(msg):
    print(f"check-serve: {msg}", flush=True)


def chromium_binary():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    fail("no chromium on PATH (apt-get install chromium)")


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands) and 4 (replies)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="check-serve-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            # Copies first: a pipe end may already be fd 3 or 4 (dup2 onto
            # itself would keep its close-on-exec flag).
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [
                chromium_binary(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "--window-size=1000,760",
                "about:blank",
            ],
            preexec_fn=fds,
            close_fds=False,  # the pipe ends are close-on-exec; 3 and 4 are not
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def _read_message(self, deadline, on_timeout):
        import select

        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                fail(on_timeout or "Chromium did not answer in time")
            ready, _, _ = select.select([self.from_child], [], [], left)
            if ready:
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    fail("Chromium closed the DevTools pipe (did it crash?)")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True, timeout=20.0, errors_fail=True, on_timeout=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline, on_timeout)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    if errors_fail:
                        fail(f"{method}: {reply['error']}")
                    return {"exceptionDetails": reply["error"]}
                return reply.get("result", {})
            # Events (no id) are not needed: the checks poll the DOM.

    def open(self, url, without_shared_worker=False, what="the page"):
        """A new tab on `url`; it becomes the current one. Its session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        self.session = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        if without_shared_worker:
            # As in a browser without SharedWorker: the page's own stream.
            self.call("Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.SharedWorker;"})
        # Page.navigate answers once the page's response has arrived.
        self.call(
            "Page.navigate",
            {"url": url},
            timeout=LIVE_RELOAD_LIMIT,
            on_timeout=f"{what}: no response from the server within {LIVE_RELOAD_LIMIT:.0f} s",
        )
        return self.session

    def eval(self, expr):
        # While the page reloads there may be no context to evaluate in.
        r = self.call(
            "Runtime.evaluate", {"expression": expr, "returnByValue": True}, errors_fail=False
        )
        if "exceptionDetails" in r:
            return None
        return r.get("result", {}).get("value")

    def screenshot(self, path):
        import base64

        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        say(f"screenshot {path} ({os.path.getsize(path)} bytes)")

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except SystemExit:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        # Chromium's helper processes may still write for a moment.
        for _ in range(20):
            shutil.rmtree(self.profile, ignore_errors=True)
            if not os.path.exists(self.profile):
                break
            time.sleep(0.1)


def wait_for(browser, expr, limit, what, start=None):
    """Polls `expr` in the current tab every 100 ms until `limit` seconds
    after `start` (default: now); seconds since `start`, or fails."""
    start = time.monotonic() if start is None else start
    while True:
        if browser.eval(expr) is True:
            return time.monotonic() - start
        if time.monotonic() - start >= limit:
            fail(f"{what}: not seen within {limit:.0f} s")
        time.sleep(0.1)


def wait_in_tabs(browser, tabs, expr, start, what):
    """`wait_for` in every tab, all within the live-reload limit from `start`."""
    current = browser.session
    took = 0.0
    for i, tab in enumerate(tabs):
        browser.session = tab
        took = max(took, wait_for(browser, expr, LIVE_RELOAD_LIMIT, f"{what} (tab {i + 2})", start))
    browser.session = current
    return took


def serve_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except OSError as e:
        return str(e)


def js(s):
    return json.dumps(s)


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    url, book, pid, artifacts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    os.makedirs(artifacts, exist_ok=True)
    article = os.path.join(book, ARTICLE)
    with open(article, encoding="utf-8") as f:
        old_text = f.read()
    old_title = old_text.split("\n", 1)[0]
    toml_path = os.path.join(book, "book.toml")
    with open(toml_path, encoding="utf-8") as f:
        good_toml = f.read()

    has_link = "[...document.querySelectorAll('ol.toc a')].some(a => a.textContent.trim() === %s)"
    browser = Browser()
    try:
        first_tab = browser.open(url)
        wait_for(browser, has_link % js(old_title), 20, f"the contents page listing {old_title!r}")
        say(f"page open: {browser.eval('document.title')!r}, lists {old_title!r}")
        browser.screenshot(os.path.join(artifacts, "serve-before.png"))
        others = []
        for i in range(EXTRA_TABS):
            others.append(browser.open(url, without_shared_worker=i == 0, what=f"tab {i + 2} of the site"))
            wait_for(browser, has_link % js(old_title), LIVE_RELOAD_LIMIT, f"tab {i + 2} of the site loading")
            if i == 0 and browser.eval("typeof SharedWorker") != "undefined":
                fail("tab 2 still has SharedWorker")
        browser.session = first_tab
        say(f"{1 + EXTRA_TABS} tabs of the site open and loaded (tab 2 without SharedWorker)")

        # 1. Edit the title; the page must reload itself and show it.
        browser.eval("window.__checkServeMarker = 1")
        with open(article, "w", encoding="utf-8") as f:
            f.write(old_text.replace(old_title, NEW_TITLE, 1))
        edited = time.monotonic()
        took = wait_for(
            browser,
            has_link % js(NEW_TITLE),
            LIVE_RELOAD_LIMIT,
            f"the new title {NEW_TITLE!r} in the open page (live reload)",
        )
        if browser.eval("window.__checkServeMarker === 1") is not False:
            fail("the new title appeared but the page did not reload")
        if browser.eval(has_link % js(old_title)):
            fail(f"the old title {old_title!r} is still listed")
        say(f"live reload: new title in the open page after {took:.2f} s (limit {LIVE_RELOAD_LIMIT:.0f} s)")
        browser.screenshot(os.path.join(artifacts, "serve-after.png"))
        took = wait_in_tabs(browser, others, has_link % js(NEW_TITLE), edited, "the new title")
        say(f"... and in the {EXTRA_TABS} other tabs after {took:.2f} s at most")

        # 2. Break book.toml: serve stays up, the page shows the overlay.
        with open(toml_path, "w", encoding="utf-8") as f:
            f.write(good_toml.replace("[book]", "[book", 1))
        broken = time.monotonic()
        overlay = "(document.getElementById('__galley_error') || {}).textContent || ''"
        shows_error = f"({overlay}).includes('book.toml') && ({overlay}).includes('unclosed table')"
        took = wait_for(
            browser,
            shows_error,
            LIVE_RELOAD_LIMIT,
            "the error overlay naming book.toml and the parse error",
        )
        message = browser.eval(overlay)
        say(f"error overlay after {took:.2f} s: {message.splitlines()[-1]!r}")
        if not serve_alive(pid):
            fail(f"galley serve (pid {pid}) stopped on a broken book.toml")
        status = http_status(url)
        if status != 200:
            fail(f"with a broken book.toml, {url} answered {status}, not 200")
        if not browser.eval(has_link % js(NEW_TITLE)):
            fail("the page under the overlay is not the last good build")
        say(f"serve (pid {pid}) still running, {url} answers 200 with the last good build")
        browser.screenshot(os.path.join(artifacts, "serve-error.png"))
        wait_in_tabs(browser, others, shows_error, broken, "the error overlay")
        say(f"... the overlay shows in the {EXTRA_TABS} other tabs too")

        # 3. Restore book.toml: the page recovers by itself.
        with open(toml_path, "w", encoding="utf-8") as f:
            f.write(good_toml)
        restored = time.monotonic()
        recovered = f"!document.getElementById('__galley_error') && {has_link % js(NEW_TITLE)}"
        took = wait_for(
            browser,
            recovered,
            LIVE_RELOAD_LIMIT,
            "the page without the overlay after book.toml was restored",
        )
        took = max(took, wait_in_tabs(browser, others, recovered, restored, "no overlay"))
        say(f"book.toml restored: overlay gone in all {1 + EXTRA_TABS} tabs after {took:.2f} s")
    finally:
        browser.close()
    say("OK")


if __name__ == "__main__":
    main()
