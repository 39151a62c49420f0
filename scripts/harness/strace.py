"""The strace comparisons: tests/strace.tests, MinOS's /bin/strace against
Debian's strace on the same static binary inside the reference Linux,
compared after hiding what legitimately differs (docs/strace.md).

Invariants: the comparisons are exact, lines, summary, both and timed
(the list's header explains each), and their linux- forms, which run
MinOS's /bin/strace inside the reference Linux
beside Debian's; Linux's side writes its trace to STRACE_OUT with
standard input and output /dev/null, as MinOS's side does; a failing
comparison leaves a unified diff in BUILD/test-logs/strace-NAME.diff.
"""
import difflib
import os
import re
import subprocess
import time

import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, LOGS, TIMEOUT, TOP

# Calls whose arguments or result are pids, renamed P1, P2... in order.
STRACE_PID_CALLS = ("fork", "vfork", "clone", "getpid", "getppid", "gettid", "wait4",
                    "set_tid_address", "getpgid", "getpgrp", "getsid", "setsid")


# MinOS's strace, which the linux- comparisons run inside the reference Linux.
MINOS_STRACE = "/bin/strace"
# A leading timestamp (-t, -tt, -ttt, -r) and -T's time: their digits are
# hidden, their form is compared.
TIMESTAMP_RE = re.compile(r"^(?:\d\d:\d\d:\d\d(?:\.\d{6})?|\d+\.\d{6}| *\d+\.\d{6}) ")
CALL_TIME_RE = re.compile(r" <\d+\.\d{6}>$")


def mask_digits(m):
    return re.sub(r"\d", "N", m.group(0))


def strace_lines(text, exact, timed=False):
    """strace output made comparable across kernels (tests/strace.tests);
    timed: timestamps and -T times keep only their form."""
    pids, joined, unfinished = {}, [], {}

    def pid(p):
        return pids.setdefault(p, "P%d" % (len(pids) + 1))

    for line in text.splitlines():
        m = re.match(r"^(?:\[pid +(\d+)\] |(\d+) +)(.*)$", line)
        who = (m.group(1) or m.group(2)) if m else None
        line = m.group(3) if m else line
        stamp, took = "", ""
        if timed:  # set aside, put back once the line is compared
            m = TIMESTAMP_RE.match(line)
            if m:
                stamp, line = mask_digits(m), line[m.end():]
            m = CALL_TIME_RE.search(line)
            if m:
                took, line = mask_digits(m), line[:m.start()]
        if re.match(r"^(?:% time|------|\s*\d+\.\d\d\s+\d+\.\d{6}\s)", line):
            continue  # -C's table, compared by strace_summary
        if line.endswith(" <unfinished ...>"):
            unfinished[who] = len(joined)
            joined.append([who, line[:-len(" <unfinished ...>")], stamp, ""])
            continue
        m = re.match(r"^<\.\.\. \w+ resumed>(.*)$", line)
        if m and who in unfinished:
            entry = joined[unfinished.pop(who)]
            entry[1] += m.group(1)
            entry[3] = took
            continue
        joined.append([who, line, stamp, took])
    out = []
    for who, line, stamp, took in joined:
        name = pid(who) if who else ""
        line = re.sub(r'^execve\("[^"]*", \["[^"]*"(\.\.\.)?', "execve(PATH, [ARGV0", line)
        line = re.sub(r"/\* \d+ vars? \*/", "/* N vars */", line)
        if line.startswith("execve("):
            line = re.sub(r"\], 0x[0-9a-f]+ ", "], ENVP ", line)
        if not exact:
            m = re.match(r"^(\w+)\((.*)\) += (\d+)$", line)
            if m and m.group(1) in STRACE_PID_CALLS:
                args = m.group(2)
                if m.group(1) == "wait4":
                    args = re.sub(r"^(\d+)", lambda k: pid(k.group(1)), args)
                line = "%s(%s) = %s" % (m.group(1), args, pid(m.group(3)))
            line = re.sub(r"^kill\((\d+)", lambda k: "kill(" + pid(k.group(1)), line)
            line = re.sub(r"si_pid=(\d+)", lambda k: "si_pid=" + pid(k.group(1)), line)
            line = re.sub(r"si_uid=\d+", "si_uid=UID", line)
            line = re.sub(r"si_([us])time=\d+(?: /\* [\d.]+ s \*/)?", r"si_\1time=T", line)
            line = re.sub(r"<(pipe|socket):\[\d+\]>", r"<\1:[INODE]>", line)
            line = re.sub(r"\b0x[0-9a-f]+\b", "0x...", line)
            line = re.sub(r"\) +=( |$)", r") =\1", line)
        out.append((name, stamp + line + took))
    first = {}
    for name, _ in out:
        first.setdefault(name, len(first))
    ordered = sorted(range(len(out)), key=lambda i: (first[out[i][0]], i))
    return ["%s %s" % out[i] if out[i][0] else out[i][1] for i in ordered]


def strace_summary(text):
    """The calls, errors and syscall columns of an strace -c table."""
    rows = []
    for line in text.splitlines():
        if len(line) > 51 and line[:6].strip().replace(".", "").isdigit():
            rows.append("%s calls=%s errors=%s" % (line[51:], line[31:40].strip(),
                                                   line[41:50].strip() or "0"))
    return sorted(rows)


STRACE_OUT = "/tmp/strace.out"


def load_strace_tests(only):
    """tests/strace.tests: [(name, options, argv, comparison)]."""
    with open(os.path.join(TOP, "tests", "strace.tests")) as f:
        lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    tests = []
    for line in lines:
        name, opts, command, how = [x.strip() for x in line.split(" | ")]
        if not only or only in "strace/" + name:
            tests.append((name, [] if opts == "-" else opts.split(), command.split(), how))
    return tests


def strace_command(tracer, opts, argv):
    """A shell command (no quotes: scripts/minos-run refuses them) that
    runs tracer with opts on argv and leaves its lines in STRACE_OUT:
    -ff's files FILE.PID are joined there by head, each behind a
    "==> FILE.PID <==" header (ff_lines reads them); -p attaches to
    PROGRAM started in the background a second before (and with the
    pseudo-option @INT, sends strace SIGINT a second after that; with @2,
    starts PROGRAM twice and attaches to both)."""
    quiet = "</dev/null >/dev/null 2>&1"
    if "-ff" in opts:
        return ("%s %s -o /tmp/ff %s %s; /bin/head -n 1000000 /tmp/ff.* >%s"
                % (tracer, " ".join(opts), " ".join(argv), quiet, STRACE_OUT))
    if "-p" in opts:
        rest = [o for o in opts if o not in ("-p", "@INT", "@2")]
        if "@2" in opts:  # PROGRAM twice, strace attached to both
            return ("%s %s & A=$!; %s %s & B=$!; /bin/sleep 1; "
                    "%s %s -p $A -p $B -o %s 2>/dev/null; wait"
                    % (" ".join(argv), quiet, " ".join(argv), quiet, tracer, " ".join(rest),
                       STRACE_OUT))
        if "@INT" in opts:  # strace gets SIGINT a second after attaching
            return ("%s %s & S=$!; /bin/sleep 1; %s %s -p $S -o %s 2>/dev/null & "
                    "T=$!; /bin/sleep 1; kill -INT $T; wait"
                    % (" ".join(argv), quiet, tracer, " ".join(rest), STRACE_OUT))
        return ("%s %s & /bin/sleep 1; %s %s -p $! -o %s 2>/dev/null; wait"
                % (" ".join(argv), quiet, tracer, " ".join(rest), STRACE_OUT))
    return "%s %s -o %s %s %s" % (tracer, " ".join(opts), STRACE_OUT, " ".join(argv), quiet)


def linux_argv(tracer, opts, argv):
    """The command that runs tracer (Debian's strace or MinOS's) inside
    the reference Linux: directly, or through the image's /bin/sh for -ff
    and -p (strace_command), with tracer again as the shell's $0 so that
    linux-ref sees which of its tools the run needs."""
    if "-ff" in opts or "-p" in opts:
        return ["/bin/sh", "-c", strace_command(tracer, opts, argv), tracer]
    return [tracer] + opts + ["-o", STRACE_OUT] + argv


def ff_lines(text):
    """head's "==> /tmp/ff.PID <==" sections as lines "PID line", the way
    -f -o FILE writes them."""
    out, pid = [], None
    for line in text.splitlines():
        m = re.match(r"^==> /tmp/ff\.(\d+) <==$", line)
        if m:
            pid = m.group(1)
        elif line and pid:
            out.append("%s %s" % (pid, line))
    return "\n".join(out) + "\n"


def strace_specs(only):
    """Debian's strace inside the reference Linux, on the image's binary:
    `strace OPTIONS -o /tmp/strace.out PROGRAM` with standard input and
    output /dev/null, as MinOS's side runs it; for the linux- comparisons,
    MinOS's /bin/strace the same way (strace-minos/NAME)."""
    deps = linux_ref.system_programs(BUILD)
    specs = []
    for name, opts, argv, how in load_strace_tests(only):
        specs.append(linux_ref.Spec("strace/" + name, linux_argv("/usr/bin/strace", opts, argv),
                                    stdout="/dev/null", collect=[STRACE_OUT], deps=deps))
        if how.startswith("linux-"):
            specs.append(linux_ref.Spec("strace-minos/" + name,
                                        linux_argv(MINOS_STRACE, opts, argv),
                                        stdout="/dev/null", collect=[STRACE_OUT], deps=deps))
    return specs


def compare(how, got, want, opts=()):
    """(MinOS's lines, Linux's lines) as comparison how sees them."""
    how = how[len("linux-"):] if how.startswith("linux-") else how
    if "-ff" in opts:
        got, want = ff_lines(got), ff_lines(want)
    if how == "summary":
        return strace_summary(got), strace_summary(want)
    if how == "both":  # -C: the lines, then the table
        return (strace_lines(got, False) + strace_summary(got),
                strace_lines(want, False) + strace_summary(want))
    timed = how == "timed"
    return (strace_lines(got, how == "exact", timed), strace_lines(want, how == "exact", timed))


def run_strace_tests(result, only, linux):
    """Each line of tests/strace.tests as strace/NAME [tcg]."""
    for name, opts, argv, how in load_strace_tests(only):
        start, problems = time.monotonic(), []
        linux_out = os.path.join(BUILD, "test-logs", "strace-%s.linux" % name)
        os.makedirs(os.path.dirname(linux_out), exist_ok=True)
        where = "linux" if how.startswith("linux-") else "tcg"
        ref = linux.get("strace/" + name)
        if ref.problem():
            result.record("strace/%s [%s]" % (name, where), False,
                          " (no Linux answer: %s)" % ref.problem())
            continue
        want = ref.files.get(STRACE_OUT, b"").decode("utf-8", "replace")
        with open(linux_out, "w") as f:
            f.write(want)
        if how.startswith("linux-"):
            mine = linux.get("strace-minos/" + name)
            if mine.problem():
                problems.append("no answer from %s on Linux: %s" % (MINOS_STRACE, mine.problem()))
            got = mine.files.get(STRACE_OUT, b"").decode("utf-8", "replace")
        else:
            run = [os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg",
                   "--timeout", str(TIMEOUT["tcg"])]
            script = "%s; echo ==strace==; cat %s" % (
                strace_command("/bin/strace", opts, argv), STRACE_OUT)
            proc = subprocess.run(run + ["/bin/sh", "-c", script], stdin=subprocess.DEVNULL,
                                  capture_output=True)
            got = proc.stdout.decode("utf-8", "replace").partition("==strace==\n")[2]
        got_lines, want_lines = compare(how, got, want, opts)
        if not want_lines:
            problems.append("Linux's strace wrote nothing")
        if got_lines != want_lines:
            problems.append("the lines differ from Linux's strace")
        result.record("strace/%s [%s]" % (name, where), not problems,
                      " (%.1fs)" % (time.monotonic() - start))
        if not problems:
            if os.path.exists(linux_out):
                os.remove(linux_out)
        else:
            diff = os.path.join(LOGS, "strace-%s.diff" % name)
            with open(diff, "w") as f:
                f.write("\n".join(difflib.unified_diff(want_lines, got_lines, "linux", "minos",
                                                       lineterm="")) + "\n")
            for p in problems:
                print("     " + p)
            print("     differences: %s" % os.path.relpath(diff, TOP))
