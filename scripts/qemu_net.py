#!/usr/bin/env python3
"""qemu_net - QEMU's options for MinOS's network card.

Usage: scripts/qemu_net.py [--none] [--skip-busy] [PORT | HOST:GUEST ...]

Prints QEMU options on one line: a virtio-net card (its legacy interface,
which MinOS drives: docs/network.md, section 3) on QEMU's user network,
each PORT (or HOST:GUEST) forwarding a TCP port of the host, on every
address, to MinOS's eth0 (10.0.2.15); or, with --none, no card at all
(-nic none: QEMU's own default card is an e1000, which MinOS does not
drive). A host port already in use would stop QEMU ("could not set up
host forwarding rule"): it is an error (exit status 1, the reason on
standard error), or with --skip-busy a warning and the port is left out.

As a module (scripts/minos-run and `make run` use it): forward_spec(),
busy_ports() and options().
"""
import socket
import sys


def forward_spec(text):
    """PORT or HOST:GUEST as a pair of TCP ports (host, guest); ValueError
    when it is neither."""
    host, _, guest = text.partition(":")
    try:
        ports = (int(host), int(guest or host))
    except ValueError:
        raise ValueError("not PORT or HOST:GUEST: %r" % text) from None
    if not all(0 < p < 65536 for p in ports):
        raise ValueError("TCP ports are 1 to 65535: %r" % text)
    return ports


def port_busy(port):
    """True when a host TCP port cannot be listened on (QEMU binds every
    address with SO_REUSEADDR, as this does)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return True
    return False


def busy_ports(forwards):
    return [host for host, _ in forwards if port_busy(host)]


def options(net, forwards):
    """The QEMU options: a card when net or forwards, else none."""
    if not net and not forwards:
        return ["-nic", "none"]
    netdev = "user,id=net0" + "".join(",hostfwd=tcp::%d-:%d" % f for f in forwards)
    return ["-netdev", netdev, "-device", "virtio-net-pci,netdev=net0"]


def main(argv):
    args = argv[1:]
    none = "--none" in args
    skip_busy = "--skip-busy" in args
    words = [a for a in args if a not in ("--none", "--skip-busy")]
    if none:
        print(" ".join(options(False, [])))
        return 0
    try:
        forwards = [forward_spec(w) for w in words]
    except ValueError as e:
        sys.stderr.write("qemu_net: %s\n" % e)
        return 1
    busy = busy_ports(forwards)
    if busy and not skip_busy:
        sys.stderr.write("qemu_net: host port(s) %s already in use\n" % ", ".join(map(str, busy)))
        return 1
    for port in busy:
        sys.stderr.write("qemu_net: host port %d is in use: not forwarded\n" % port)
    forwards = [f for f in forwards if f[0] not in busy]
    print(" ".join(options(True, forwards)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
