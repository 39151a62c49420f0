/*
 * asm_offsets.c - every struct offset and constant the assembly shares with
 * C. Never linked: the build compiles it with -S and scripts/gen-asm-offsets
 * turns its markers into build/gen/asm_offsets.inc, which the .asm files
 * %include. Invariant: no .asm file writes such a value itself; a new one
 * is added here, under its C name (a field's offset as STRUCT_FIELD).
 */
#include "arch/x86_64/frame.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/switch.h"
#include "arch/x86_64/extable.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/smp.h"
#include "mm/vm.h"
#include "dev/serial.h"
#include "dev/vga.h"
#include "errno.h"

/* Each marker becomes a line of the assembler output,
 *     .ascii "->NAME $VALUE HOW"
 * ("i": the compiler prints the value, and fails the build if it is not a
 * constant). HOW is empty for a constant, the offsetof() or sizeof() for
 * a layout; "->#" lines become comments. */
#define ASM_VALUE(name, value, how) \
	__asm__ volatile("\n.ascii \"->" name " %0 " how "\"" : : "i"((u64)(value)))
/* A constant, under its C name. */
#define ASM_CONST(name) ASM_VALUE(#name, name, "")
/* A field's offset, or a struct's size, under the name given. */
#define ASM_OFFSET(name, type, field) \
	ASM_VALUE(#name, offsetof(struct type, field), "offsetof(struct " #type ", " #field ")")
#define ASM_SIZE(name, type) ASM_VALUE(#name, sizeof(struct type), "sizeof(struct " #type ")")
#define ASM_COMMENT(text) __asm__ volatile("\n.ascii \"-># " text "\"")

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_COMMENT("struct regs, the frame every entry builds: arch/x86_64/frame.h");
	ASM_OFFSET(REGS_R15, regs, r15);
	ASM_OFFSET(REGS_R14, regs, r14);
	ASM_OFFSET(REGS_R13, regs, r13);
	ASM_OFFSET(REGS_R12, regs, r12);
	ASM_OFFSET(REGS_R11, regs, r11);
	ASM_OFFSET(REGS_R10, regs, r10);
	ASM_OFFSET(REGS_R9, regs, r9);
	ASM_OFFSET(REGS_R8, regs, r8);
	ASM_OFFSET(REGS_RBP, regs, rbp);
	ASM_OFFSET(REGS_RDI, regs, rdi);
	ASM_OFFSET(REGS_RSI, regs, rsi);
	ASM_OFFSET(REGS_RDX, regs, rdx);
	ASM_OFFSET(REGS_RCX, regs, rcx);
	ASM_OFFSET(REGS_RBX, regs, rbx);
	ASM_OFFSET(REGS_RAX, regs, rax);
	ASM_OFFSET(REGS_VECTOR, regs, vector);
	ASM_OFFSET(REGS_ERROR_CODE, regs, error_code);
	ASM_OFFSET(REGS_RIP, regs, rip);
	ASM_OFFSET(REGS_CS, regs, cs);
	ASM_OFFSET(REGS_RFLAGS, regs, rflags);
	ASM_OFFSET(REGS_RSP, regs, rsp);
	ASM_OFFSET(REGS_SS, regs, ss);
	ASM_SIZE(REGS_SIZE, regs);

	ASM_COMMENT("struct percpu, reached through %gs: arch/x86_64/percpu.h");
	ASM_OFFSET(PERCPU_KERNEL_STACK, percpu, kernel_stack_top);
	ASM_OFFSET(PERCPU_USER_RSP, percpu, user_rsp);

	ASM_COMMENT("struct switch_frame, what switch_context saves: arch/x86_64/switch.h");
	ASM_OFFSET(SWITCH_FRAME_R15, switch_frame, r15);
	ASM_OFFSET(SWITCH_FRAME_R14, switch_frame, r14);
	ASM_OFFSET(SWITCH_FRAME_R13, switch_frame, r13);
	ASM_OFFSET(SWITCH_FRAME_R12, switch_frame, r12);
	ASM_OFFSET(SWITCH_FRAME_RBX, switch_frame, rbx);
	ASM_OFFSET(SWITCH_FRAME_RBP, switch_frame, rbp);
	ASM_OFFSET(SWITCH_FRAME_RET, switch_frame, ret);

	ASM_COMMENT("struct extable_entry, the __ex_table pairs: arch/x86_64/extable.h");
	ASM_OFFSET(EXTABLE_ENTRY_INSN, extable_entry, insn);
	ASM_OFFSET(EXTABLE_ENTRY_FIXUP, extable_entry, fixup);
	ASM_SIZE(EXTABLE_ENTRY_SIZE, extable_entry);

	ASM_COMMENT("segment selectors: arch/x86_64/gdt.h");
	ASM_CONST(GDT_KERNEL_CS);
	ASM_CONST(GDT_KERNEL_DS);
	ASM_CONST(GDT_USER_DS);
	ASM_CONST(GDT_USER_CS);

	ASM_COMMENT("vectors: arch/x86_64/idt.h");
	ASM_CONST(VEC_NMI);
	ASM_CONST(VEC_MACHINE_CHECK);

	ASM_COMMENT("model-specific registers: arch/x86_64/msr.h");
	ASM_CONST(MSR_EFER);
	ASM_CONST(EFER_LME);
	ASM_CONST(EFER_NXE);
	ASM_CONST(MSR_GS_BASE);

	ASM_COMMENT("control registers, RFLAGS, CPUID: arch/x86_64/cpu.h");
	ASM_CONST(CR0_PE);
	ASM_CONST(CR0_WP);
	ASM_CONST(CR0_PG);
	ASM_CONST(CR4_PAE);
	ASM_CONST(RFLAGS_TF);
	ASM_CONST(RFLAGS_RF);
	ASM_CONST(RFLAGS_ID);
	ASM_CONST(CPUID_EXT_MAX);
	ASM_CONST(CPUID_EXT_FEATURES);
	ASM_CONST(EXT1_EDX_NX);
	ASM_CONST(EXT1_EDX_LM);

	ASM_COMMENT("page tables: arch/x86_64/paging.h");
	ASM_CONST(PTE_PRESENT);
	ASM_CONST(PTE_WRITE);
	ASM_CONST(PTE_HUGE);
	ASM_CONST(PT_ENTRIES);
	ASM_CONST(PML4_SHIFT);
	ASM_CONST(PDPT_SHIFT);
	ASM_CONST(PAGE_SIZE_2M);

	ASM_COMMENT("the address-space layout: mm/vm.h");
	ASM_CONST(KERNEL_VMA);
	ASM_CONST(DIRECT_MAP_BASE);
	ASM_CONST(USER_TOP);

	ASM_COMMENT("the consoles boot.asm writes to before C: dev/serial.h, dev/vga.h");
	ASM_CONST(SERIAL_COM1_IO);
	ASM_CONST(VGA_TEXT_PHYS);

	ASM_COMMENT("the AP trampoline's page and parameters: arch/x86_64/smp.h");
	ASM_CONST(AP_TRAMPOLINE_PHYS);
	ASM_CONST(AP_PARAMS_OFFSET);
	ASM_OFFSET(AP_BOOT_CR3, ap_boot_params, cr3);
	ASM_OFFSET(AP_BOOT_EFER, ap_boot_params, efer);
	ASM_OFFSET(AP_BOOT_ENTRY, ap_boot_params, entry);
	ASM_OFFSET(AP_BOOT_STACK_TOP, ap_boot_params, stack_top);
	ASM_OFFSET(AP_BOOT_CPU, ap_boot_params, cpu);

	ASM_COMMENT("error numbers: uapi/errno.h");
	ASM_CONST(ENOSYS);
	ASM_CONST(EFAULT);
}
