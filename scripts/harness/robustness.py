"""The robustness report, printed before the total: per class of hostile
input, how many inputs the user tests (or, for malformed frames, the
self-test boots) tried, how many tests gave another
answer than Linux's (or the expected one), and how many harmed the kernel
(a panic or a dead VM: minos-run's status 125).

Invariants: it only counts, never judges (the user layer records the
tests); a class that tried nothing prints no line.
"""
import re

# The classes, each with the user tests that belong to it: a test's exact
# name, or a prefix ending in "-".
ROBUSTNESS_CLASSES = [
    ("bad pointers", ("efault-all", "sc-efault")),
    ("bad numbers and arguments", ("sc-enosys", "sc-enosys-wide", "fs-open", "fs-dup", "fs-rw")),
    ("faults in ring 3", ("fault-", "fk-", "proc-faults", "sc-top-page", "sc-stack", "sc-df")),
    ("exhaustion", ("exhaust", "proc-limits", "mem-oom")),
    ("forged signal frames", ("sig-sigreturn",)),
    ("fuzzer", ("sysfuzz", "sysfuzz-traced")),
    ("hostile socket calls", ("mu-inet-fuzz", "mu-sock-errno", "mu-inet-errno", "mu-tcp-errno")),
    ("hostile tracers", ("mu-ptrace-hostile",)),
    ("malformed frames", ()),  # counted by the boot layer, from the self-tests' log
]
# Per class: [inputs tried, tests mismatched, tests that harmed the kernel].
robustness = {cls: [0, 0, 0] for cls, _ in ROBUSTNESS_CLASSES}


def robustness_note(test, stdout, ok, harmed):
    """Counts one judged user test (and its output) in its class, if any."""
    for cls, prefixes in ROBUSTNESS_CLASSES:
        if not any(test.name == p or (p.endswith("-") and test.name.startswith(p)) for p in prefixes):
            continue
        text = stdout.decode("utf-8", "replace")
        m = (re.search(r"sysfuzz: seed \d+, (\d+) calls", text) or
             re.search(r"^(\d+) calls survived", text, re.M))
        if m:
            tried = int(m.group(1))
        elif test.name == "proc-faults":
            tried = 1000
        elif test.name == "sig-sigreturn":  # one case a frame, several lines each
            tried = len({l.split(": ", 1)[0] for l in text.splitlines() if ": " in l})
        else:  # one line of output per hostile input (at least the program itself)
            tried = max(1, len([l for l in text.splitlines() if ": " in l]))
        robustness[cls][0] += tried
        robustness[cls][1] += 0 if ok else 1
        robustness[cls][2] += 1 if harmed else 0


def robustness_frames(log, ok, harmed):
    """A self-test boot's malformed frames (kernel/test/test_net.c says
    how many it fed through lo's receive path), counted once per boot."""
    m = re.search(r"^ktest: net_fuzz_frames fed (\d+) malformed frames", log, re.M)
    if m:
        counts = robustness["malformed frames"]
        counts[0] += int(m.group(1))
        counts[1] += 0 if ok else 1
        counts[2] += 1 if harmed else 0


def print_robustness():
    """One "robustness:" line per class that tried anything."""
    for cls, _ in ROBUSTNESS_CLASSES:
        tried, bad, harmed = robustness[cls]
        if tried:
            print("robustness: %-26s %7d tried, %d test(s) mismatched, %d harmed the kernel" %
                  (cls + ":", tried, bad, harmed))
