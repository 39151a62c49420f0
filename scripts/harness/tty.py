"""The terminal conversations: tests/tty.tests, each a boot with
console=tty under TCG whose steps type at the serial port (send), wait for
a regular expression (expect) or pause (sleep).

Invariants: each expect matches only output after the previous match; a
wait never outlasts TIMEOUT["tcg"]; QEMU exiting early or KERNEL PANIC in
the output fails the test, whose serial output is kept in
BUILD/test-logs/tty-NAME.log.
"""
import os
import re
import selectors
import subprocess
import time

from harness.common import INITRAMFS, KERNEL, LOGS, TIMEOUT, TOP

def decode_text(text):
    """A send step's text with its escapes (\\r, \\x03) turned into bytes."""
    return text.encode().decode("unicode_escape").encode("latin-1")


def run_tty_tests(result, accels, only):
    """tests/tty.tests: typed conversations with the interactive terminal."""
    with open(os.path.join(TOP, "tests", "tty.tests")) as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.lstrip().startswith("#")]
    accel = "tcg"  # kvm-pvm cannot run ring 3; TCG everywhere else is enough
    for line in lines:
        name, cmdline, steps = [x.strip() for x in line.split(" | ", 2)]
        if only and only not in name:
            continue
        cmd = ["qemu-system-x86_64", "-machine", "pc,accel=" + accel, "-cpu", "max", "-m", "256M",
               "-no-reboot", "-display", "none", "-monitor", "none", "-serial", "stdio",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-kernel", KERNEL, "-initrd", INITRAMFS, "-append", cmdline + " console=tty"]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        out = b""
        pos = 0  # expectations match after the previous match
        problem = None
        for step in [x.strip() for x in steps.split(" ; ")]:
            verb, _, arg = step.partition(" ")
            if verb == "send":
                proc.stdin.write(decode_text(arg))
                proc.stdin.flush()
                continue
            if verb == "sleep":
                time.sleep(float(arg))
                continue
            pattern = re.compile(arg.encode(), re.M)
            deadline = time.monotonic() + TIMEOUT[accel]
            while True:
                m = pattern.search(out, pos)
                if m:
                    pos = m.end()
                    break
                left = deadline - time.monotonic()
                if left <= 0 or proc.poll() is not None:
                    problem = "no match for /%s/" % arg
                    break
                if sel.select(timeout=min(left, 0.2)):
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        problem = "QEMU exited before /%s/" % arg
                        break
                    out += chunk
            if problem:
                break
        if b"KERNEL PANIC" in out:
            problem = "kernel panic"
        proc.kill()
        proc.wait()
        result.record("tty/%s [%s]" % (name, accel), problem is None,
                      " (%.1fs)" % (time.monotonic() - start))
        if problem:
            os.makedirs(LOGS, exist_ok=True)
            path = os.path.join(LOGS, "tty-%s.log" % name)
            with open(path, "wb") as f:
                f.write(out)
            print("     " + problem)
            print("     serial log: %s" % os.path.relpath(path, TOP))
