#!/usr/bin/env python3
"""linux-ref - the reference Linux: Debian 12's Linux 6.1 booted in QEMU,
the oracle that every Linux-compared test and `make bench` hold MinOS to.

Usage: scripts/linux-ref [options] [--] PROGRAM [ARGS...]
       scripts/linux-ref --version

Runs PROGRAM, a path in MinOS's image (build/rootfs) such as /bin/hello,
on the reference Linux, the way scripts/minos-run runs it on MinOS: its
standard output here, its exit status as ours (128+N when signal N killed
it, 124 on timeout, 125 when the reference Linux itself failed, with a
one-line reason on standard error). Standard input is passed as a file.
--version prints the kernel in use, fetching it first if needed.

The kernel is the versioned image package behind Debian's
linux-image-amd64, fetched with `apt-get download` and unpacked with
dpkg-deb under BUILD/linux-ref/ (nothing is installed). The machine is
QEMU's, like MinOS's: 256 MiB, one CPU, TCG with `-cpu max` (KVM where it
runs a normal guest). Its root file system is an initramfs written here:
MinOS's image (build/rootfs, so every program has the same path on both),
Debian's strace and dash with their shared libraries under /usr/bin, the
batch, and /init (tests/linux-ref/init.c), which runs the batch and reports
each test on the second serial port.

As a module (scripts/run-tests, scripts/grade and scripts/bench import it
as linux_ref; scripts/linux-ref is this file): Spec describes
one run, results() gives each Spec's Result from the cache
(BUILD/linux-ref/results/, keyed by the hash of everything the run depends
on: the kernel's version, the machine, the init, the program and the files
named, its arguments, input and environment) and runs every missing one in
as few boots as the files allow (batches()). host_results() runs the same
Specs on this machine's kernel instead (LINUX_ORACLE=host: a second
opinion, never the default).

Options:
  --timeout S     seconds the program may run (default 60)
  --accel kvm|tcg|auto   (default auto: KVM only where it runs a normal guest)
  --icount        TCG with -icount shift=0: the TSC counts instructions
  --log FILE      the reference Linux's console log
  --append ARGS   more kernel command line (loglevel=7 shows every message)
  --kernel FILE   boot this kernel instead of Debian's (its results are not
                  cached under the reference kernel's name)
  --host          run on this machine's kernel instead (a second opinion)
  --no-cache      run even when a result is cached
"""
import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("MINOS_BUILD") or os.path.join(TOP, "build")
INIT_SRC = os.path.join(TOP, "tests", "linux-ref", "init.c")
META_PACKAGE = "linux-image-amd64"
# The image's environment for its first process (kernel/proc/task.c).
MINOS_ENV = ["HOME=/", "PATH=/bin", "TERM=linux"]
# Debian's programs the tests run inside the reference Linux, and where.
HOST_TOOLS = {"/usr/bin/strace": "strace", "/usr/bin/dash": "dash"}
BATCHING = "one boot per set of extra files outside /tests/"
MEM = "256M"
BOOT_SECONDS = 120  # from QEMU's start to the init's first report
SLACK_SECONDS = 30  # beyond a test's own timeout, before the VM counts as hung
RECORD_RE = re.compile(rb"@@oracle (\S+) (\S+) (\d+)\n")


class OracleError(Exception):
    """The reference Linux could not give an answer; str() is one line."""


def home(build=BUILD):
    """Where the kernels, the init, the cache and the last run's files are
    kept: $LINUX_REF_HOME, or BUILD/linux-ref. Trees may share one (a lab
    handout shares its parent's): every name in it is content-addressed."""
    path = os.environ.get("LINUX_REF_HOME") or os.path.join(build, "linux-ref")
    os.makedirs(path, exist_ok=True)
    return path


# ---------------------------------------------------------------------------
# The kernel.
def run_quiet(cmd, **kw):
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)


def last_line(text):
    lines = [l for l in (text or "").strip().splitlines() if l.strip()]
    return lines[-1].strip() if lines else "no message"


def apt(cmd, cwd=None):
    """apt-get or apt-cache, as root or through sudo, without its sandbox
    user (the download lands in a folder of ours)."""
    sudo = [] if os.geteuid() == 0 or not shutil.which("sudo") else ["sudo"]
    return run_quiet(sudo + cmd + ["-o", "APT::Sandbox::User=root"], cwd=cwd)


class Kernel:
    def __init__(self, vmlinuz, package=None, version=None):
        self.vmlinuz = vmlinuz
        self.package = package      # linux-image-6.1.0-57-amd64; None: given by --kernel
        self.version = version      # 6.1.192-3

    def describe(self):
        if not self.package:
            return "the kernel %s (given with --kernel)" % self.vmlinuz
        return "Debian 12 %s %s (Linux %s)" % (self.package, self.version,
                                              self.package[len("linux-image-"):])


def kernel_package():
    """The versioned package linux-image-amd64 depends on, asking apt for
    fresh lists once if it does not know."""
    for attempt in range(2):
        proc = apt(["apt-cache", "depends", META_PACKAGE])
        m = re.search(r"Depends: (linux-image-\S+)", proc.stdout)
        if m:
            return m.group(1)
        if attempt == 0:
            up = apt(["apt-get", "update", "-q"])
            if up.returncode != 0:
                raise OracleError("apt-get update failed: %s" % last_line(up.stderr))
    raise OracleError("apt-cache does not know %s: %s" % (META_PACKAGE, last_line(proc.stderr)))


def unpacked(folder):
    """The kernel already unpacked in folder, or None."""
    try:
        meta = json.load(open(os.path.join(folder, "kernel.json")))
    except (OSError, ValueError):
        return None
    path = os.path.join(folder, meta["vmlinuz"])
    return Kernel(path, meta["package"], meta["version"]) if os.path.exists(path) else None


def fetch_kernel(build=BUILD, log=None):
    """The reference kernel under build/linux-ref/kernel/, downloaded and
    unpacked when missing. Without apt's answer (no network, no lists) the
    last unpacked kernel is used, if any."""
    top = os.path.join(home(build), "kernel")
    try:
        package = kernel_package()
    except OracleError as e:
        have = unpacked(os.path.join(top, "current"))
        if have:
            return have
        raise
    folder = os.path.join(top, package)
    have = unpacked(folder)
    if have:
        point_link(top, "current", package)
        return have
    os.makedirs(folder, exist_ok=True)
    if log:
        log("linux-ref: fetching %s with apt-get download" % package)
    for attempt in range(2):
        proc = apt(["apt-get", "download", "-q", "-o", "Acquire::Retries=0", package],
                   cwd=folder)
        debs = [f for f in os.listdir(folder) if f.endswith(".deb")]
        if proc.returncode == 0 and debs:
            break
        # Stale lists name a file the mirror no longer has: refresh them
        # once. A mirror out of reach is not helped by that.
        if attempt == 0 and re.search(r"\b404\b|Unable to locate|Hash Sum", proc.stderr):
            apt(["apt-get", "update", "-q"])
            continue
        raise OracleError("apt-get download %s failed: %s" % (package, last_line(proc.stderr)))
    deb = os.path.join(folder, debs[0])
    version = run_quiet(["dpkg-deb", "-f", deb, "Version"]).stdout.strip()
    listing = run_quiet(["dpkg-deb", "-c", deb]).stdout
    m = re.search(r"(\./boot/vmlinuz-\S+)", listing)
    if not m:
        raise OracleError("%s holds no boot/vmlinuz-*" % os.path.basename(deb))
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    x = subprocess.run(["tar", "-x", "-C", folder, m.group(1)], stdin=tar.stdout,
                       capture_output=True, text=True)
    tar.wait()
    if x.returncode != 0 or tar.returncode != 0:
        raise OracleError("unpacking %s failed: %s" % (os.path.basename(deb), last_line(x.stderr)))
    os.remove(deb)  # 70 MB; the kernel is all we keep
    with open(os.path.join(folder, "kernel.json"), "w") as f:
        json.dump({"package": package, "version": version, "vmlinuz": m.group(1)}, f)
    point_link(top, "current", package)
    return unpacked(folder)


def point_link(top, name, folder):
    """Make top/name a symbolic link to folder, replaced in one step."""
    link = os.path.join(top, name)
    if os.path.islink(link) and os.readlink(link) == folder:
        return
    tmp = link + ".new"
    if os.path.lexists(tmp):
        os.remove(tmp)
    os.symlink(folder, tmp)
    os.replace(tmp, link)


# ---------------------------------------------------------------------------
# The init and the host tools.
def build_init(build=BUILD):
    """tests/linux-ref/init.c, static (musl), entered at its RDTSC; named
    by its source's hash, as trees may share one home."""
    out = os.path.join(home(build), "init-" + file_hash(INIT_SRC)[:16])
    if os.path.exists(out):
        return out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cc = shutil.which("musl-gcc")
    if not cc:
        raise OracleError("musl-gcc is missing (Debian's musl-tools; scripts/install-deps)")
    proc = run_quiet([cc, "-static", "-O2", "-Wall", "-Wextra", "-Werror",
                      "-Wl,-e,oracle_entry", "-o", out + ".tmp", INIT_SRC])
    if proc.returncode != 0:
        raise OracleError("building the init failed: %s" % last_line(proc.stderr))
    os.replace(out + ".tmp", out)
    return out


def tool_files(image_path):
    """{image path: host path} for one of HOST_TOOLS and the shared
    libraries ldd lists for it (copied under the same paths)."""
    host = shutil.which(HOST_TOOLS[image_path])
    if not host:
        raise OracleError("%s is missing on this machine (scripts/install-deps installs it)"
                          % HOST_TOOLS[image_path])
    files = {image_path: os.path.realpath(host)}
    out = run_quiet(["ldd", host]).stdout
    for m in re.finditer(r"(?m)^\s*(?:\S+ => )?(/\S+) \(0x", out):
        files[m.group(1)] = os.path.realpath(m.group(1))
    return files


def file_hash(path, cache={}):
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    if key not in cache:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        cache[key] = h.hexdigest()
    return cache[key]


# ---------------------------------------------------------------------------
# newc cpio (the initramfs format Linux unpacks).
def _cpio_entry(out, name, mode, data=b"", ino=[1]):
    name_b = name.encode() + b"\0"
    ino[0] += 1
    fields = (ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0)
    out.write(b"070701" + b"".join(b"%08X" % v for v in fields) + name_b)
    out.write(b"\0" * (-(110 + len(name_b)) % 4))
    out.write(data)
    out.write(b"\0" * (-len(data) % 4))


def write_initramfs(path, files, trees):
    """files: {image path: host path or bytes}; trees: host folders whose
    contents become the image's root. Directories are made as needed."""
    entries, dirs = {}, set()
    for tree in trees:
        for root, _, names in os.walk(tree):
            for n in names:
                host = os.path.join(root, n)
                entries["/" + os.path.relpath(host, tree)] = host
    entries.update(files)
    for name in entries:
        parent = os.path.dirname(name)
        while parent not in ("/", ""):
            dirs.add(parent)
            parent = os.path.dirname(parent)
    dirs.update(["/dev", "/proc", "/sys", "/tmp", "/oracle"])
    with open(path, "wb") as out:
        for d in sorted(dirs):
            _cpio_entry(out, d[1:], 0o40777 if d == "/tmp" else 0o40755)
        for name in sorted(entries):
            src = entries[name]
            if isinstance(src, bytes):
                data, mode = src, 0o100644
            else:
                data, mode = open(src, "rb").read(), os.stat(src).st_mode
            _cpio_entry(out, name[1:], mode, data)
        _cpio_entry(out, "TRAILER!!!", 0)


# ---------------------------------------------------------------------------
# Runs and their results.
class Spec:
    """One run: argv[0] is a path in the image. stdin is a host file (None:
    /dev/null); stdout an image path (None: captured); env None means
    MinOS's; collect names files whose contents
    come back; files maps extra image paths to host files; deps are host
    files the result also depends on (the programs it may start)."""

    def __init__(self, name, argv, stdin=None, env=None, timeout=60, collect=(), files=None,
                 deps=(), stdout=None):
        self.name, self.argv, self.stdin, self.env = name, list(argv), stdin, env
        self.stdout = stdout
        self.timeout, self.collect = timeout, list(collect)
        self.files = dict(files or {})
        self.deps = list(deps)

    def key(self, machine, image):
        """The cache key: everything the run depends on."""
        h = hashlib.sha256()
        # BATCHING names how runs share a boot: results from boots that
        # mixed other specs' files in are not reused.
        parts = [BATCHING, machine, self.argv, self.env or MINOS_ENV, self.timeout, self.collect,
                 self.stdout,
                 file_hash(self.stdin) if self.stdin else None,
                 sorted((p, file_hash(f)) for p, f in self.files.items()),
                 sorted(file_hash(d) for d in self.deps)]
        prog = self.argv[0]
        parts.append(file_hash(image[prog]) if prog in image else prog)
        h.update(json.dumps(parts, sort_keys=True).encode())
        return h.hexdigest()[:32]


class Result:
    def __init__(self, status="error no result", stdout=b"", stderr=b"", files=None,
                 seconds=None, cached=False):
        self.status, self.stdout, self.stderr = status, stdout, stderr
        self.files = files or {}
        self.seconds, self.cached = seconds, cached

    def exit_code(self):
        """The status as a shell gives it: N, or 128+N for signal N."""
        kind, _, n = self.status.partition(" ")
        if kind == "exit":
            return int(n)
        if kind == "signal":
            return 128 + int(n)
        return None

    def problem(self):
        """None, or why this is no answer (timeout, error)."""
        if self.exit_code() is not None:
            return None
        kind, _, rest = self.status.partition(" ")
        if kind == "timeout":
            return "timed out after %s s inside the reference Linux" % rest
        return rest or self.status

    def to_json(self):
        b64 = lambda b: base64.b64encode(b).decode()
        return {"status": self.status, "stdout": b64(self.stdout), "stderr": b64(self.stderr),
                "files": {k: b64(v) for k, v in self.files.items()}, "seconds": self.seconds}

    @staticmethod
    def from_json(d):
        unb = base64.b64decode
        return Result(d["status"], unb(d["stdout"]), unb(d["stderr"]),
                      {k: unb(v) for k, v in d["files"].items()}, d["seconds"], cached=True)


def kvm_runs_normal_guest():
    """A /dev/kvm that runs an ordinary Linux guest: not kvm-pvm, whose
    guests must be built for it (docs/testing.md, "kvm-pvm")."""
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError:
        return False
    return not os.path.isdir("/sys/module/kvm_pvm")


# Instructions retired (make bench): TCG's TSC follows QEMU's virtual
# clock, one per instruction with shift=0; sleep=off skips idle time
# instead of letting the host's clock run into it, the RTC follows the
# same clock from a fixed date, and the CPU has no RDRAND/RDSEED, so the
# only entropy is the TSC: every count, boots included, is the same from
# run to run (docs/benchmarks.md, section 3).
ICOUNT_CPU = "max,la57=off,rdrand=off,rdseed=off"
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off", "-rtc", "base=2026-01-01T00:00:00,clock=vm"]


def machine_of(accel, icount):
    if accel == "auto":
        accel = "kvm" if kvm_runs_normal_guest() and not icount else "tcg"
    if icount and accel != "tcg":
        raise OracleError("-icount needs TCG")
    # TCG's "max" model, less 5-level paging: with LA57 Linux would give
    # programs a 56-bit address space, where MinOS's (and most machines')
    # is 47-bit.
    cpu = "host,-arch-capabilities" if accel == "kvm" else "max,la57=off"
    # One CPU, unless LINUX_REF_SMP says (the test suite on four CPUs);
    # the count is part of the machine, hence of every cached answer's key.
    cpus = str(max(1, int(os.environ.get("LINUX_REF_SMP") or 1)))
    args = ["-machine", "pc,accel=" + accel, "-cpu", cpu, "-m", MEM, "-smp", cpus]
    if icount:
        args = ["-machine", "pc,accel=tcg", "-cpu", ICOUNT_CPU, "-m", MEM, "-smp", "1"] + \
            ICOUNT_ARGS
    return accel, args


def system_programs(build=BUILD):
    """The image's programs from user/bin: any program may start them (a
    shell, /bin/true), so every answer depends on them too."""
    folder = os.path.join(TOP, "user", "bin")
    names = {os.path.splitext(f)[0] for f in os.listdir(folder)
             if f.endswith((".c", ".asm")) or os.path.isdir(os.path.join(folder, f))}
    return [os.path.join(build, "rootfs", "bin", n) for n in sorted(names)]


def image_of(build):
    """{image path: host path} of MinOS's image (build/rootfs)."""
    rootfs = os.path.join(build, "rootfs")
    if not os.path.isdir(rootfs):
        raise OracleError("%s is missing: run `make` first" % rootfs)
    image = {}
    for root, _, names in os.walk(rootfs):
        for n in names:
            host = os.path.join(root, n)
            image["/" + os.path.relpath(host, rootfs)] = host
    return image


class Reports:
    """The init's reports as they arrive in the second serial port's file:
    results per test index, the first TSC, and whether the batch is done."""

    def __init__(self, path):
        self.path, self.buf, self.offset = path, b"", 0
        self.results, self.partial = {}, {}
        self.first_tsc, self.done, self.init_error, self.count = None, False, None, 0

    def poll(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            new = f.read()
        self.offset += len(new)
        self.buf += new
        while True:
            m = RECORD_RE.match(self.buf)
            if not m:
                # Anything before a header is noise; keep a partial header.
                cut = self.buf.find(b"@@oracle ", 1)
                if cut > 0 and not RECORD_RE.match(self.buf):
                    self.buf = self.buf[cut:]
                    continue
                return
            start, n = m.end(), int(m.group(3))
            if len(self.buf) < start + n + 1:
                return
            self._take(m.group(1).decode(), m.group(2).decode(), self.buf[start:start + n])
            self.buf = self.buf[start + n + 1:]
            self.count += 1

    def _take(self, ident, field, value):
        if ident == "-":
            if field == "first-tsc":
                self.first_tsc = int(value)
            elif field == "done":
                self.done = True
            elif field == "status":
                self.init_error = value.decode(errors="replace")
            return
        r = self.partial.setdefault(int(ident), Result())
        if field in ("stdout", "stderr"):
            setattr(r, field, value)
        elif field.startswith("file:"):
            r.files[field[5:]] = value
        elif field == "status":
            r.status = value.decode(errors="replace")
        elif field == "seconds":  # the last field of a test
            r.seconds = float(value)
            self.results[int(ident)] = self.partial.pop(int(ident))


def batch_files(specs, init):
    """The batch file and every file the initramfs needs beyond the image."""
    files, lines = {"/init": init}, []
    for tool in HOST_TOOLS:
        if any(tool in s.argv for s in specs):
            files.update(tool_files(tool))
    for i, s in enumerate(specs):
        lines.append("test %d" % i)
        lines += ["arg " + a for a in s.argv]
        lines += ["env " + e for e in (s.env or [])]
        if s.stdin:
            files["/oracle/in/%d" % i] = s.stdin
            lines.append("stdin /oracle/in/%d" % i)
        if s.stdout:
            lines.append("stdout " + s.stdout)
        lines.append("timeout %d" % s.timeout)
        lines += ["collect " + c for c in s.collect]
        lines.append("run")
        files.update(s.files)
    files["/oracle/batch"] = ("\n".join(lines) + "\n").encode()
    for name, src in files.items():
        if not isinstance(src, bytes) and not os.path.exists(src):
            raise OracleError("%s (for %s) is missing" % (src, name))
    return files


def qemu_command(vmlinuz, initramfs, qemu_args, console, data, kernel_args=""):
    return ["qemu-system-x86_64"] + qemu_args + [
        "-no-reboot", "-display", "none", "-monitor", "none", "-nic", "none",
        "-serial", "file:" + console, "-serial", "file:" + data,
        "-kernel", vmlinuz, "-initrd", initramfs,
        "-append", ("console=ttyS0 quiet panic=-1 rdinit=/init " + kernel_args).strip()]


PROBE_SRC = os.path.join(TOP, "tests", "linux-ref", "entry-probe.asm")
SETUP_ENTRY = 0x200  # the boot protocol's entry: a short jmp over the header


def kernel_entry_tsc(kernel, initramfs, qemu_args, work, kernel_args=""):
    """The TSC at the kernel's first instructions in a boot exactly like
    boot()'s: a copy of the bzImage whose setup code starts with
    tests/linux-ref/entry-probe.asm, booted with the same command."""
    probe_bin = os.path.join(work, "entry-probe.bin")
    proc = run_quiet(["nasm", "-f", "bin", "-o", probe_bin, PROBE_SRC])
    if proc.returncode != 0:
        raise OracleError("nasm %s: %s" % (PROBE_SRC, last_line(proc.stderr)))
    image = bytearray(open(kernel.vmlinuz, "rb").read())
    if image[SETUP_ENTRY] != 0xEB or image[SETUP_ENTRY + 2:SETUP_ENTRY + 6] != b"HdrS":
        raise OracleError("%s: no boot-protocol jmp at 0x200" % kernel.vmlinuz)
    target = SETUP_ENTRY + 2 + int.from_bytes(image[SETUP_ENTRY + 1:SETUP_ENTRY + 2], "little",
                                              signed=True)
    code = open(probe_bin, "rb").read()
    image[target:target + len(code)] = code
    patched = os.path.join(work, "vmlinuz-entry-probe")
    with open(patched, "wb") as f:
        f.write(image)
    console, data = os.path.join(work, "probe-console.log"), os.path.join(work, "probe.bin")
    cmd = qemu_command(patched, initramfs, qemu_args, console, data, kernel_args)
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline, found = time.monotonic() + BOOT_SECONDS, None
    while found is None and time.monotonic() < deadline and qemu.poll() is None:
        time.sleep(0.05)
        text = open(console, errors="replace").read() if os.path.exists(console) else ""
        m = re.search(r"@@entry-tsc ([0-9a-f]{16})\n", text)
        found = int(m.group(1), 16) if m else None
    if qemu.poll() is None:
        qemu.kill()
    qemu.wait()
    if found is None:
        raise OracleError("the entry probe printed no TSC (console: %s)" % console)
    return found


def boot(kernel, initramfs, qemu_args, work, specs, kernel_args=""):
    """One boot of the reference Linux running specs in order. Returns the
    Reports and a problem: None, or one line saying why the batch ended
    early (the specs without a result fail with it). A watchdog gives the
    boot BOOT_SECONDS to reach the init, then each test its timeout plus
    SLACK_SECONDS, so a hung machine costs one test's time, not a hang."""
    console, data = os.path.join(work, "console.log"), os.path.join(work, "reports.bin")
    open(data, "wb").close()
    cmd = qemu_command(kernel.vmlinuz, initramfs, qemu_args, console, data, kernel_args)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    reports, problem = Reports(data), None
    seen, deadline = -1, None
    while True:
        exited = proc.poll() is not None
        reports.poll()
        if reports.done or exited:
            break
        if reports.offset != seen:  # progress: a new allowance
            seen = reports.offset
            nxt = len(reports.results)
            if reports.first_tsc is None:
                allowance = BOOT_SECONDS
            elif nxt < len(specs):
                allowance = specs[nxt].timeout + SLACK_SECONDS
            else:
                allowance = SLACK_SECONDS
            deadline = time.monotonic() + allowance
        if time.monotonic() > deadline:
            nxt = len(reports.results)
            if reports.first_tsc is None:
                problem = "the reference Linux did not reach its init within %d s" % BOOT_SECONDS
            else:
                problem = "the reference Linux stopped answering during %s" % (
                    specs[nxt].name if nxt < len(specs) else "its power-off")
            break
        time.sleep(0.1)
    if proc.poll() is None:
        proc.kill()
    qemu_out = proc.communicate()[0].decode(errors="replace")
    if reports.init_error and not problem:
        problem = "the reference Linux's init: %s" % reports.init_error
    if not reports.done and not problem:
        text = open(console, errors="replace").read() if os.path.exists(console) else ""
        m = re.search(r"Kernel panic - not syncing: [^\n]*", text)
        nxt = len(reports.results)
        if m:
            problem = "the reference Linux panicked: %s" % m.group(0).strip()
        elif proc.returncode != 0 and qemu_out.strip():
            problem = "QEMU failed: %s" % last_line(qemu_out)
        elif reports.first_tsc is None:
            problem = "the reference Linux stopped before its init reported"
        else:
            problem = "the reference Linux stopped during %s" % (
                specs[nxt].name if nxt < len(specs) else "the batch")
    return reports, problem


# What one boot's extra files may weigh: the reference Linux unpacks its
# initramfs into RAM (256 MiB) while the archive is still there, so a
# batch of Debian packages beyond this fails with "Initramfs unpacking
# failed: write error" and its programs are missing. Bigger batches are
# run in several boots.
BATCH_BYTES_MAX = 48 << 20


def batches(specs):
    """specs in order, cut into runs whose distinct extra files stay under
    BATCH_BYTES_MAX (a single spec above it still runs alone)."""
    out, part, seen, size = [], [], set(), 0
    for s in specs:
        new = {src for src in s.files.values() if not isinstance(src, bytes)} - seen
        more = sum(os.path.getsize(f) for f in new if os.path.exists(f))
        if part and size + more > BATCH_BYTES_MAX:
            out.append(part)
            part, seen, size = [], set(), 0
            new = {src for src in s.files.values() if not isinstance(src, bytes)}
            more = sum(os.path.getsize(f) for f in new if os.path.exists(f))
        part.append(s)
        seen |= new
        size += more
    if part:
        out.append(part)
    return out


class Oracle:
    """The reference Linux as the tests and the benchmark use it."""

    def __init__(self, build=BUILD, accel="auto", icount=False, kernel_args="", log=None,
                 vmlinuz=None):
        self.build, self.icount, self.kernel_args = build, icount, kernel_args
        self.log = log or (lambda msg: None)
        self.accel, self.qemu_args = machine_of(accel, icount)
        self.kernel = Kernel(vmlinuz) if vmlinuz else None
        self.summary = ""

    def describe(self):
        what = self.kernel.describe() if self.kernel else "Debian 12's Linux 6.1"
        return "%s in QEMU (%s%s)" % (what, self.accel.upper(),
                                      ", -icount shift=0" if self.icount else "")

    def prepare(self):
        """The kernel and the init; raises OracleError."""
        if not self.kernel:
            self.kernel = fetch_kernel(self.build, self.log)
        return build_init(self.build)

    def machine(self):
        return " ".join(self.qemu_args + [self.kernel.package or "-", self.kernel.version or "-",
                                          file_hash(self.kernel.vmlinuz), self.kernel_args,
                                          file_hash(INIT_SRC)])

    def results(self, specs, use_cache=True, first_tsc=None):
        """{spec name: Result} for every spec; what the cache lacks runs in
        one boot, or several when its files are too big for one (batches()). When the reference Linux cannot answer, the Results say
        why (status "error ..."). first_tsc, a list, receives two TSCs when
        a boot happens: the init's first instruction, and the kernel's
        first (a second boot, kernel_entry_tsc())."""
        start = time.monotonic()
        try:
            init = self.prepare()
            image = image_of(self.build)
            machine = self.machine()
            keys = {s.name: s.key(machine, image) for s in specs}
        except OracleError as e:
            self.summary = "unavailable: %s" % e
            return {s.name: Result("error reference Linux unavailable: %s" % e) for s in specs}
        cache = os.path.join(home(self.build), "results")
        os.makedirs(cache, exist_ok=True)
        out, todo = {}, []
        for s in specs:
            path = os.path.join(cache, keys[s.name] + ".json")
            if use_cache and os.path.exists(path):
                try:
                    out[s.name] = Result.from_json(json.load(open(path)))
                    continue
                except (OSError, ValueError, KeyError):
                    pass
            todo.append(s)
        cached = len(out)
        # Specs that bring files of their own outside /tests/ (a Debian
        # package's) boot apart, one set of such files a boot: they would
        # otherwise show in every other test's file system (its /etc, its
        # /bin, its libraries), which MinOS, booted per test, never sees.
        # Files under /tests/ (a shell test's script) are the test's own.
        # A group too big for one boot is cut further (batches()).
        groups = {}
        for s in todo:
            own = tuple(sorted((p, f) for p, f in s.files.items() if not p.startswith("/tests/")))
            groups.setdefault(own, []).append(s)
        boots = [part for group in groups.values() for part in batches(group)]
        for part in boots:
            self._boot(part, init, keys, cache, out, first_tsc)
            first_tsc = None  # only the first boot's
        self.summary = "%s: %d result(s) cached, %d run in %s (%.1f s)" % (
            self.describe(), cached, len(todo),
            "%d boots" % len(boots) if len(boots) > 1 else "one boot" if todo else "no boot",
            time.monotonic() - start)
        return out

    def _boot(self, todo, init, keys, cache, out, first_tsc):
        """Runs the specs todo in one boot and fills out (and the cache)."""
        work = tempfile.mkdtemp(prefix="run.", dir=home(self.build))
        self.log("linux-ref: %d run(s) in one boot of %s" % (len(todo), self.describe()))
        try:
            cpio = os.path.join(work, "initramfs.cpio")
            write_initramfs(cpio, batch_files(todo, init), [os.path.join(self.build, "rootfs")])
            reports, problem = boot(self.kernel, cpio, self.qemu_args, work, todo,
                                    self.kernel_args)
        except OracleError as e:
            reports, problem = None, str(e)
        if first_tsc is not None and reports and reports.first_tsc is not None:
            first_tsc.append(reports.first_tsc)
            first_tsc.append(kernel_entry_tsc(self.kernel, cpio, self.qemu_args, work,
                                              self.kernel_args))
        for i, s in enumerate(todo):
            r = reports.results.get(i) if reports else None
            if r is None:
                out[s.name] = Result("error " + (problem or "no result"))
                continue
            out[s.name] = r
            if r.problem() is None:  # timeouts and errors are tried again next time
                with open(os.path.join(cache, keys[s.name] + ".json"), "w") as f:
                    json.dump(r.to_json(), f)
        last = os.path.join(home(self.build), "last-run")  # kept for a look
        shutil.rmtree(last, ignore_errors=True)
        os.replace(work, last)
        if problem:
            self.log("linux-ref: %s (console log: %s)" % (
                problem, os.path.relpath(os.path.join(last, "console.log"))))


class HostOracle:
    """The same Specs on this machine's own kernel (LINUX_ORACLE=host): a
    second opinion. Image paths become host paths: /bin/NAME the built
    program, the tools the host's, extra files their host copies."""

    def __init__(self, build=BUILD, log=None):
        self.build = build
        self.summary = ""

    def describe(self):
        return "this host's Linux %s (LINUX_ORACLE=host)" % os.uname().release

    def results(self, specs, use_cache=True, first_tsc=None):
        image = image_of(self.build)
        out = {}
        for s in specs:
            with tempfile.TemporaryDirectory(prefix="linux-ref-host.") as work:
                where = dict(image)
                where.update(s.files)
                for tool, name in HOST_TOOLS.items():
                    where[tool] = shutil.which(name) or tool
                for c in s.collect:
                    where[c] = os.path.join(work, os.path.basename(c))
                argv = [where.get(a, a) for a in s.argv]
                env = dict(e.split("=", 1) for e in (s.env or MINOS_ENV))
                start = time.monotonic()
                try:
                    with open(s.stdin or os.devnull, "rb") as stdin, \
                            open(s.stdout or os.devnull, "wb") as devnull:
                        proc = subprocess.run(argv, stdin=stdin, env=env, cwd="/",
                                              stdout=devnull if s.stdout else subprocess.PIPE,
                                              stderr=subprocess.PIPE, timeout=s.timeout)
                    rc = proc.returncode
                    status = "exit %d" % rc if rc >= 0 else "signal %d" % -rc
                    r = Result(status, proc.stdout, proc.stderr)
                except subprocess.TimeoutExpired:
                    r = Result("timeout %d" % s.timeout)
                except OSError as e:
                    r = Result("error %s: %s" % (argv[0], e.strerror))
                r.seconds = time.monotonic() - start
                for c in s.collect:
                    if os.path.exists(where[c]):
                        r.files[c] = open(where[c], "rb").read()
                out[s.name] = r
        self.summary = "%s: %d run(s)" % (self.describe(), len(specs))
        return out


def oracle_from_env(build=BUILD, log=None):
    """LINUX_ORACLE=host gives the host's kernel; anything else (or
    nothing) the reference Linux."""
    choice = os.environ.get("LINUX_ORACLE", "ref")
    if choice == "host":
        return HostOracle(build, log)
    if choice not in ("ref", ""):
        raise SystemExit("LINUX_ORACLE=%s: use ref (the default) or host" % choice)
    return Oracle(build, log=log)


def main():
    ap = argparse.ArgumentParser(usage="%(prog)s [options] [--] PROGRAM [ARGS...]",
                                 description="\n\n".join(__doc__.split("\n\n")[1:3]),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="store_true")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--accel", choices=["kvm", "tcg", "auto"], default="auto")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--log")
    ap.add_argument("--append", default="")
    ap.add_argument("--kernel")
    ap.add_argument("--host", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("program", nargs="?")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    if opts.args and opts.args[0] == "--":
        opts.args = opts.args[1:]
    say = lambda msg: print(msg, file=sys.stderr)
    try:
        oracle = HostOracle() if opts.host else \
            Oracle(accel=opts.accel, icount=opts.icount, kernel_args=opts.append, log=say,
                   vmlinuz=opts.kernel)
        if opts.version:
            if not opts.host:
                oracle.prepare()
            print(oracle.describe())
            return 0
    except OracleError as e:
        say("linux-ref: %s" % e)
        return 125
    if not opts.program:
        ap.error("PROGRAM is missing")
    stdin = None
    if not os.isatty(0):
        fd, stdin = tempfile.mkstemp(prefix="linux-ref-stdin.")
        with os.fdopen(fd, "wb") as f:
            shutil.copyfileobj(sys.stdin.buffer, f)
    try:
        spec = Spec("command line", [opts.program] + opts.args, stdin=stdin, timeout=opts.timeout)
        r = oracle.results([spec], use_cache=not opts.no_cache)[spec.name]
    finally:
        if stdin:
            os.remove(stdin)
    console = os.path.join(home(BUILD), "last-run", "console.log")
    if opts.log and not opts.host and not r.cached and os.path.exists(console):
        shutil.copy(console, opts.log)
    sys.stdout.buffer.write(r.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(r.stderr)
    if r.exit_code() is not None:
        return r.exit_code()
    say("linux-ref: %s" % r.problem())
    return 124 if r.status.startswith("timeout") else 125


if __name__ == "__main__":
    sys.exit(main())
