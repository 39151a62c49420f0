"""The network seen from the host: tests/net.tests, each a program run in
MinOS (scripts/minos-run, TCG) with a virtio-net card on QEMU's user
network, talking to a peer written here in Python, on the host.

A peer is one of:
  http-get TEXT        GET / through the forwarded port with curl; the
                       body must contain TEXT
  xfer-connect BYTES   connect through the forwarded port once the program
                       prints "listening", then the stream exchange
  xfer-listen BYTES    listen on 127.0.0.1 (QEMU's 10.0.2.2 inside the
                       guest) before MinOS starts, then the exchange
  syn-flood N          once the program (netflood) prints "listening",
                       open N connections through the forwarded port as
                       fast as possible (each one QEMU's SYN to MinOS),
                       close them, then send "ping" on a new one: the
                       answer must be "pong", and MinOS must report its
                       TCP counts after as they were before

The exchange is netxfer's (user/musl/netxfer.c): each side sends BYTES of
the xorshift32 stream and shuts down its sending side; the verdict needs
both sides to have received every byte the other sent (counts and
FNV-1a 64 of the bytes).

Invariants: host ports are picked free at run time and bound to
127.0.0.1 only; every wait has a deadline (TIMEOUT["tcg"]); a failing
test leaves MinOS's output, its kernel log and the peer's account in
BUILD/test-logs/net-NAME.*.
"""
import functools
import os
import resource
import shutil
import socket
import subprocess
import threading
import time

from harness.common import LOGS, TIMEOUT, TOP
from harness.robustness import robustness_flood

SEED = 2463534242
FNV_OFFSET, FNV_PRIME = 14695981039346656037, 1099511628211
MASK64 = (1 << 64) - 1


@functools.lru_cache(maxsize=4)
def stream(total):
    """netxfer's stream: xorshift32 from SEED, the low byte of each step."""
    out = bytearray(total)
    x = SEED
    for i in range(total):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        out[i] = x & 0xff
    return bytes(out)


@functools.lru_cache(maxsize=4)
def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def load_net_tests(only):
    """tests/net.tests: [(name, guest_port or None, argv, peer words)]."""
    tests = []
    with open(os.path.join(TOP, "tests", "net.tests")) as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, port, argv, peer = [x.strip() for x in line.split(" | ")]
            if only and only not in "net/" + name:
                continue
            tests.append((name, None if port == "-" else int(port), argv.split(), peer.split(None, 1)))
    return tests


class Peer:
    """The host's side of one exchange, run in a thread."""

    def __init__(self, total):
        self.data = stream(total)
        self.sent = 0
        self.received = bytearray()
        self.error = None

    def exchange(self, conn):
        def sender():
            try:
                conn.sendall(self.data)
                self.sent = len(self.data)
                conn.shutdown(socket.SHUT_WR)
            except OSError as e:
                self.error = "send: %s" % e
        t = threading.Thread(target=sender, daemon=True)
        t.start()
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                self.received += chunk
        except OSError as e:
            self.error = self.error or "recv: %s" % e
        t.join(TIMEOUT["tcg"])
        conn.close()

    def check(self, guest_out):
        """Problems with the exchange, from both sides' accounts. Both
        sides send the same stream, so each must receive exactly it."""
        problems = []
        if self.error:
            problems.append("host " + self.error)
        n, h = len(self.data), fnv1a64(self.data)
        if "received %d fnv1a64=%016x" % (n, h) not in guest_out:
            problems.append("MinOS did not receive the host's %d bytes intact" % n)
        if "sent %d fnv1a64=%016x" % (n, h) not in guest_out:
            problems.append("MinOS did not report sending its %d bytes" % n)
        if bytes(self.received) != self.data:
            problems.append("the host received %d bytes, not MinOS's stream of %d"
                            % (len(self.received), n))
        return problems


def http_get(port, deadline, proc):
    """GET / on 127.0.0.1:port with curl (scripts/install-deps installs
    it), retried until the server answers or MinOS ends. A server that
    closes without reading the request resets the connection (as on
    Linux); what arrived before the reset still counts."""
    curl = shutil.which("curl")
    if not curl:
        return "", "curl not found: run scripts/install-deps"
    last = "no answer"
    while time.monotonic() < deadline:
        r = subprocess.run([curl, "-s", "-S", "--max-time", "10",
                            "http://127.0.0.1:%d/" % port], capture_output=True)
        if r.stdout:
            return r.stdout.decode(errors="replace"), None
        last = r.stderr.decode(errors="replace").strip()
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    return "", last


def wait_for_line(proc, out, text, deadline):
    """Reads MinOS's output byte by byte (into out) until a line ends
    with text; False if MinOS ended or the deadline passed first."""
    line = b""
    while time.monotonic() < deadline:
        c = proc.stdout.read(1)
        if not c:
            return False
        out.extend(c)
        if c != b"\n":
            line += c
        elif line.endswith(text):
            return True
        else:
            line = b""
    return False


def syn_flood(port, count, deadline):
    """Opens count connections to 127.0.0.1:port without waiting for any
    (non-blocking connects), closes them, then asks "ping" on a fresh
    one until the answer comes or the deadline passes. Returns (opened,
    problems)."""
    problems = []
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        err = s.connect_ex(("127.0.0.1", port))
        if err not in (0, 115, 11):  # 0, EINPROGRESS, EAGAIN
            s.close()
            problems.append("connect %d failed: %s" % (len(socks), os.strerror(err)))
            break
        socks.append(s)
    time.sleep(1)
    for s in socks:
        s.close()
    answer = b""
    while time.monotonic() < deadline:
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=20)
            c.sendall(b"ping\n")
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = c.recv(64)
                if not chunk:
                    break
                answer += chunk
            c.close()
        except OSError:
            answer = b""
        if answer:
            break
        time.sleep(1)
    if answer != b"pong\n":
        problems.append("the request after the flood got %r, not 'pong'" % answer)
    return len(socks), problems


def check_counts(text):
    """netflood's "before:" and "after:" lines must be equal."""
    before = [l for l in text.splitlines() if l.startswith("before: ")]
    after = [l for l in text.splitlines() if l.startswith("after: ")]
    if not before or not after:
        return ["MinOS did not print its TCP counts before and after"]
    if before[0][len("before: "):] != after[0][len("after: "):]:
        return ["MinOS's TCP counts did not come back: %r, then %r" % (before[0], after[0])]
    return []


def run_net_tests(result, only):
    for name, guest_port, argv, peer in load_net_tests(only):
        start = time.monotonic()
        deadline = start + TIMEOUT["tcg"]
        kind, arg = peer[0], peer[1] if len(peer) > 1 else ""
        log = os.path.join(LOGS, "net-%s.kernel.log" % name)
        os.makedirs(LOGS, exist_ok=True)
        cmd = [os.path.join(TOP, "scripts", "minos-run"), "--accel", "tcg", "--net",
               "--timeout", str(TIMEOUT["tcg"]), "--log", log]
        host_port = free_port()
        listener = None
        if kind == "xfer-listen":
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", host_port))
            listener.listen(1)
            listener.settimeout(TIMEOUT["tcg"])
        if guest_port is not None:
            cmd += ["--forward", "%d:%d" % (host_port, guest_port)]
        cmd += ["--"] + [a.replace("{HOSTPORT}", str(host_port)) for a in argv]
        if kind == "syn-flood":
            # Each connection is a descriptor here and one in QEMU, which
            # inherits this limit.
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            want = int(arg) + 256
            if hard != resource.RLIM_INFINITY:
                want = min(want, hard)
            if soft != resource.RLIM_INFINITY and soft < want:
                resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        out = bytearray()
        reader = threading.Thread(target=lambda: out.extend(proc.stdout.read()), daemon=True)
        problems = []
        if kind == "xfer-connect":
            # Wait for "listening" before connecting: QEMU accepts on the
            # host side at once, whether or not the guest listens yet.
            line = b""
            while not line.endswith(b"listening\n") and time.monotonic() < deadline:
                c = proc.stdout.read(1)
                if not c:
                    break
                line += c
            out.extend(line)
            reader.start()
            the_peer = Peer(int(arg))
            if not line.endswith(b"listening\n"):
                problems.append("MinOS never printed 'listening'")
            else:
                try:
                    conn = socket.create_connection(("127.0.0.1", host_port), timeout=TIMEOUT["tcg"])
                    the_peer.exchange(conn)
                except OSError as e:
                    problems.append("connect: %s" % e)
        elif kind == "xfer-listen":
            reader.start()
            the_peer = Peer(int(arg))
            try:
                conn, _ = listener.accept()
                conn.settimeout(TIMEOUT["tcg"])
                the_peer.exchange(conn)
            except OSError as e:
                problems.append("accept: %s" % e)
            listener.close()
        elif kind == "syn-flood":
            the_peer = None
        elif kind == "http-get":
            reader.start()
            the_peer = None
            body, error = http_get(host_port, deadline, proc)
            if error:
                problems.append("GET /: %s" % error)
            elif arg not in body:
                problems.append("GET / answered %r, without %r" % (body[:200], arg))
        else:
            raise SystemExit("tests/net.tests: unknown peer %r" % kind)
        flooded = 0
        if kind == "syn-flood":
            if not wait_for_line(proc, out, b"listening", deadline):
                problems.append("MinOS never printed 'listening'")
            else:
                flooded, trouble = syn_flood(host_port, int(arg), deadline)
                problems += trouble
            reader.start()
        stopped = False
        if kind == "http-get" and not problems:
            # A server may go on serving: once it has answered, stop it.
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                stopped = True
        try:
            proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            problems.append("MinOS did not finish in time")
        reader.join(5)
        text = out.decode(errors="replace")
        if the_peer:
            problems += the_peer.check(text)
        if kind == "syn-flood":
            problems += check_counts(text)
        if not stopped and proc.returncode != 0:
            problems.append("MinOS's program exited with %d" % proc.returncode)
        if proc.returncode == 125:
            problems.append("the kernel panicked or the VM died")
        if kind == "syn-flood":
            robustness_flood(flooded, not problems, proc.returncode == 125)
        result.record("net/%s [tcg]" % name, not problems,
                      " (%.1fs)" % (time.monotonic() - start) +
                      ("" if not problems else ": " + "; ".join(problems)))
        if problems:
            with open(os.path.join(LOGS, "net-%s.out" % name), "w") as f:
                f.write(text)
