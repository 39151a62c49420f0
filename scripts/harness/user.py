"""The user programs: tests/user.tests, each program run inside MinOS
through scripts/minos-run and judged against the reference Linux's answer
(LinuxAnswers, harness/oracle.py) or an expected status and output; and
the two built-in program tests, user/rootfs-extra and user/exec-refusals.

Invariants: every program runs in MinOS before any is judged, so the
reference Linux's batch runs meanwhile; no program runs under kvm-pvm
(it cannot run ring 3); a passing test leaves no file in BUILD/test-logs
unless -v asks; every judged program is counted by the robustness report.
"""
import os
import shutil
import subprocess
import time

import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, TIMEOUT, TOP, kvm_is_pvm
from harness.robustness import robustness_note

class UserTest:
    """One line of tests/user.tests:
    name | program and arguments | stdin file in tests/, or - | linux [vm-only], or status=N [out=FILE]"""

    def __init__(self, line, lineno):
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 4:
            raise SystemExit("tests/user.tests:%d: need 4 fields" % lineno)
        self.name, command, self.stdin, expect = fields
        self.argv = command.split()
        words = expect.split()
        self.linux = words[0] == "linux"
        self.vm_only = self.linux and words[1:] == ["vm-only"]
        if self.linux and words[1:] not in ([], ["vm-only"]):
            raise SystemExit("tests/user.tests:%d: after linux, only vm-only may follow" % lineno)
        self.status = None
        self.out = None
        if not self.linux:
            opts = dict(o.split("=", 1) for o in expect.split())
            self.status = int(opts["status"])
            self.out = os.path.join(TOP, "tests", opts["out"]) if "out" in opts else None


def load_user_tests():
    tests = []
    with open(os.path.join(TOP, "tests", "user.tests")) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                tests.append(UserTest(line, n))
    return tests


def stdin_path(test):
    return None if test.stdin == "-" else os.path.join(TOP, "tests", test.stdin)


def stdin_for(test):
    return open(stdin_path(test) or os.devnull, "rb")


def user_specs(tests):
    """What the reference Linux must run for the "linux" tests."""
    deps, specs = linux_ref.system_programs(BUILD), []
    for t in tests:
        if t.linux:
            spec = linux_ref.Spec("user/" + t.name, t.argv, stdin=stdin_path(t), deps=deps)
            spec.vm_only = t.vm_only
            specs.append(spec)
    return specs


# The second pass (docs/smp.md): these tests run again on SMP_CPUS CPUs that
# all run tasks, labelled "[ACCEL smp4]"; the Linux answer is the same one.
SMP_PREFIXES = ("proc-", "pipe-", "sig-", "mu-sig-", "mu-thread-", "mu-futex-", "mu-smp-")
SMP_CPUS = 4


def smp_pass(test):
    return test.name.startswith(SMP_PREFIXES)


def smp_only(test):
    """NAME-4cpu: a test that means something only on four CPUs."""
    return test.name.endswith("-%dcpu" % SMP_CPUS)


def run_minos_program(test, accel, smp=False):
    """The program inside MinOS: (completed process, seconds, kernel log)."""
    tag = accel + ("-smp%d" % SMP_CPUS if smp else "")
    log = os.path.join(BUILD, "test-logs", "%s-%s.kernel.log" % (test.name, tag))
    os.makedirs(os.path.dirname(log), exist_ok=True)
    extra = ["--smp", str(SMP_CPUS)] if smp else []
    start = time.monotonic()
    with stdin_for(test) as stdin:
        proc = subprocess.run([os.path.join(TOP, "scripts", "minos-run"), "--accel", accel,
                               "--timeout", str(TIMEOUT[accel]), "--log", log] + extra +
                              test.argv, stdin=stdin, capture_output=True)
    return proc, time.monotonic() - start, log


def judge_user_test(test, accel, run, linux, result, verbose, smp=False):
    """Records user/NAME [ACCEL] (or [ACCEL smp4]); keeps its files in
    BUILD/test-logs when it fails (or with -v), and removes its kernel log
    otherwise."""
    proc, seconds, log = run
    name = "user/%s [%s%s]" % (test.name, accel, " smp%d" % SMP_CPUS if smp else "")
    problems = []
    want_out = None
    if test.linux:
        ref = linux.get("user/" + test.name)
        if ref is None:
            print("NOTE %s: not compared: vm-only, and LINUX_ORACLE=host would run it on "
                  "this machine" % name)
            os.remove(log)
            return
        if ref.problem():
            problems.append("no Linux answer: %s" % ref.problem())
            want_status = None
        else:
            want_status, want_out = ref.exit_code(), ref.stdout
    else:
        want_status = test.status
        want_out = open(test.out, "rb").read() if test.out else None
    if want_status is not None and proc.returncode != want_status:
        problems.append("exit status %d, expected %d" % (proc.returncode, want_status))
    if want_out is not None and proc.stdout != want_out:
        problems.append("standard output differs from the expected output")
    ok = not problems
    result.record(name, ok, " (%.1fs)" % seconds)
    robustness_note(test, proc.stdout, ok, proc.returncode == 125)
    if ok and not verbose:
        os.remove(log)
        return
    out_path = log.replace(".kernel.log", ".stdout")
    with open(out_path, "wb") as f:
        f.write(proc.stdout)
    for p in problems:
        print("     " + p)
    if want_out is not None and proc.stdout != want_out:
        exp_path = log.replace(".kernel.log", ".expected")
        with open(exp_path, "wb") as f:
            f.write(want_out)
        print("     expected: %s" % os.path.relpath(exp_path, TOP))
    if test.linux and ref.stderr:
        err_path = log.replace(".kernel.log", ".linux-stderr")
        with open(err_path, "wb") as f:
            f.write(ref.stderr)
        print("     Linux's standard error: %s" % os.path.relpath(err_path, TOP))
    print("     output:   %s" % os.path.relpath(out_path, TOP))
    print("     kernel log: %s" % os.path.relpath(log, TOP))


def run_user_tests(tests, accels, linux, result, verbose):
    """Every program inside MinOS first (the Linux batch runs meanwhile),
    then the judgements. When the whole suite already runs on SMP_CPUS
    CPUs or more (make test-smp), there is no second pass: each test runs
    once, the four-CPU-only ones included."""
    whole_smp = int(os.environ.get("MINOS_SMP") or 1) >= SMP_CPUS
    runs = []
    for test in tests:
        for accel in accels:
            if accel == "kvm" and kvm_is_pvm():
                continue
            if whole_smp or not smp_only(test):
                runs.append((test, accel, False, run_minos_program(test, accel)))
            if not whole_smp and (smp_pass(test) or smp_only(test)):
                runs.append((test, accel, True, run_minos_program(test, accel, smp=True)))
    for test, accel, smp, run in runs:
        judge_user_test(test, accel, run, linux, result, verbose, smp)


def run_rootfs_extra_test(result):
    """minos-run --rootfs-extra: a host folder's files join the image, and
    win over the image's own files of the same name."""
    extra = os.path.join(BUILD, "test-rootfs-extra")
    shutil.rmtree(extra, ignore_errors=True)
    os.makedirs(os.path.join(extra, "bin"))
    shutil.copy(os.path.join(BUILD, "user", "bin", "hello-asm"), os.path.join(extra, "bin", "extra-hello"))
    shutil.copy(os.path.join(BUILD, "user", "bin", "hello-asm"), os.path.join(extra, "bin", "cat"))
    ok = True
    for prog in ("/bin/extra-hello", "/bin/cat"):
        proc = subprocess.run([os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg",
                               "--rootfs-extra", extra, prog], stdin=subprocess.DEVNULL,
                              capture_output=True)
        if proc.returncode != 0 or proc.stdout != b"Hello, World!\n":
            ok = False
            print("     %s: status %d, output %r" % (prog, proc.returncode, proc.stdout[:80]))
    result.record("user/rootfs-extra [tcg]", ok)


def run_exec_refusal_test(result):
    """Files the program loader must refuse, each started as init through
    --rootfs-extra: the kernel logs the errno and minos-run exits 127."""
    extra = os.path.join(BUILD, "test-exec-refusals")
    shutil.rmtree(extra, ignore_errors=True)
    os.makedirs(os.path.join(extra, "bin", "a-directory"))
    hello = open(os.path.join(BUILD, "user", "bin", "hello"), "rb").read()
    cases = {
        # PT_INTERP names /lib64/ld-linux-x86-64.so.2, which the image
        # lacks: ENOENT, as Linux gives for a missing loader
        "dynamic": (open("/bin/true", "rb").read(), 0o755, -2),
        "truncated": (hello[:200], 0o755, -8),
        "text": (b"just some text\n", 0o755, -8),
        "not-executable": (hello, 0o644, -13),
    }
    for name, (data, mode, _) in cases.items():
        path = os.path.join(extra, "bin", name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
    cases["a-directory"] = (None, None, -13)
    cases["missing"] = (None, None, -2)
    ok = True
    for name, (_, _, err) in cases.items():
        log = os.path.join(extra, name + ".log")
        proc = subprocess.run([os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg",
                               "--log", log, "--rootfs-extra", extra, "/bin/" + name],
                              stdin=subprocess.DEVNULL, capture_output=True)
        text = open(log, errors="replace").read()
        if proc.returncode != 127 or ("error %d\n" % err) not in text:
            ok = False
            print("     /bin/%s: status %d, expected 127 and error %d in the log" %
                  (name, proc.returncode, err))
    result.record("user/exec-refusals [tcg]", ok)


def run_builtin_tests(result, only):
    """The two program tests that need files made at test time."""
    if not only or only in "rootfs-extra":
        run_rootfs_extra_test(result)
    if not only or only in "exec-refusals":
        run_exec_refusal_test(result)


def note_kvm_skipped(accels):
    """kvm-pvm cannot run ring 3: one line says the programs ran under TCG only."""
    if "kvm" in accels and kvm_is_pvm():
        print("NOTE user/* [kvm]: not run: this machine's KVM (kvm-pvm) cannot run a "
              "guest's ring-3 code (docs/testing.md); they ran under TCG")
