"""The boot tests: tests/boot.tests (kernel boots in QEMU, and gdb
sessions through scripts/debug) plus the self-describing tests/gdb/*.gdb
files no line names. It builds QEMU's command line, reads the serial log
as it comes, and decides a verdict from the log and the exit status.

Invariants: the verdict comes from the log and QEMU's exit status alone,
the first rule of verdict() that applies winning (docs/testing.md, section
2); a boot never outlives its timeout; the log of a failing test (or of
every test, with -v) is kept in BUILD/test-logs/NAME-ACCEL.log.
"""
import glob
import os
import re
import selectors
import shlex
import shutil
import socket
import subprocess
import sys
import time

from harness.common import (BUILD, EXIT_PANIC, EXIT_SUCCESS, INITRAMFS, ISO, ISO_EXTRA, KERNEL,
                            LOGS, QBOOT, TIMEOUT, TOP, kvm_is_pvm)
from harness.robustness import robustness_frames

class BootTest:
    """One line of tests/boot.tests:
    name | direct|iso|gdb | command line (gdb: the script) | expectation[: RE ; RE] [| options]"""

    def __init__(self, line, lineno):
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) < 4:
            raise SystemExit("tests/boot.tests:%d: need at least 4 fields" % lineno)
        self.name, self.boot, self.cmdline, expect = fields[:4]
        self.options = dict(o.split("=", 1) for o in (fields[4].split() if len(fields) > 4 else []))
        kind, _, patterns = expect.partition(":")
        self.expect = kind.strip()
        self.patterns = [p.strip() for p in patterns.split(" ; ") if p.strip()]
        if self.boot not in ("direct", "iso", "gdb"):
            raise SystemExit("tests/boot.tests:%d: boot must be direct, iso or gdb" % lineno)
        if self.expect not in ("ktest", "boot", "panic", "triple", "halted", "output"):
            raise SystemExit("tests/boot.tests:%d: unknown expectation %r" % (lineno, self.expect))


def load_boot_tests():
    tests = []
    with open(os.path.join(TOP, "tests", "boot.tests")) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                tests.append(BootTest(line, n))
    return tests


def iso_for_entry(entry):
    """A copy of the ISO whose GRUB menu boots entry N by default."""
    if entry == "0":
        return ISO
    path = os.path.join(BUILD, "test-iso-entry%s.iso" % entry)
    if os.path.exists(path) and os.path.getmtime(path) >= os.path.getmtime(ISO):
        return path
    tree = os.path.join(BUILD, "test-isodir-%s" % entry)
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(os.path.join(BUILD, "isodir"), tree)
    cfg = os.path.join(tree, "boot", "grub", "grub.cfg")
    text = open(cfg).read()
    text, n = re.subn(r"(?m)^set default=\d+$", "set default=%s" % entry, text)
    if n != 1:
        raise SystemExit("run-tests: grub.cfg has no 'set default=' line")
    open(cfg, "w").write(text)
    subprocess.run(["grub-mkrescue", "-o", path, tree], check=True, capture_output=True)
    return path


def qemu_command(test, accel):
    machine = "pc,accel=" + accel + (",acpi=off" if test.options.get("acpi") == "off" else "")
    cmd = ["qemu-system-x86_64", "-machine", machine, "-m", "256M",
           "-smp", test.options.get("smp", "1"),
           "-no-reboot", "-display", "none", "-monitor", "none", "-serial", "stdio",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    cpu = test.options.get("cpu")
    if not cpu:
        # -cpu host under KVM minus the MSR this machine's nested KVM refuses;
        # TCG's "max" model has SMEP, SMAP and NX, so they are tested too.
        cpu = "host,-arch-capabilities" if accel == "kvm" else "max"
    cmd += ["-cpu", cpu]
    if test.boot == "direct":
        if accel == "kvm" and os.path.exists(QBOOT):
            cmd += ["-bios", QBOOT]  # a much faster firmware for -kernel
        cmdline = test.cmdline
        if accel == "kvm" and kvm_is_pvm():
            cmdline += " nosmap"
        cmd += ["-kernel", KERNEL, "-append", cmdline]
        if test.options.get("initrd") == "yes":
            cmd += ["-initrd", INITRAMFS]
    else:
        cmd += ["-cdrom", iso_for_entry(test.options.get("entry", "0"))]
    cmd += network_options(test.options.get("net"))
    return cmd


def network_options(net):
    """The net= option: "user" gives the machine a virtio-net card on
    QEMU's user network (as scripts/minos-run --net does), "none" no card
    at all; without it QEMU adds its default card (an e1000, which MinOS
    does not drive)."""
    if net == "user":
        return ["-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0"]
    if net == "none":
        return ["-nic", "none"]
    if net is not None:
        raise SystemExit("tests/boot.tests: net=%s: use net=user or net=none" % net)
    return []


# QEMU prints this and pauses the guest when KVM cannot run an instruction.
HYPERVISOR_ERROR = "KVM internal error"

STOP_LINES = {
    "boot": re.compile(r"boot complete"),
    "halted": re.compile(r"system halted"),
}


def run_qemu(cmd, timeout, stop_re):
    """Runs QEMU, returns (log, exit status or None, timed_out)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    log = b""
    deadline = time.monotonic() + timeout
    timed_out = stopped = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if not sel.select(timeout=min(left, 0.5)):
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        log += chunk
        text = log.decode("utf-8", "replace")
        if (stop_re and stop_re.search(text)) or HYPERVISOR_ERROR in text:
            stopped = True
            break
    if proc.poll() is None:
        proc.kill()
    status = proc.wait()
    text = log.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    # Strip terminal escape sequences GRUB and the firmware print.
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1bc", "", text)
    return text, (None if stopped or timed_out else status), timed_out


def verdict(log, status, timed_out):
    """What happened, judged from the log and QEMU's exit status alone."""
    if HYPERVISOR_ERROR in log:
        return "hypervisor-error"
    if "KERNEL PANIC" in log:
        return "panic"
    if re.search(r"ktest: \d+ passed, \d+ failed", log):
        ok = re.search(r"ktest: [1-9]\d* passed, 0 failed", log) and "ktest: FAIL" not in log
        return "ktest" if ok and status == EXIT_SUCCESS else "ktest-failed"
    if "system halted" in log:
        return "halted"
    if "boot complete" in log and re.search(r"(?m)^MinOS ", log):
        return "boot"
    if timed_out:
        return "timeout"
    if status == 0:
        return "triple"  # -no-reboot turns the reset into a clean exit
    return "exit %s" % status


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_gdb_session(test, timeout):
    """scripts/debug in batch mode: QEMU + gdb stopped at kmain, then the
    commands of the file named in the command-line field."""
    cmd = [os.path.join(TOP, "scripts", "debug"), "--port", str(free_port()),
           "--batch", os.path.join(TOP, test.cmdline)] + getattr(test, "debug_args", [])
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        return proc.stdout + proc.stderr, proc.returncode, False
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return out, None, True


def load_gdb_files(boot_tests):
    """The gdb sessions described by their own file: each tests/gdb/*.gdb
    that tests/boot.tests does not name carries "# expect: RE" lines (the
    output must match every one) and may carry one "# debug: OPTIONS" line
    (more options for scripts/debug, such as --append)."""
    named = {t.cmdline for t in boot_tests if t.boot == "gdb"}
    tests = []
    for path in sorted(glob.glob(os.path.join(TOP, "tests", "gdb", "*.gdb"))):
        rel = os.path.relpath(path, TOP)
        if rel in named:
            continue
        test = BootTest("gdb-%s | gdb | %s | output" % (os.path.basename(path)[:-4], rel), 0)
        for line in open(path):
            m = re.match(r"# (expect|debug): (.*)$", line.rstrip("\n"))
            if m and m.group(1) == "expect":
                test.patterns.append(m.group(2))
            elif m:
                test.debug_args = shlex.split(m.group(2))
        if not test.patterns:
            raise SystemExit("%s: no '# expect:' lines, and tests/boot.tests does not name it" % rel)
        tests.append(test)
    return tests


def run_boot_test(test, accel, result, verbose):
    """One boot (or gdb session) under one accelerator, judged and recorded."""
    name = "%s/%s [%s]" % ("gdb" if test.boot == "gdb" else "boot", test.name, accel)
    timeout = TIMEOUT[accel] + (ISO_EXTRA if test.boot == "iso" else 0)
    start = time.monotonic()
    if test.boot == "gdb":
        log, status, timed_out = run_gdb_session(test, timeout)
        got = "timeout" if timed_out else ("output" if status == 0 else "exit %s" % status)
    else:
        log, status, timed_out = run_qemu(qemu_command(test, accel), timeout,
                                          STOP_LINES.get(test.expect))
        got = verdict(log, status, timed_out)
    seconds = time.monotonic() - start
    problems = []
    if got != test.expect:
        problems.append("verdict %s, expected %s" % (got, test.expect))
    if test.expect == "panic" and status != EXIT_PANIC:
        problems.append("QEMU exit status %s, expected %d (panic exit)" % (status, EXIT_PANIC))
    for pattern in test.patterns:
        if not re.search(pattern, log, re.M):
            problems.append("log does not match /%s/" % pattern)
    ok = not problems
    result.record(name, ok, " (%.1fs)" % seconds)
    if test.boot != "gdb":
        robustness_frames(log, ok, got == "panic" and test.expect != "panic")
    if not ok or verbose:
        os.makedirs(LOGS, exist_ok=True)
        path = os.path.join(LOGS, re.sub(r"[^A-Za-z0-9_.-]+", "_", "%s-%s" % (test.name, accel)) + ".log")
        with open(path, "w") as f:
            f.write(log)
        for p in problems:
            print("     " + p)
        print("     serial log: %s" % os.path.relpath(path, TOP))
        if verbose:
            sys.stdout.write(log)


def run_boot_tests(tests, accels, asked_accel, result, only, verbose):
    """Every boot and gdb test, each under the accelerators it may use:
    accels, or the one --accel asked for (asked_accel, else None)."""
    for test in tests:
        if only and only not in test.name:
            continue
        # GRUB runs in real mode, which is very slow under nested KVM, so
        # ISO boots use TCG unless KVM is asked for (docs/testing.md).
        if test.boot == "iso":
            test_accels = [asked_accel or "tcg"]
        elif test.boot == "gdb":
            test_accels = ["tcg"]  # scripts/debug runs QEMU under TCG
        else:
            test_accels = accels
        if "accel" in test.options:
            test_accels = [a for a in test_accels if a == test.options["accel"]] or \
                ([test.options["accel"]] if not asked_accel else [])
        for accel in test_accels:
            if accel == "kvm" and kvm_is_pvm() and (test.options.get("pvm") == "no" or
                                                      test.boot == "iso"):
                print("NOTE boot/%s [kvm]: not run: this machine's KVM (kvm-pvm) cannot "
                      "emulate an instruction it needs (docs/testing.md)" % test.name)
                continue
            run_boot_test(test, accel, result, verbose)
