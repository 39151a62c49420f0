"""The host unit tests: the binaries tests/Makefile builds in
BUILD/tests under ASan and UBSan, one per tests/test_NAME.c.

Invariants: each test function counts as one test (the binary's own
"N passed, N failed" line); a binary whose line never comes (a sanitizer
report, a leak, a crash) is one failed test, "unit/NAME (crashed: exit N)".
"""
import glob
import os
import re
import subprocess
import sys

from harness.common import BUILD

def run_unit_tests(result, only):
    """Every build/tests/test_* binary, in name order, as unit/NAME."""
    binaries = sorted(glob.glob(os.path.join(BUILD, "tests", "test_*")))
    if not binaries:
        result.record("unit (no test binaries in build/tests)", False)
        return
    for path in binaries:
        name = "unit/" + os.path.basename(path)[len("test_"):]
        if only and only not in name:
            continue
        proc = subprocess.run([path], capture_output=True, text=True,
                              env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                                       UBSAN_OPTIONS="print_stacktrace=1"))
        m = re.search(r"(\d+) passed, (\d+) failed", proc.stdout)
        if not m:
            result.record(name, False, " (crashed: exit %d)" % proc.returncode)
            sys.stdout.write(proc.stderr[-4000:])
            continue
        passed, failed = int(m.group(1)), int(m.group(2))
        result.passed += passed
        result.failed += failed
        ok = failed == 0 and proc.returncode == 0
        print("%s %s: %d passed, %d failed" % ("PASS" if ok else "FAIL", name, passed, failed))
        if not ok:
            result.failures.append(name)
            sys.stdout.write(proc.stderr[-4000:])
