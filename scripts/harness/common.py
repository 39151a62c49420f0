"""What every layer of the harness shares: where the tree and the build
are, QEMU's exit statuses and timeouts, which accelerators this machine
has, and Result, the tally of passed and failed tests.

Invariants: every path is absolute (layers run programs from other
folders); every test's verdict goes into the one Result, whose failures
list names each failed test once, in the order it failed.
"""
import os

# This file is scripts/harness/common.py; the tree is two folders up.
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The build directory: build/, or $MINOS_BUILD (make test passes BUILD,
# which is relative by default). Made absolute, as scripts/grade does: the
# labs run make and grade from inside a handout's folder.
BUILD = os.path.abspath(os.environ.get("MINOS_BUILD") or os.path.join(TOP, "build"))
LOGS = os.path.join(BUILD, "test-logs")
KERNEL = os.path.join(BUILD, "kernel.elf")
ISO = os.path.join(BUILD, "minos.iso")
INITRAMFS = os.path.join(BUILD, "initramfs.cpio")
QBOOT = "/usr/share/qemu/qboot.rom"
# The test suite runs its programs on one CPU (scripts/minos-run --smp's
# default is 2); the boot tests' smp= option asks for more. `make
# test-smp` sets MINOS_SMP=4: the whole suite on four CPUs, and the
# reference Linux then boots with as many (LINUX_REF_SMP), so that what
# depends on the count (/proc/cpuinfo, AT_HWCAP's HTT bit) agrees.
os.environ.setdefault("MINOS_SMP", "1")
os.environ.setdefault("LINUX_REF_SMP", os.environ["MINOS_SMP"])

# isa-debug-exit: QEMU exits with (value << 1) | 1 (kernel/power.h).
EXIT_SUCCESS, EXIT_FAILURE, EXIT_PANIC = 0x10 * 2 + 1, 0x11 * 2 + 1, 0x12 * 2 + 1

# Seconds a boot may take before it counts as hung (a hang detector, not
# a speed test): kvm-pvm touches memory far more slowly than TCG, and the
# GRUB path adds firmware and loader time. Under kvm-pvm the self-test
# boot alone took 33 to 55 s on a loaded machine, hence kvm's margin.
TIMEOUT = {"kvm": 150, "tcg": 60}
ISO_EXTRA = 30


def kvm_usable():
    """/dev/kvm opens read-write: the default run adds KVM to TCG."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
        os.close(fd)
        return True
    except OSError:
        return False


def kvm_is_pvm():
    """The kvm-pvm module (nested KVM without VMX/SVM) reports SMAP in CPUID
    but cannot execute STAC/CLAC, so boots under it use `nosmap`."""
    return os.path.isdir("/sys/module/kvm_pvm")


class Result:
    """The run's tally. record() prints one PASS or FAIL line per test; the
    unit layer adds a binary's counts itself (one test per function)."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def record(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS %s%s" % (name, detail), flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s%s" % (name, detail), flush=True)
