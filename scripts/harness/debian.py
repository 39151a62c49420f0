"""Debian's own programs: tests/debian.tests, each line a Debian 12 static
binary (busybox-static, bash-static...) run inside MinOS (TCG) and inside
the reference Linux, the same file at the same path on both, with the
package's files and tests/debian/ added to each image
(scripts/debian_pkg.py fetches and unpacks the packages).

Invariants: only "linux" is an expectation: exit status and standard
output must be identical, Linux's standard output not empty and its
standard error empty (MinOS's terminal would mix it into the output); a
package that cannot be had fails its tests with the one-line reason,
never skips them; a failing run leaves both outputs in
BUILD/test-logs/debian-NAME.*.
"""
import hashlib
import os
import shlex
import shutil
import subprocess
import time

import debian_pkg  # scripts/debian_pkg.py: Debian packages, unpacked
import debian_tree  # scripts/debian_tree.py: packages with their libraries
import linux_ref  # scripts/linux_ref.py: the reference Linux

from harness.common import BUILD, LOGS, TIMEOUT, TOP

# MinOS's kernel command line is at most 1024 bytes (kernel/bootinfo.h);
# minos-run adds about 60 of its own and quotes arguments with spaces.
COMMAND_MAX = 900
INPUTS = os.path.join(TOP, "tests", "debian")  # /tests/debian/ in both images
EXTRA = os.path.join(BUILD, "test-debian-root")  # MinOS's --rootfs-extra folders
DEB_TREES = os.path.join(BUILD, "test-debian-deb")  # Linux's files of --deb lines, by versions


class DebianTest:
    """One line of tests/debian.tests:
    name | package [package...] | program and arguments (shell quoting) | stdin | linux"""

    def __init__(self, line, lineno):
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) < 5:
            raise SystemExit("tests/debian.tests:%d: need 5 fields" % lineno)
        # The command may hold " | " itself: it is whatever lies between
        # the second field and the last two.
        self.name, packages, self.stdin, expect = fields[0], fields[1], fields[-2], fields[-1]
        # "--deb PACKAGE...": MinOS gets them through minos-run --deb, which
        # adds the libraries they need; Linux gets the same resolved set.
        self.via_deb = packages.startswith("--deb ")
        self.packages = packages.split()[1:] if self.via_deb else packages.split()
        try:
            self.argv = shlex.split(" | ".join(fields[2:-2]))
        except ValueError as e:
            raise SystemExit("tests/debian.tests:%d: %s" % (lineno, e))
        for a in self.argv:  # what MinOS's kernel command line can carry (minos-run)
            if '"' in a or not a.isprintable():
                raise SystemExit("tests/debian.tests:%d: %r: MinOS's command line cannot carry a "
                                 "double quote, tab or newline (put it in a file in "
                                 "tests/debian/)" % (lineno, a))
        if sum(len(a) + 3 for a in self.argv) > COMMAND_MAX:
            raise SystemExit("tests/debian.tests:%d: longer than MinOS's command line "
                             "allows" % lineno)
        if expect != "linux":
            raise SystemExit("tests/debian.tests:%d: unknown expectation %r" % (lineno, expect))

    def stdin_path(self):
        return None if self.stdin == "-" else os.path.join(TOP, "tests", self.stdin)


def load_debian_tests(only):
    tests = []
    with open(os.path.join(TOP, "tests", "debian.tests")) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                t = DebianTest(line, n)
                if not only or only in "debian/" + t.name:
                    tests.append(t)
    return tests


# Each package is fetched once a run; a failure is kept as its reason.
_packages = {}


def packages_of(test):
    """The test's Packages, or raises PackageError (the first that failed)."""
    if test.via_deb:
        chosen, _ = debian_tree.resolve(test.packages, os.path.join(BUILD, "rootfs"),
                                        log=lambda m: print(m, flush=True))
        return [chosen[n] for n in sorted(chosen)]
    out = []
    for name in test.packages:
        if name not in _packages:
            try:
                _packages[name] = debian_pkg.fetch(name, BUILD,
                                                   log=lambda m: print(m, flush=True))
            except debian_pkg.PackageError as e:
                _packages[name] = e
        if isinstance(_packages[name], Exception):
            raise _packages[name]
        out.append(_packages[name])
    return out


def image_files(test):
    """{image path: host path}: the packages' files and tests/debian/."""
    files = {}
    if test.via_deb:  # links between packages (python3 -> python3.11) too
        pkgs = packages_of(test)
        versions = "+".join(os.path.basename(p.root) for p in pkgs)
        folder = os.path.join(DEB_TREES, "+".join(test.packages) + "-" +
                              hashlib.sha256(versions.encode()).hexdigest()[:16])
        if not os.path.isdir(folder):
            debian_tree.merge(pkgs, folder + ".new")
            os.replace(folder + ".new", folder)
        files.update(debian_tree.tree_files(folder))
    for p in [] if test.via_deb else packages_of(test):
        files.update(p.files())
    for top, _, names in os.walk(INPUTS):
        for n in names:
            host = os.path.join(top, n)
            files["/" + os.path.relpath(host, TOP)] = host
    return files


def debian_specs(only):
    """The reference Linux runs each line's program with the same files
    at the same paths; a line whose packages cannot be had has no spec
    (run_debian_tests fails it with the reason)."""
    deps, specs = linux_ref.system_programs(BUILD), []
    for t in load_debian_tests(only):
        try:
            files = image_files(t)
        except debian_pkg.PackageError:
            continue
        spec = linux_ref.Spec("debian/" + t.name, t.argv, stdin=t.stdin_path(), files=files,
                              deps=deps)
        # This machine cannot hold the files at their image paths (a
        # script names /bin/busybox): LINUX_ORACLE=host compares none.
        spec.vm_only = True
        specs.append(spec)
    return specs


def minos_extra(test):
    """A folder with the test's files for minos-run --rootfs-extra, one per
    set of packages, made once a run (for a --deb line, tests/debian/
    alone). Raises PackageError."""
    if test.via_deb:
        folder = os.path.join(EXTRA, "inputs-only")
        if not os.path.isdir(folder):
            shutil.copytree(INPUTS, os.path.join(folder, "tests", "debian"))
        return folder
    files = image_files(test)
    folder = os.path.join(EXTRA, "+".join(test.packages))
    if not os.path.isdir(folder):
        for image_path, host in files.items():
            dest = os.path.join(folder, image_path[1:])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(host, dest)
    return folder


def run_debian_tests(result, only, linux):
    """Each line of tests/debian.tests as debian/NAME [tcg]."""
    shutil.rmtree(EXTRA, ignore_errors=True)
    tests = load_debian_tests(only)
    if tests and linux.host:
        print("NOTE debian/* [tcg]: not compared: LINUX_ORACLE=host cannot put a package's "
              "files at their image paths on this machine")
        return
    for test in tests:
        name = "debian/%s [tcg]" % test.name
        try:
            extra = minos_extra(test)
        except debian_pkg.PackageError as e:
            result.record(name, False, " (no Debian package: %s)" % e)
            continue
        start = time.monotonic()
        with open(test.stdin_path() or os.devnull, "rb") as stdin:
            debs = [a for p in test.packages for a in ("--deb", p)] if test.via_deb else []
            mine = subprocess.run([os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg",
                                   "--timeout", str(TIMEOUT["tcg"]), "--rootfs-extra", extra]
                                  + debs + ["--"] + test.argv, stdin=stdin, capture_output=True)
        seconds = time.monotonic() - start
        ref = linux.get("debian/" + test.name)
        problems = []
        if ref.problem():
            problems.append("no Linux answer: %s" % ref.problem())
        else:
            if mine.returncode != ref.exit_code():
                problems.append("exit status %d, Linux gives %d" % (mine.returncode,
                                                                    ref.exit_code()))
            if mine.stdout != ref.stdout:
                problems.append("standard output differs from Linux's")
            if not ref.stdout:
                problems.append("it printed nothing on Linux (a run must show something)")
            if ref.stderr:
                problems.append("it wrote to standard error on Linux (MinOS's terminal "
                                "mixes that into the output)")
        result.record(name, not problems, " (%.1fs)" % seconds)
        if problems:
            os.makedirs(LOGS, exist_ok=True)
            for suffix, data in (("minos", mine.stdout), ("linux", ref.stdout),
                                 ("linux-stderr", ref.stderr)):
                with open(os.path.join(LOGS, "debian-%s.%s.out" % (test.name, suffix)),
                          "wb") as out:
                    out.write(data)
            for p in problems:
                print("     " + p)
            print("     outputs: build/test-logs/debian-%s.{minos,linux,linux-stderr}.out"
                  % test.name)
