# Makefile - builds MinOS (kernel ELF, ISO) and runs, debugs and tests it.
# `make help` lists the targets; README.md explains them.

# Toolchain: an x86_64-elf- cross compiler when one is installed, else the
# host's gcc and binutils (both produce the same freestanding ELF64 code).
CROSS ?= $(if $(shell command -v x86_64-elf-gcc 2>/dev/null),x86_64-elf-,)
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
NASM ?= nasm
QEMU ?= qemu-system-x86_64
PYTHON ?= python3

BUILD := build

# `make V=1` shows every command; by default one short line per step.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-8s %s\n' $(1) $(2)
endif
KERNEL := $(BUILD)/kernel.elf
INITRAMFS := $(BUILD)/initramfs.cpio
ISO := $(BUILD)/minos.iso

# C11, freestanding: no red zone (interrupts push onto the kernel stack
# below RSP), the kernel code model (the image lives in the top 2 GiB), no
# SSE/x87 (the kernel does not save that state), no stack protector or PIC
# (nothing to support them), frame pointers for the crash backtraces.
KERNEL_CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib \
	-mno-red-zone -mcmodel=kernel -mno-sse -mno-sse2 -mno-mmx -mno-80387 \
	-mgeneral-regs-only -fno-stack-protector -fno-pic -fno-pie \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fcf-protection=none \
	-O2 -g -Wall -Wextra -Werror -Ikernel -I$(BUILD)/gen -MMD -MP
NASMFLAGS := -f elf64 -Wall -Werror -Ikernel/arch/x86_64/ -I$(BUILD)/gen/
# Line information for the kernel's assembly, but not for boot.asm: its code
# spans the low .boot and the higher-half .text, and NASM's DWARF for such a
# file confuses gdb ("pc ... in address map, but not in symtab").
NASM_DEBUG = $(if $(filter boot/%,$<),,-g -F dwarf)
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T linker.ld

# kernel/vdso/ is the vDSO, a ring-3 shared object with its own rules below;
# asm_offsets.c is never linked (asm_offsets.inc below).
ASM_OFFSETS_C := kernel/asm_offsets.c
KERNEL_C := $(shell find kernel -name '*.c' -not -path 'kernel/vdso/*' -not -path $(ASM_OFFSETS_C) | sort)
KERNEL_ASM := boot/boot.asm $(shell find kernel -name '*.asm' | sort)
GEN := $(BUILD)/gen
GEN_C := $(GEN)/syscall_table.c $(GEN)/syscall_names.c \
	$(GEN)/syscall32_table.c
KERNEL_OBJS := $(patsubst %,$(BUILD)/%.o,$(KERNEL_ASM) $(KERNEL_C)) $(GEN_C:=.o)

# QEMU settings shared by run, run-gui and debug (the test harness takes
# the same ACCEL/MEM). GRUB boots run under TCG by default: SeaBIOS and
# GRUB spend their time in real mode, which is very slow under nested KVM
# (docs/boot.md, "Boot times"); ACCEL=kvm overrides.
ACCEL ?=
MEM ?= 256M
# CPUs of run, run-gui and debug (docs/smp.md); the test suite uses 1.
SMP ?= 2
RUN_ACCEL := $(if $(ACCEL),$(ACCEL),tcg)
# TCG's "max" CPU model has SMEP, SMAP and NX, so the kernel uses them.
RUN_CPU := $(if $(filter kvm,$(RUN_ACCEL)),host,max)
QEMU_COMMON := -machine pc,accel=$(RUN_ACCEL) -cpu $(RUN_CPU) -m $(MEM) -smp $(SMP) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
GDBPORT ?= $(shell echo $$((20000 + $$(id -u) % 10000)))
# The network card of run and run-gui (docs/network.md, section 3): a
# virtio-net card on QEMU's user network, MinOS's eth0 at 10.0.2.15, with
# the host's TCP ports in FORWARD (PORT or HOST:GUEST, separated by
# spaces) forwarded to it; a host port already in use is left out with a
# warning. NET=0: no card.
NET ?= 1
FORWARD ?= 8080
RUN_NET = $$($(PYTHON) scripts/qemu_net.py --skip-busy $(if $(filter 0,$(NET)),--none,$(FORWARD)))

.PHONY: FORCE all kernel initramfs iso run run-gui debug test test-smp unit grade fuzz bench ktest clean compdb deps help
all: kernel user initramfs iso

# User programs, libminc and the staging root build/rootfs (defines
# ROOTFS_BINS, used by the initramfs rule below).
include user/user.mk
# Programs built with musl-gcc (user/musl/), added to ROOTFS_BINS.
include user/musl/musl.mk

kernel: $(KERNEL)
initramfs: $(INITRAMFS)
iso: $(ISO)

$(BUILD)/%.asm.o: %.asm | $(GEN)/syscall_count.inc $(GEN)/asm_offsets.inc
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)
	$(Q)$(NASM) $(NASMFLAGS) $(NASM_DEBUG) -MD $(@:.o=.d) -o $@ $<

# The system-call table, its names, the user-side __NR_ header and the
# signatures /bin/strace decodes arguments from, all from
# kernel/syscall/syscall_64.tbl (whose argument types user/bin/strace/args.h
# lists); the int 0x80 gate's table from kernel/syscall/syscall_32.tbl.
# gen-syscalls rewrites only the files whose contents change, so that a
# table edit recompiles only what depends on them; the stamp records the run.
$(GEN)/.stamp: kernel/syscall/syscall_64.tbl kernel/syscall/syscall_32.tbl scripts/gen-syscalls \
		user/bin/strace/args.h
	$(call say,GEN,$(GEN))
	$(Q)$(PYTHON) scripts/gen-syscalls kernel/syscall/syscall_64.tbl $(GEN)
	$(Q)$(PYTHON) scripts/gen-syscalls --abi i386 kernel/syscall/syscall_32.tbl $(GEN)
	@touch $@
$(GEN_C) $(GEN)/syscall_count.h $(GEN)/syscall_count.inc $(GEN)/syscall32_count.h \
		$(GEN)/user/asm/unistd_64.h: $(GEN)/.stamp ;

# The offsets and constants the assembly shares with C, from their C
# definitions: asm_offsets.c compiled to assembly, whose markers
# gen-asm-offsets turns into %defines (it rewrites the include only when
# they change; the stamp records the run, and the .d file the headers).
$(BUILD)/asm_offsets.stamp: $(ASM_OFFSETS_C) scripts/gen-asm-offsets
	@mkdir -p $(GEN)
	$(call say,GEN,$(GEN)/asm_offsets.inc)
	$(Q)$(CC) $(KERNEL_CFLAGS) -MT $@ -MF $(BUILD)/gen/asm_offsets.d -S -o $(BUILD)/asm_offsets.s $<
	$(Q)$(PYTHON) scripts/gen-asm-offsets $(BUILD)/asm_offsets.s $(GEN)/asm_offsets.inc
	@touch $@
$(GEN)/asm_offsets.inc: $(BUILD)/asm_offsets.stamp ;

# The list of kernel objects, rewritten when it changes, so that removing a
# source file relinks the kernel too.
$(BUILD)/kernel.objs: FORCE
	@mkdir -p $(BUILD)
	@echo '$(KERNEL_OBJS)' | cmp -s - $@ || echo '$(KERNEL_OBJS)' > $@
FORCE:

$(BUILD)/%.c.o: %.c | $(GEN)/syscall_count.h
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

# The vDSO (docs/vdso.md): kernel/vdso/*.c built as ring-3 code (PIC, red
# zone and SSE allowed but not needed, no stack protector: nothing sets up
# its canary), linked into a shared object with its own linker and version
# scripts, checked (no relocation, no undefined symbol, the clock page one
# page below it), stripped, and embedded by kernel/time/vdso_image.asm.
VDSO_BUILD := $(BUILD)/vdso
VDSO_OBJS := $(patsubst kernel/vdso/%.c,$(VDSO_BUILD)/%.o,$(sort $(wildcard kernel/vdso/*.c)))
VDSO_CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib -fPIC -fvisibility=hidden \
	-mgeneral-regs-only -fno-stack-protector -fcf-protection=none -O2 -g \
	-Wall -Wextra -Werror -Ikernel -I$(GEN)/user -MMD -MP
VDSO_LDFLAGS := -shared -nostdlib -soname=linux-vdso.so.1 --hash-style=both --eh-frame-hdr \
	--build-id=sha1 -z max-page-size=0x1000 -z noexecstack -z defs \
	-T kernel/vdso/vdso.lds --version-script=kernel/vdso/vdso.map
$(VDSO_BUILD)/%.o: kernel/vdso/%.c | $(GEN)/user/asm/unistd_64.h
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(VDSO_CFLAGS) -c -o $@ $<
$(VDSO_BUILD)/vdso.dbg.so: $(VDSO_OBJS) kernel/vdso/vdso.lds kernel/vdso/vdso.map
	$(call say,LD,$@)
	$(Q)$(LD) $(VDSO_LDFLAGS) -o $@ $(VDSO_OBJS)
	$(Q)if $(CROSS)readelf -rW $@ | grep -q '^Relocation section' || \
	    [ -n "$$($(NM) -u $@)" ] || \
	    ! $(NM) $@ | grep -q '^fffffffffffff000 . vdso_vvar$$'; then \
		echo "$@: the vDSO has relocations, undefined symbols or a misplaced clock page" >&2; \
		rm -f $@; exit 1; fi
$(VDSO_BUILD)/vdso.so: $(VDSO_BUILD)/vdso.dbg.so
	$(Q)$(CROSS)objcopy --strip-all $< $@
$(BUILD)/kernel/time/vdso_image.asm.o: $(VDSO_BUILD)/vdso.so
$(BUILD)/kernel/time/vdso_image.asm.o: NASMFLAGS += -I$(VDSO_BUILD)/

# Two links: the first gives the addresses for the symbol table, the second
# includes it. The table sits at the end of rodata, so no text symbol moves
# (scripts/check-kernel verifies that, and the boot loaders' needs).
$(BUILD)/ksyms-empty.c: scripts/gen-ksyms
	@mkdir -p $(BUILD)
	$(Q)$(PYTHON) scripts/gen-ksyms --empty > $@
$(BUILD)/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms-empty.c.o linker.ld $(BUILD)/kernel.objs
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms-empty.c.o
$(BUILD)/ksyms.c: $(BUILD)/kernel.pass1.elf scripts/gen-ksyms
	$(call say,KSYMS,$@)
	$(Q)$(NM) -n -S --defined-only $< | $(PYTHON) scripts/gen-ksyms > $@
$(BUILD)/%.c.o: $(BUILD)/%.c | $(GEN)/syscall_count.h
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<
$(KERNEL): $(KERNEL_OBJS) $(BUILD)/ksyms.c.o linker.ld scripts/check-kernel $(BUILD)/kernel.objs
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.c.o
	$(Q)$(PYTHON) scripts/check-kernel $@ $(BUILD)/kernel.pass1.elf

# The initramfs: the staging root (user/user.mk) as a newc cpio archive,
# passed as a boot module on both boot paths.
$(INITRAMFS): $(ROOTFS_BINS)
	$(call say,CPIO,$@)
	$(Q)cd $(ROOTFS) && find . | LC_ALL=C sort | cpio -o -H newc --quiet > $(abspath $@)

$(ISO): $(KERNEL) $(INITRAMFS) iso/boot/grub/grub.cfg
	@rm -rf $(BUILD)/isodir
	@mkdir -p $(BUILD)/isodir/boot/grub
	@cp $(KERNEL) $(BUILD)/isodir/boot/minos.elf
	@cp $(INITRAMFS) $(BUILD)/isodir/boot/initramfs.cpio
	@cp iso/boot/grub/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	$(call say,ISO,$@)
	$(Q)grub-mkrescue -o $@ $(BUILD)/isodir 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

deps:
	@scripts/install-deps

# Boots the GRUB ISO with the serial console on this terminal (Ctrl-A X
# quits), and the network card (NET, FORWARD above). DEBS="sqlite3 lua5.4"
# adds those Debian 12 packages and the libraries they need, and boots
# through scripts/minos-run --deb instead, with MinOS's shell (exit quits;
# MEM, when given, overrides the memory minos-run picks for the packages).
DEBS ?=
run: deps
	@$(MAKE) --no-print-directory all
ifneq ($(strip $(DEBS)),)
	scripts/minos-run --accel $(RUN_ACCEL) --smp $(SMP) $(if $(filter file default,$(origin MEM)),,--mem $(MEM)) \
		$(foreach d,$(DEBS),--deb $(d)) -- /bin/sh
else
	$(QEMU) $(QEMU_COMMON) -cdrom $(ISO) -display none -serial mon:stdio $(RUN_NET)
endif

# The same with the VGA screen in a window; the serial log stays here.
run-gui: deps
	@$(MAKE) --no-print-directory all
	$(QEMU) $(QEMU_COMMON) -cdrom $(ISO) -serial mon:stdio $(RUN_NET)

# QEMU stopped at the first instruction with its gdb stub on GDBPORT, and
# gdb attached with the kernel's symbols and MinOS's commands
# (scripts/minos-gdb.py); the initramfs gives it /bin; INIT=/bin/PROG makes
# PROG the first process. See docs/debugging.md.
debug: deps
	@$(MAKE) --no-print-directory kernel initramfs
	@MINOS_BUILD=$(BUILD) scripts/debug --smp $(SMP) --port $(GDBPORT) --kernel $(KERNEL) \
		--initramfs $(INITRAMFS) $(if $(INIT),--append 'init=$(INIT)')

# Everything: host unit tests, then kernel boots in QEMU (scripts/run-tests).
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -C tests all BUILD=$(abspath $(BUILD)) > $(BUILD)/unit-build.log 2>&1 || \
		{ cat $(BUILD)/unit-build.log; exit 1; }
	@MINOS_BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests $(if $(ACCEL),--accel $(ACCEL))

# The whole suite with MinOS, and the reference Linux, on four CPUs (not in
# CI: make test runs the process, pipe, signal and thread tests on four).
test-smp:
	@MINOS_SMP=4 $(MAKE) --no-print-directory test

unit:
	@$(MAKE) --no-print-directory -C tests run BUILD=$(abspath $(BUILD))

# The labs' grader (docs/labs/README.md): builds, runs each lab's tests in
# MinOS, prints the points and "Score: X/Y"; LAB=name grades one lab.
grade: deps
	@MINOS_BUILD=$(BUILD) $(PYTHON) scripts/grade $(if $(LAB),--lab $(LAB))

# A million fuzzed system calls (user/bin/sysfuzz) with a random seed,
# printed first: `scripts/minos-run /bin/sysfuzz -s SEED -n 1000000` repeats them.
# Then a long run of the thread mix (user/musl/mu-thread-mix: threads,
# futexes, signals, fork and exit; `make test` runs 20 rounds), which must
# end with its counts exact and nothing leaked.
FUZZ_THREAD_ROUNDS ?= 2000
fuzz:
	@$(MAKE) --no-print-directory kernel initramfs
	@seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); echo "fuzz: seed $$seed"; \
	scripts/minos-run --kernel $(KERNEL) --initramfs $(INITRAMFS) --timeout 3000 \
		/bin/sysfuzz -s $$seed -n 1000000
	@echo "fuzz: thread mix, $(FUZZ_THREAD_ROUNDS) rounds"
	@scripts/minos-run --kernel $(KERNEL) --initramfs $(INITRAMFS) --timeout 3000 \
		/bin/mu-thread-mix $(FUZZ_THREAD_ROUNDS)
	@echo "fuzz: mu-smp-stress on 4 CPUs, two rounds of 300 s (docs/smp.md)"
	@scripts/minos-run --kernel $(KERNEL) --initramfs $(INITRAMFS) --timeout 1500 \
		--smp 4 /bin/mu-smp-stress 300

# /bin/bench in the reference Linux and in MinOS in the same QEMU:
# instructions under -icount, or cycles where KVM runs both; the
# syscall=floor stub and both boots; a table, the targets, docs/benchmarks.md
# (scripts/bench). BENCH_OPTS='--mode icount' forces instructions.
bench: deps
	@$(MAKE) --no-print-directory all
	@MINOS_BUILD=$(BUILD) $(PYTHON) scripts/bench $(BENCH_OPTS)

compdb:
	@$(PYTHON) scripts/gen-compdb --cc "$(CC)" --flags "$(KERNEL_CFLAGS)" \
		--out compile_commands.json $(KERNEL_C) $(ASM_OFFSETS_C)

clean:
	rm -rf $(BUILD) compile_commands.json

help:
	@echo "make            kernel, user programs and ISO (build/minos.iso)"
	@echo "make iso        the GRUB ISO only"
	@echo "make run        boot the ISO in QEMU, serial console here; network card, host port 8080 forwarded (NET=0: none; FORWARD='8080 2222:22')"
	@echo "make run-gui    the same with a VGA window"
	@echo "make debug      QEMU stopped at start + gdb with kernel symbols"
	@echo "make test       unit tests and in-QEMU tests against the reference Linux; last line: N passed, N failed"
	@echo "make test-smp   the same suite with MinOS and the reference Linux on four CPUs"
	@echo "make unit       host unit tests only"
	@echo "make grade      build and grade the labs (LAB=name: one lab); last line: Score: X/Y"
	@echo "make fuzz       a million fuzzed system calls, random seed (printed first), then a long thread mix and 10 min of SMP stress"
	@echo "make bench      Linux 6.1 vs MinOS per system call, in instructions (or KVM cycles): docs/benchmarks.md"
	@echo "make compdb     compile_commands.json for clangd"
	@echo "make clean      remove build/"


-include $(KERNEL_OBJS:.o=.d) $(VDSO_OBJS:.o=.d) $(BUILD)/gen/asm_offsets.d
