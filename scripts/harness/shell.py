"""The shell scripts: tests/sh.tests, each script run by MinOS's /bin/sh
inside MinOS (TCG) and by Debian's dash inside the reference Linux, at the
same path (/tests/sh/NAME.sh) and with the image's /bin on both sides.

Invariants: only "linux" is an expectation; exit status and standard
output must be identical; a failing script leaves both outputs (and
dash's standard error) in BUILD/test-logs/sh-NAME.*.out.
"""
import os
import shutil
import subprocess
import time

import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, LOGS, TOP

def load_shell_tests(only):
    """tests/sh.tests: [(name, script)]."""
    with open(os.path.join(TOP, "tests", "sh.tests")) as f:
        lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    tests = []
    for line in lines:
        name, script, expect = [x.strip() for x in line.split(" | ")]
        if expect != "linux":
            raise SystemExit("tests/sh.tests: unknown expectation %r" % expect)
        if not only or only in name:
            tests.append((name, script))
    return tests


def shell_specs(only):
    """Debian's dash runs each script inside the reference Linux, at the
    path it has in MinOS (/tests/sh/NAME.sh), with the image's /bin."""
    deps = linux_ref.system_programs(BUILD)
    return [linux_ref.Spec("sh/" + name, ["/usr/bin/dash", "/" + script],
                           files={"/" + script: os.path.join(TOP, script)}, deps=deps)
            for name, script in load_shell_tests(only)]


def run_shell_tests(result, only, linux):
    """tests/sh.tests: each script run by MinOS's /bin/sh inside MinOS and
    by dash inside the reference Linux; standard output and exit status
    must match. The scripts reach MinOS's image through --rootfs-extra as
    /tests/sh/."""
    extra = os.path.join(BUILD, "test-sh-root")
    shutil.rmtree(extra, ignore_errors=True)
    shutil.copytree(os.path.join(TOP, "tests", "sh"), os.path.join(extra, "tests", "sh"))
    for name, script in load_shell_tests(only):
        start = time.monotonic()
        mine = subprocess.run([os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg",
                               "--rootfs-extra", extra, "/bin/sh", "/" + script],
                              stdin=subprocess.DEVNULL, capture_output=True)
        seconds = time.monotonic() - start
        ref = linux.get("sh/" + name)
        problems = []
        if ref.problem():
            problems.append("no Linux answer: %s" % ref.problem())
        else:
            if mine.returncode != ref.exit_code():
                problems.append("exit status %d, Linux's sh gives %d" %
                                (mine.returncode, ref.exit_code()))
            if mine.stdout != ref.stdout:
                problems.append("standard output differs from Linux's sh")
        result.record("sh/%s [tcg]" % name, not problems, " (%.1fs)" % seconds)
        if problems:
            os.makedirs(LOGS, exist_ok=True)
            for suffix, data in (("minos", mine.stdout), ("linux", ref.stdout),
                                 ("linux-stderr", ref.stderr)):
                with open(os.path.join(LOGS, "sh-%s.%s.out" % (name, suffix)), "wb") as out:
                    out.write(data)
            for p in problems:
                print("     " + p)
            print("     outputs: build/test-logs/sh-%s.{minos,linux,linux-stderr}.out" % name)
