"""The Linux every "linux" expectation compares with: the reference Linux
(scripts/linux_ref.py), or this host's with LINUX_ORACLE=host. LinuxAnswers
asks it for every run the user, shell, strace and debian layers need; the
oracle failure tests check that each way the reference Linux, or the
fetching of a Debian package, can fail ends with a one-line reason and a
failing status.

Invariants: every answer is asked for in one batch, started before MinOS's
side runs and joined only when an answer is needed; an exception in that
batch becomes a failed answer for every spec, never a hang; vm-only specs
never run on the host.
"""
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, TOP

class LinuxAnswers:
    """Every Linux answer the run needs, asked for in one batch that runs
    in the background while MinOS's side runs; get() waits for it."""

    def __init__(self, specs):
        self.oracle = linux_ref.oracle_from_env(BUILD, log=lambda m: print(m, flush=True))
        self.host = isinstance(self.oracle, linux_ref.HostOracle)
        self.specs = [s for s in specs if not (self.host and getattr(s, "vm_only", False))]
        self.answers = None
        self.thread = threading.Thread(target=self._ask, daemon=True)
        self.thread.start()

    def _ask(self):
        try:
            self.answers = self.oracle.results(self.specs)
        except Exception as e:  # a bug here must fail the tests, not hang them
            self.answers = {s.name: linux_ref.Result("error %s: %s" % (type(e).__name__, e))
                            for s in self.specs}
            self.oracle.summary = "failed: %s: %s" % (type(e).__name__, e)

    def get(self, name):
        """The Result for a spec's name, or None where this oracle may not
        run it (vm-only on the host)."""
        self.thread.join()
        return self.answers.get(name)

    def report(self):
        self.thread.join()
        print("%s: %s" % ("second opinion" if self.host else "reference Linux",
                          self.oracle.summary), flush=True)


# The reference Linux's own failures (scripts/linux-ref), and those of the
# Debian packages the debian layer adds to it (scripts/debian-pkg): each
# must end with a one-line reason and a failing status, never a pass or a
# hang. name: (extra environment, tool and its arguments, status, stderr
# pattern)
ORACLE_FAILURES = {
    "mirror-refuses": ({"http_proxy": "http://127.0.0.1:9"}, ["linux-ref", "--version"], 125,
                       r"apt-get download linux-image-\S+ failed: .*refused"),
    "no-network": ({}, ["linux-ref", "--version"], 125,
                   r"apt-get download linux-image-\S+ failed: .*(resolv|unreachable)"),
    "not-a-kernel": ({}, ["linux-ref", "--kernel", "README.md", "/bin/hello"], 125,
                     r"QEMU failed: "),
    "kernel-panics": ({}, ["linux-ref", "--append", "rdinit=/no-such-init", "/bin/hello"], 125,
                      r"the reference Linux panicked: Kernel panic - not syncing: VFS"),
    "test-hangs": ({}, ["linux-ref", "--timeout", "2", "/bin/sleep", "100"], 124,
                   r"timed out after 2 s inside the reference Linux"),
    "debian-mirror-refuses": ({"http_proxy": "http://127.0.0.1:9"},
                              ["debian-pkg", "busybox-static"], 1,
                              r"apt-get download busybox-static failed: .*refused"),
    "debian-no-network": ({}, ["debian-pkg", "busybox-static"], 1,
                          r"apt-get download busybox-static failed: .*(resolv|unreachable)"),
}
# The runs that must fetch what they need, in a build folder of their own.
FETCHES = (["linux-ref", "--version"], ["debian-pkg", "busybox-static"])
# The cases run without a network (`unshare -n`).
NO_NETWORK = ("no-network", "debian-no-network")


def run_oracle_failure_tests(result, only):
    """Each ORACLE_FAILURES case as oracle/NAME, with no cache and no shared
    LINUX_REF_HOME, so nothing this run or another relies on is touched."""
    for name, (env, args, want_status, pattern) in ORACLE_FAILURES.items():
        if only and only not in "oracle/" + name:
            continue
        tool, args = args[0], args[1:]
        cmd = [os.path.join(TOP, "scripts", tool)] + (["--no-cache"] if tool == "linux-ref" else
                                                      []) + args
        env = dict(os.environ, **env)
        env.pop("LINUX_REF_HOME", None)
        work = None
        if [tool] + args in FETCHES:  # a build folder without a kernel or package
            work = tempfile.mkdtemp(prefix="minos-oracle.")
            env["MINOS_BUILD"] = work
        if name in NO_NETWORK:
            if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
                print("NOTE oracle/%s: not run: `unshare -n` (a network namespace) needs root"
                      % name)
                continue
            cmd = ["unshare", "-n"] + cmd
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  env=env, cwd=TOP, timeout=120)
            status, err = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired:
            status, err = None, "(hung for 120 s)"
        if work:
            shutil.rmtree(work, ignore_errors=True)
        reason = err.strip().splitlines()[-1] if err.strip() else ""
        ok = status == want_status and re.search(pattern, reason) is not None
        result.record("oracle/%s" % name, ok, " (%.1fs)" % (time.monotonic() - start))
        if not ok:
            print("     status %s, expected %d; last line of stderr: %s" % (status, want_status,
                                                                         reason))
            print("     expected it to match /%s/" % pattern)
