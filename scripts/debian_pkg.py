#!/usr/bin/env python3
"""debian-pkg - Debian 12 packages whose files the tests add to both
MinOS's image and the reference Linux's, at the same paths.

Usage: scripts/debian-pkg PACKAGE...

Fetches each PACKAGE's candidate version with `apt-get download` and
unpacks it with `dpkg-deb -x` into BUILD/debian/PACKAGE-VERSION/ (an
epoch's colon written %3a, as apt names its files); nothing is installed
and nothing outside BUILD/debian/ is written, apt's own lists aside.
Prints one line a package: its name, version and folder. Exit status 1,
with a one-line reason on standard error, when a package cannot be had.

A folder already unpacked is used as it is. apt's lists are refreshed
(`apt-get update`) only when apt does not know the package or the mirror
no longer has the file they name; when apt cannot answer at all (no
lists), the version unpacked last (BUILD/debian/PACKAGE, a symbolic link)
is used, so a tree that fetched once keeps working offline.

As a module (scripts/harness/debian.py imports it as debian_pkg): fetch()
gives a Package, whose files() map image paths to the unpacked files;
every failure raises PackageError, an OracleError of scripts/linux_ref.py
whose str() is one line.
"""
import os
import re
import shutil
import sys
import tempfile

import linux_ref  # scripts/linux_ref.py: apt(), run_quiet(), last_line(), point_link()

BUILD = linux_ref.BUILD


class PackageError(linux_ref.OracleError):
    """A Debian package could not be fetched or unpacked; str() is one line."""


class Package:
    """One unpacked package: root is BUILD/debian/PACKAGE-VERSION/, the
    top of its file tree (./bin/busybox is root/bin/busybox)."""

    def __init__(self, name, version, root):
        self.name, self.version, self.root = name, version, root

    def files(self):
        """{image path: host path} of every file in the package; symbolic
        links count as the file they name."""
        out = {}
        for top, _, names in os.walk(self.root):
            for n in names:
                host = self._inside(os.path.join(top, n))
                if os.path.isfile(host):
                    out["/" + os.path.relpath(os.path.join(top, n), self.root)] = host
        return out

    def _inside(self, path):
        """path, or for a symbolic link with an absolute target (libc6's
        /lib64/ld-linux-x86-64.so.2) that target inside the package, not
        on this machine, when the package holds it."""
        for _ in range(8):
            if not os.path.islink(path):
                return path
            target = os.readlink(path)
            if not target.startswith("/"):
                return path  # relative: resolves inside the tree already
            inside = os.path.join(self.root, target.lstrip("/"))
            if not os.path.lexists(inside):
                return path
            path = inside
        return path


def folder_name(name, version):
    return "%s-%s" % (name, version.replace(":", "%3a"))


def top_folder(build=BUILD):
    path = os.path.join(build, "debian")
    os.makedirs(path, exist_ok=True)
    return path


def candidate(name):
    """The version apt would fetch, or None when it does not know the
    package even after refreshing its lists once."""
    for attempt in range(2):
        proc = linux_ref.apt(["apt-cache", "policy", name])
        m = re.search(r"(?m)^\s*Candidate: (\S+)", proc.stdout)
        if m and m.group(1) != "(none)":
            return m.group(1)
        if attempt == 0:
            up = linux_ref.apt(["apt-get", "update", "-q"])
            if up.returncode != 0:
                raise PackageError("apt-get update failed: %s" % linux_ref.last_line(up.stderr))
    return None


def last_unpacked(name, build=BUILD):
    """The version unpacked last (BUILD/debian/NAME points at it), or None."""
    top = top_folder(build)
    link = os.path.join(top, name)
    if not os.path.islink(link):
        return None
    return unpacked(name, None, os.path.join(top, os.readlink(link)))


def unpacked(name, version, root):
    """The Package in root if it was unpacked completely (its VERSION file
    beside it is written last), else None."""
    try:
        have = open(root + ".version").read().strip()
    except OSError:
        return None
    if not os.path.isdir(root) or (version and have != version):
        return None
    return Package(name, have, root)


def _download(name, version, work):
    """apt-get download NAME=VERSION into work: the .deb's path, or None
    when the mirror no longer has it (stale lists)."""
    proc = linux_ref.apt(["apt-get", "download", "-q", "-o", "Acquire::Retries=0",
                          "%s=%s" % (name, version)], cwd=work)
    debs = [f for f in os.listdir(work) if f.endswith(".deb")]
    if proc.returncode == 0 and len(debs) == 1:
        return os.path.join(work, debs[0])
    if re.search(r"\b404\b|Unable to locate|Hash Sum|Can't find a source", proc.stderr):
        return None
    raise PackageError("apt-get download %s failed: %s" % (name, linux_ref.last_line(proc.stderr)))


def fetch(name, build=BUILD, log=None):
    """The Package NAME, downloaded and unpacked when its candidate version
    is not unpacked yet. Raises PackageError."""
    top = top_folder(build)
    try:
        version = candidate(name)
    except PackageError:
        have = last_unpacked(name, build)
        if have:
            return have
        raise
    if version is None:
        raise PackageError("apt does not know the package %s (apt-cache policy %s)" %
                           (name, name))
    root = os.path.join(top, folder_name(name, version))
    have = unpacked(name, version, root)
    if not have:
        if log:
            log("debian-pkg: fetching %s %s with apt-get download" % (name, version))
        work = tempfile.mkdtemp(prefix="fetch.", dir=top)
        try:
            deb = _download(name, version, work)
            if deb is None:
                # Stale lists name a file the mirror no longer has: refresh
                # them once, and take the version they name now.
                linux_ref.apt(["apt-get", "update", "-q"])
                version = candidate(name) or version
                root = os.path.join(top, folder_name(name, version))
                deb = _download(name, version, work)
            if deb is None:
                raise PackageError("apt-get download %s=%s: the mirror does not have it" %
                                   (name, version))
            have = _unpack(name, version, deb, os.path.join(work, "tree"), root)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    linux_ref.point_link(top, name, os.path.basename(root))
    return have


def _unpack(name, version, deb, tree, root):
    """dpkg-deb -x into tree, then tree becomes root and root's VERSION
    file is written: a folder without one is a half-made one."""
    got = linux_ref.run_quiet(["dpkg-deb", "-f", deb, "Package", "Version"]).stdout
    if got.split() != ["Package:", name, "Version:", version]:
        raise PackageError("%s is not %s %s" % (os.path.basename(deb), name, version))
    x = linux_ref.run_quiet(["dpkg-deb", "-x", deb, tree])
    if x.returncode != 0:
        raise PackageError("dpkg-deb -x %s failed: %s" % (os.path.basename(deb),
                                                         linux_ref.last_line(x.stderr)))
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.replace(tree, root)
    with open(root + ".version", "w") as f:
        f.write(version + "\n")
    return Package(name, version, root)


def main():
    names = sys.argv[1:]
    if not names or any(n.startswith("-") for n in names):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    for name in names:
        try:
            p = fetch(name, log=lambda m: print(m, file=sys.stderr))
        except PackageError as e:
            print("debian-pkg: %s" % e, file=sys.stderr)
            return 1
        print("%s %s %s" % (p.name, p.version, os.path.relpath(p.root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
