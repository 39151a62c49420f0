"""debian_tree - Debian 12 packages and the shared libraries they need,
merged into one folder tree for `scripts/minos-run --deb PACKAGE`.

How the libraries are found, with nothing but apt's own lists (no
apt-file, nothing installed on the host): every ELF file of the chosen
packages names its dynamic loader (PT_INTERP) and its libraries
(DT_NEEDED, read here from the file itself); a package provides a
library when it holds a file of that name in a folder whose path has
"lib" in it. The packages' Depends and Pre-Depends (from `apt-cache
show`, first alternative apt knows) are followed from the chosen ones:
a library package (its name starts with "lib") is always taken, as Debian
names the packages that hold shared libraries so; any other dependency
is fetched and taken only while something is missing, and only when it
provides a missing library or the target of a dangling symbolic link in
a bin or lib folder (python3-minimal's /usr/bin/python3 names
python3.11, which python3.11-minimal holds). A dependency that provides
nothing missing is left out, with its own dependencies.

resolve() gives the chosen Packages (scripts/debian_pkg.py) and the
libraries still missing; merge() copies them into one folder, symbolic
links kept as links. Raises debian_pkg.PackageError.
"""
import os
import re
import shutil
import struct

import debian_pkg  # scripts/debian_pkg.py: fetch() and Package
import linux_ref  # scripts/linux_ref.py: apt()

PT_DYNAMIC, PT_INTERP, PT_LOAD = 2, 3, 1
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5
BIN_OR_LIB = re.compile(r"^/(usr/)?(s?bin|lib[^/]*)/")


def elf_needs(path):
    """The basenames an ELF64 little-endian file needs: its interpreter's
    and its DT_NEEDED libraries'; empty for anything else."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return set()
            f.seek(0)
            data = f.read()
    except OSError:
        return set()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic, needs = [], None, set()
    for i in range(phnum):
        off = phoff + i * phentsize
        if off + 56 > len(data):
            return needs
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, off)
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
        elif p_type == PT_INTERP:
            interp = data[p_offset:p_offset + p_filesz].split(b"\0")[0]
            needs.add(os.path.basename(interp.decode(errors="replace")))
    if not dynamic:
        return needs
    needed, strtab = [], None
    for off in range(dynamic[0], min(dynamic[0] + dynamic[1], len(data) - 15), 16):
        tag, val = struct.unpack_from("<qQ", data, off)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            needed.append(val)
        elif tag == DT_STRTAB:
            strtab = val
    base = next((o + strtab - v for v, o, n in loads if v <= (strtab or 0) < v + n), None)
    if base is None:
        return needs
    for val in needed:
        end = data.find(b"\0", base + val)
        needs.add(data[base + val:end].decode(errors="replace"))
    return needs


_walk_cache = {}


def _walk(pkg):
    """[(image path, host path)] of every file and link of a package."""
    if pkg.root not in _walk_cache:
        out = []
        for top, dirs, names in os.walk(pkg.root):
            for n in names + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
                host = os.path.join(top, n)
                out.append(("/" + os.path.relpath(host, pkg.root), host))
        _walk_cache[pkg.root] = out
    return _walk_cache[pkg.root]


def needs_of(pkg):
    out = set()
    for _, host in _walk(pkg):
        if not os.path.islink(host) and os.path.isfile(host):
            out |= elf_needs(host)
    return out


def provides_of(pkg):
    """Basenames of files (and links) in lib folders."""
    return {os.path.basename(img) for img, _ in _walk(pkg) if "lib" in os.path.dirname(img)}


def links_of(pkg):
    """{image path: target} of the symbolic links in bin and lib folders."""
    return {img: os.readlink(host) for img, host in _walk(pkg)
            if os.path.islink(host) and BIN_OR_LIB.match(img)}


def dangling(chosen, base_root):
    """Basenames of link targets no chosen package (nor the base image at
    base_root) holds."""
    images = set()
    for p in chosen.values():
        images |= {img for img, _ in _walk(p)}
    out = set()
    for p in chosen.values():
        for img, target in links_of(p).items():
            full = os.path.normpath(target if target.startswith("/") else
                                    os.path.join(os.path.dirname(img), target))
            if full not in images and not os.path.lexists(os.path.join(base_root, full[1:])):
                out.add(os.path.basename(full))
    return out


_stanzas = {}  # package name: its apt-cache show stanza ("" for none)


def _show(names):
    """Fills _stanzas for names with one apt-cache show (unknown and
    virtual packages get "")."""
    todo = [n for n in names if n not in _stanzas]
    if not todo:
        return
    out = linux_ref.apt(["apt-cache", "show", "--no-all-versions"] + todo).stdout
    for stanza in out.split("\n\n"):
        m = re.search(r"(?m)^Package: (\S+)", stanza)
        if m:
            _stanzas[m.group(1)] = stanza
    for n in todo:
        _stanzas.setdefault(n, "")


def depends(name):
    """The package names NAME depends on (Depends and Pre-Depends of its
    candidate version), the first alternative apt knows of each."""
    _show([name])
    clauses = []
    for field in re.findall(r"(?m)^(?:Pre-)?Depends: (.*)$", _stanzas[name]):
        for clause in field.split(","):
            alts = [re.sub(r"\(.*?\)|:\w+", "", a).strip() for a in clause.split("|")]
            clauses.append([a for a in alts if a])
    _show([a for alts in clauses for a in alts])
    out = []
    for alts in clauses:
        dep = next((a for a in alts if _stanzas.get(a)), None)
        if dep and dep not in out:
            out.append(dep)
    return out


def _fetch(name, log):
    """debian_pkg.fetch, without asking apt again when the version its
    stanza names is unpacked already."""
    _show([name])
    m = re.search(r"(?m)^Version: (\S+)", _stanzas[name])
    if m:
        root = os.path.join(debian_pkg.top_folder(), debian_pkg.folder_name(name, m.group(1)))
        have = debian_pkg.unpacked(name, m.group(1), root)
        if have:
            return have
    pkg = debian_pkg.fetch(name, log=log)
    if not m:  # apt did not know it: fetch() refreshed the lists, ask again
        _stanzas.clear()
    return pkg


def resolve(names, base_root, log=None):
    """({name: Package}, sorted missing libraries) for the packages names
    and what they need (module docstring)."""
    chosen = {n: _fetch(n, log) for n in names}
    rejected, seen = set(), {}
    while True:
        for n, p in chosen.items():
            if n not in seen:
                seen[n] = (needs_of(p), provides_of(p))
        need = set().union(*(s[0] for s in seen.values()))
        have = set().union(*(s[1] for s in seen.values()))
        missing, links = need - have, dangling(chosen, base_root)
        added = False
        for name in list(chosen):
            for dep in depends(name):
                if dep in chosen or dep in rejected:
                    continue
                if not dep.startswith("lib") and not (missing or links):
                    continue
                pkg = _fetch(dep, log)
                files = {os.path.basename(img) for img, _ in _walk(pkg)}
                if dep.startswith("lib") or (provides_of(pkg) & missing) or (files & links):
                    chosen[dep] = pkg
                    added = True
                else:
                    rejected.add(dep)
        if not added:
            return chosen, sorted(missing)


def merge(packages, dest):
    """Copies every package's tree into dest, links as links."""
    for p in packages:
        shutil.copytree(p.root, dest, symlinks=True, dirs_exist_ok=True)


def tree_bytes(folder):
    total = 0
    for top, _, names in os.walk(folder):
        for n in names:
            path = os.path.join(top, n)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return total


def tree_files(folder):
    """{image path: host path} of every file of a merged tree, a symbolic
    link counted as the file it names inside the tree (absolute targets
    taken from the tree's top); links that lead nowhere are left out."""
    out = {}
    for top, dirs, names in os.walk(folder):
        for n in names + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            image = "/" + os.path.relpath(os.path.join(top, n), folder)
            path = image
            for _ in range(40):
                host = os.path.join(folder, path[1:])
                if not os.path.islink(host):
                    break
                target = os.readlink(host)
                path = os.path.normpath(target if target.startswith("/") else
                                        os.path.join(os.path.dirname(path), target))
            host = os.path.join(folder, path[1:])
            if os.path.isfile(host) and not os.path.islink(host):
                out[image] = host
    return out
