"""The layers of MinOS's test harness, one module each; scripts/run-tests
runs them in order and prints the total (docs/testing.md, tests/README.md).

  common      paths, QEMU's exit statuses, timeouts, KVM detection, Result
  unit        host unit tests (build/tests/test_*)
  user        tests/user.tests, and user/rootfs-extra, user/exec-refusals
  shell       tests/sh.tests: MinOS's /bin/sh against dash
  tty         tests/tty.tests: typed terminal conversations
  strace      tests/strace.tests: MinOS's strace against Linux's
  debian      tests/debian.tests: Debian's static programs on both kernels
  net         tests/net.tests: MinOS on QEMU's user network, the host as peer
  oracle      LinuxAnswers (the reference Linux's batch) and oracle/* tests
  labs        docs/labs/: handouts build and score below full marks
  boot        tests/boot.tests and tests/gdb/*.gdb: boots and gdb sessions
  robustness  the robustness report printed before the total

Invariant: a layer prints only its own PASS, FAIL and NOTE lines (and the
details under a FAIL), and records every verdict in the one Result.
"""
