# user/musl/musl.mk - included by the top Makefile after user/user.mk:
# builds each user/musl/NAME.c with Debian's musl-gcc (package musl-tools)
# into build/user/bin/NAME and adds it to the staging root (ROOTFS_BINS),
# so the initramfs holds it as /bin/NAME. Invariant: like libminc's
# programs, each is a static ET_EXEC with no PT_INTERP; these link musl's
# libc.a instead of libminc, to show that MinOS runs real C-library code.

MUSL_CC ?= musl-gcc
# <uapi/NAME.h>, after the C library's own headers
MUSL_CFLAGS := -static -O2 -Wall -Wextra -Werror -idirafter $(GEN)/user
MUSL_SRCS := $(sort $(wildcard user/musl/*.c))
MUSL_NAMES := $(notdir $(basename $(MUSL_SRCS)))
MUSL_BINS := $(addprefix $(USER_BUILD)/bin/,$(MUSL_NAMES))
MUSL_ROOTFS_BINS := $(addprefix $(ROOTFS)/bin/,$(MUSL_NAMES))

ifneq ($(filter $(MUSL_NAMES),$(USER_PROG_NAMES)),)
$(error user/musl/ and user/bin or user/tests share a program name: \
	$(filter $(MUSL_NAMES),$(USER_PROG_NAMES)))
endif

# Every program depends on every shared header (mu-*.h, and the outcome
# helpers they take from user/tests/): they are few and small.
MUSL_HEADERS := $(wildcard user/musl/*.h) user/tests/outcome.h

$(MUSL_BINS): $(USER_BUILD)/bin/%: user/musl/%.c user/musl/musl.mk $(MUSL_HEADERS) | $(GEN)/user/uapi
	@mkdir -p $(dir $@)
	@command -v $(MUSL_CC) >/dev/null 2>&1 || { echo "$(MUSL_CC) not found:" \
		"install musl-tools (scripts/install-deps does)" >&2; exit 1; }
	$(call say,MUSL-CC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) -o $@ $<
	$(user_check_static)

# ROOTFS_BINS feeds the initramfs rule; `user` was declared before this.
ROOTFS_BINS += $(MUSL_ROOTFS_BINS)
user: $(MUSL_ROOTFS_BINS)

# The headers the programs share (mu-sig.h): a change rebuilds them all.
$(MUSL_BINS): $(wildcard user/musl/*.h)

# The thread tests again, built with glibc (`gcc -static -pthread`), as
# build/user/bin/gl-NAME from user/musl/mu-NAME.c: glibc's pthreads try
# clone3 first and need futex, set_robust_list, rseq and madvise. A glibc
# static binary keeps weak undefined symbols, so only PT_INTERP and the
# ELF type are checked.
GLIBC_CC ?= gcc
GLIBC_NAMES := gl-thread-pthread
GLIBC_BINS := $(addprefix $(USER_BUILD)/bin/,$(GLIBC_NAMES))

$(GLIBC_BINS): $(USER_BUILD)/bin/gl-%: user/musl/mu-%.c user/musl/musl.mk $(MUSL_HEADERS) | $(GEN)/user/uapi
	@mkdir -p $(dir $@)
	$(call say,GLIBC-CC,$<)
	$(Q)$(GLIBC_CC) -static -pthread -O2 -Wall -Wextra -Werror -idirafter $(GEN)/user -o $@ $<
	$(Q)if $(READELF) -lW $@ | grep -q INTERP || \
	    ! $(READELF) -hW $@ | grep -q 'Type: *EXEC'; then \
		echo "$@: not a static executable" >&2; rm -f $@; exit 1; fi

ROOTFS_BINS += $(addprefix $(ROOTFS)/bin/,$(GLIBC_NAMES))
user: $(addprefix $(ROOTFS)/bin/,$(GLIBC_NAMES))
