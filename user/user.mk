# user/user.mk - included by the top Makefile: builds libminc
# (build/user/lib/libminc.a), every program (build/user/bin/NAME) and the
# staging root (build/rootfs/bin/NAME). Invariant: every program is a static
# ET_EXEC with no PT_INTERP and no undefined symbol, built from this tree
# only (-nostdinc, -nostdlib): nothing of the host's C library goes in.
#
# A program is user/bin/NAME.c or user/tests/NAME.c, plus NAME.asm beside it
# if present, linked with crt0 and libminc; or a folder user/bin/NAME/ whose
# .c files make one program (the shell), also with libminc. An .asm with no
# .c of that name (hello-asm) is a stand-alone program, assembled and linked
# with plain ld. User code reaches the kernel's ABI headers as <uapi/NAME.h>
# (build/gen/user/uapi is a link to kernel/uapi), never by a relative path.

USER_BUILD := $(BUILD)/user
USER_OBJ := $(USER_BUILD)/obj
ROOTFS := $(BUILD)/rootfs
READELF ?= $(CROSS)readelf

# Freestanding, but SSE is fine in ring 3 and there is no red zone problem.
# -nostdinc keeps the host's headers out; the compiler's own (stdarg.h,
# stddef.h, stdint.h, stdbool.h) stay available through -isystem.
USER_CFLAGS := -std=c11 -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -Iuser/include -I$(GEN)/user \
	-fno-stack-protector -fno-pic -fno-pie -fcf-protection=none \
	-O2 -g -Wall -Wextra -Werror -MMD -MP
# libminc's own files may include the kernel's pure C library headers
# ("lib/format.h"), and kernel/lib/*.c is built again with these flags.
USER_LIB_CFLAGS := $(USER_CFLAGS) -iquote kernel
USER_NASMFLAGS := -f elf64 -Wall -Werror -g -F dwarf -Iuser/tests/
USER_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,noexecstack \
	-Wl,-z,max-page-size=0x1000

# --- libminc -----------------------------------------------------------
USER_CRT0 := $(USER_OBJ)/lib/crt0.asm.o
USER_KLIB_C := kernel/lib/format.c kernel/lib/string.c
USER_LIB_OBJS := $(USER_OBJ)/lib/syscall.asm.o \
	$(patsubst user/%,$(USER_OBJ)/%.o,$(sort $(wildcard user/lib/*.c))) \
	$(patsubst kernel/lib/%,$(USER_OBJ)/klib/%.o,$(USER_KLIB_C))
LIBMINC := $(USER_BUILD)/lib/libminc.a

$(LIBMINC): $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)$(CROSS)ar rcs $@ $^

# Objects live in build/user/obj/, mirroring user/ (kernel/lib/ files in
# klib/). These rules have shorter stems than the kernel's $(BUILD)/%.c.o,
# so make prefers them should both ever match.
$(USER_OBJ)/%.c.o: user/%.c | $(GEN)/user/asm/unistd_64.h $(GEN)/user/uapi
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(if $(filter user/lib/%,$<),$(USER_LIB_CFLAGS),$(USER_CFLAGS)) \
		-c -o $@ $<

$(USER_OBJ)/klib/%.c.o: kernel/lib/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$@)
	$(Q)$(CC) $(USER_LIB_CFLAGS) -c -o $@ $<

$(USER_OBJ)/%.asm.o: user/%.asm
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)
	$(Q)$(NASM) $(USER_NASMFLAGS) -MD $(@:.o=.d) -o $@ $<

# --- the ABI headers ---------------------------------------------------
# <uapi/NAME.h> for user code: the kernel's own headers, through a link in
# a folder already on the user include path (as Linux installs its uapi).
$(GEN)/user/uapi:
	@mkdir -p $(dir $@)
	$(Q)ln -sfn $(abspath kernel/uapi) $@

# --- programs ----------------------------------------------------------
USER_SRC_DIRS := user/bin user/tests
USER_C_PROGS := $(sort $(foreach d,$(USER_SRC_DIRS),$(wildcard $(d)/*.c)))
USER_ASM_PROGS := $(sort $(foreach d,$(USER_SRC_DIRS),\
	$(filter-out $(USER_C_PROGS:.c=.asm),$(wildcard $(d)/*.asm))))
# Programs made of a folder of C files: user/bin/NAME/*.c.
USER_DIR_PROGS := $(sort $(patsubst %/,%,$(dir $(wildcard user/bin/*/*.c))))
USER_PROG_NAMES := $(notdir $(basename $(USER_C_PROGS) $(USER_ASM_PROGS)) $(USER_DIR_PROGS))
# For rules elsewhere (an initramfs, a test list): the linked programs and
# their installed copies.
USER_BINS := $(addprefix $(USER_BUILD)/bin/,$(USER_PROG_NAMES))
ROOTFS_BINS := $(addprefix $(ROOTFS)/bin/,$(USER_PROG_NAMES))

ifneq ($(words $(USER_PROG_NAMES)),$(words $(sort $(USER_PROG_NAMES))))
$(error user/: two programs share a name: $(USER_PROG_NAMES))
endif

# Refuses (and deletes) a binary that is not a static ET_EXEC or still has
# undefined symbols.
define user_check_static
	$(Q)if [ -n "$$($(NM) -u $@)" ] || \
	    $(READELF) -lW $@ | grep -q INTERP || \
	    ! $(READELF) -hW $@ | grep -q 'Type: *EXEC'; then \
		echo "$@: not a self-contained static executable" >&2; \
		$(NM) -u $@ >&2; rm -f $@; exit 1; fi
endef

# $(1) = source path of a C program, e.g. user/tests/sc-regs.c
define user_c_prog
$(USER_BUILD)/bin/$(notdir $(basename $(1))): $(USER_CRT0) \
		$(USER_OBJ)/$(1:user/%=%).o \
		$(if $(wildcard $(1:.c=.asm)),$(USER_OBJ)/$(1:user/%.c=%.asm).o) \
		$(LIBMINC)
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)
	$$(Q)$$(CC) $$(USER_LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBMINC)
	$$(user_check_static)
endef

# $(1) = a program's folder, e.g. user/bin/sh
define user_dir_prog
$(USER_BUILD)/bin/$(notdir $(1)): $(USER_CRT0) \
		$(patsubst user/%,$(USER_OBJ)/%.o,$(sort $(wildcard $(1)/*.c))) $(LIBMINC)
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)
	$$(Q)$$(CC) $$(USER_LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBMINC)
	$$(user_check_static)
endef

# $(1) = source path of a stand-alone assembly program
define user_asm_prog
$(USER_BUILD)/bin/$(notdir $(basename $(1))): $(USER_OBJ)/$(1:user/%=%).o
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)
	$$(Q)$$(LD) $$(USER_LD_EXTRA_$(notdir $(basename $(1)))) -o $$@ $$<
	$$(user_check_static)
endef

# Extra ld options for one stand-alone assembly program.
USER_LD_EXTRA_sc-top-page := --section-start=.toppage=0x7fffffffe000

$(foreach p,$(USER_C_PROGS),$(eval $(call user_c_prog,$(p))))
$(foreach p,$(USER_ASM_PROGS),$(eval $(call user_asm_prog,$(p))))
$(foreach p,$(USER_DIR_PROGS),$(eval $(call user_dir_prog,$(p))))

# --- staging root: what MinOS will see as / ------------------------------
$(ROOTFS)/bin/%: $(USER_BUILD)/bin/%
	@mkdir -p $(dir $@)
	$(call say,INSTALL,$@)
	$(Q)cp $< $@

# Files of the image that are not programs (user/rootfs/etc/motd...).
ROOTFS_DATA := $(patsubst user/rootfs/%,$(ROOTFS)/%,$(filter-out %/README.md,$(shell find user/rootfs -type f 2>/dev/null)))
$(ROOTFS)/%: user/rootfs/%
	@mkdir -p $(dir $@)
	$(call say,INSTALL,$@)
	$(Q)cp $< $@
ROOTFS_BINS += $(ROOTFS_DATA)

.PHONY: user
user: $(ROOTFS_BINS)

USER_OBJS := $(USER_CRT0) $(USER_LIB_OBJS) \
	$(patsubst user/%,$(USER_OBJ)/%.o,$(USER_C_PROGS) $(USER_ASM_PROGS) \
		$(wildcard $(USER_C_PROGS:.c=.asm)) $(wildcard $(USER_DIR_PROGS:=/*.c)))
-include $(USER_OBJS:.o=.d)
