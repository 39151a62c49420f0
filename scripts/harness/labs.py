"""The labs (docs/labs/): for each lab scripts/grade lists, a handout made
by scripts/mklab must build and score below full marks; this tree must
score full marks on every lab.

Invariants: a handout lives in BUILD/lab-handouts/LAB (the same folder
every run, so the reference Linux's answers for its binaries stay cached)
and is removed afterwards; no make variable of this run leaks into the
handout's make or grade, and both share this tree's reference Linux.
"""
import os
import re
import shutil
import subprocess
import sys
import time

import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, LOGS, TOP

def lab_env():
    """The environment for a make or grade of another tree: no make
    variables of ours (MAKEFLAGS carries BUILD=) leak into it, and it
    shares this tree's reference Linux (kernel and answers)."""
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MINOS_BUILD"):
        env.pop(k, None)
    env["LINUX_REF_HOME"] = linux_ref.home(BUILD)
    return env


def run_lab_tests(result, only):
    """The labs (docs/labs/): each lab's handout (scripts/mklab into
    BUILD/lab-handouts/LAB/tree) builds with its stubs and scores below
    full marks there; this tree, already built, scores full marks
    (scripts/grade)."""
    grade = os.path.join(TOP, "scripts", "grade")
    listing = subprocess.run([grade, "--list"], capture_output=True, text=True).stdout
    for lab in [l.split(":")[0] for l in listing.splitlines() if ":" in l]:
        name = "labs/handout-%s" % lab
        if only and only not in name:
            continue
        start = time.monotonic()
        # The same folder every time: the handout's binaries then carry the
        # same paths in their debug information, so the reference Linux's
        # answers for them stay cached from one make test to the next.
        work = os.path.join(BUILD, "lab-handouts", lab)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        tree, problems, out = os.path.join(work, "tree"), [], b""
        steps = [[os.path.join(TOP, "scripts", "mklab"), lab, tree],
                 ["make", "-C", tree, "--no-print-directory", "BUILD=" + os.path.join(tree, "build"),
                  "all"],
                 [os.path.join(tree, "scripts", "grade"), "--lab", lab, "--no-build"]]
        for i, cmd in enumerate(steps):
            env = lab_env()
            if i == 2:
                env["MINOS_BUILD"] = os.path.join(tree, "build")
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, env=env, cwd=tree if i else TOP)
            out += b"$ " + " ".join(cmd).encode() + b"\n" + proc.stdout
            if i < 2 and proc.returncode != 0:
                problems.append("%s failed (status %d)" % (os.path.basename(cmd[0]), proc.returncode))
                break
            if i == 2:
                m = re.search(rb"(?m)^Score: (\d+)/(\d+)$", proc.stdout)
                if not m or proc.returncode != 1 or int(m.group(1)) >= int(m.group(2)):
                    problems.append("the handout should score below full marks (grade status %d, %s)"
                                    % (proc.returncode, m.group(0).decode() if m else "no score"))
        result.record(name, not problems, " (%.1fs)" % (time.monotonic() - start))
        if problems:
            os.makedirs(LOGS, exist_ok=True)
            path = os.path.join(LOGS, "labs-%s.log" % lab)
            with open(path, "wb") as f:
                f.write(out)
            for p in problems:
                print("     " + p)
            print("     log: %s (scripts/mklab %s DIR makes the handout again)" %
                  (os.path.relpath(path, TOP), lab))
        shutil.rmtree(work, ignore_errors=True)
    if only and only not in "labs/grade-tree":
        return
    start = time.monotonic()
    env = dict(lab_env(), MINOS_BUILD=BUILD)
    proc = subprocess.run([grade, "--no-build"], stdin=subprocess.DEVNULL, capture_output=True,
                          env=env, cwd=TOP)
    m = re.search(rb"(?m)^Score: (\d+)/(\d+)$", proc.stdout)
    ok = proc.returncode == 0 and m and m.group(1) == m.group(2)
    result.record("labs/grade-tree", ok, " (%s, %.1fs)" % (
        m.group(0).decode() if m else "no score", time.monotonic() - start))
    if not ok:
        sys.stdout.write(proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace"))
