/*
 * main.c - kmain(), the first C function: brings the kernel up in
 * dependency order and prints the banner. boot.asm calls it on the boot
 * stack with the boot loader's magic and the physical address of its
 * information structure; the boot page tables are still live.
 * Invariant: each step uses only what the steps before it set up; crashes
 * are reported from the moment the IDT is loaded (second step).
 * Locking: boot_info and kernel_entry_tsc are written once at boot, before
 * other CPUs run tasks, and read-only after; boot_note_user_entry's flag
 * is under the kernel lock.
 */
#include "version.h"
#include "bootinfo.h"
#include "cmdline.h"
#include "log.h"
#include "panic.h"
#include "power.h"
#include "dev/console.h"
#include "mm/mem.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/lapic.h"
#include "time/clock.h"
#include "time/tick.h"
#include "arch/x86_64/io.h"
#include "test/ktest.h"
#include "test/fault.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall_setup.h"
#include "arch/x86_64/smp.h"
#include "fs/vfs.h"
#include "fs/initramfs.h"
#include "fs/procfs.h"
#include "net/socket.h"
#include "dev/pci.h"
#include "dev/virtio_net.h"
#include "net/netif_proc.h"
#include "dev/devices.h"
#include "dev/tty.h"
#include "dev/keyboard.h"
#include "arch/x86_64/ioapic.h"
#include "proc/task.h"
#include "proc/itimer.h"
#include "proc/fault.h"
#include "proc/sched.h"
#include "proc/wait.h"

void kmain(u32 magic, u64 info_phys, u64 entry_tsc);
void boot_note_user_entry(void);

static struct boot_info boot_info;
/* The TSC at the kernel's entry (boot.asm's _start32), for the boot-time
 * figure below. */
static u64 kernel_entry_tsc;

#define EXEC_INIT_ARGS 32

static const void *boot_phys_to_virt(u64 pa) { return phys_to_virt(pa); }

static void apply_log_options(void)
{
	u64 level;
	if (cmdline_flag("quiet"))
		log_set_level(LOG_WARNING);
	if (cmdline_get_u64("loglevel", &level) == 0)
		log_set_level((int)level);
}

static void print_banner(void)
{
	char features[160];
	const struct cpu_features *f = &cpu_features;

	kprintf("%s %s %s: booted by %s via %s; CPU %s family %u model %u [%s]; "
		"memory %llu MiB available (%u map entries)\n",
		MINOS_NAME, MINOS_VERSION, MINOS_MACHINE,
		boot_info.loader[0] ? boot_info.loader : "an unnamed loader",
		boot_protocol_name(boot_info.protocol), f->vendor, f->family, f->model,
		cpu_feature_string(features, sizeof(features)),
		(unsigned long long)(bootinfo_available_bytes(&boot_info) >> 20), boot_info.mmap_count);
}

/* Called by task_first_return (switch.asm) just before a new task's first
 * IRETQ. The first call is the boot's first entry to ring 3: its line is
 * the marker scripts/bench times from the host, and gives the TSC cycles
 * since the kernel's entry (instructions retired, under QEMU's -icount). */
void boot_note_user_entry(void)
{
	static bool noted;

	if (noted)
		return;
	noted = true;
	u64 now = rdtsc();
	u64 cycles = now - kernel_entry_tsc;
	u64 us = tsc_khz() ? cycles * 1000 / tsc_khz() : 0;
	pr_notice("boot: first entry to ring 3 at TSC %llu, kernel entry at TSC %llu: "
		  "%llu cycles, %llu us\n",
		  (unsigned long long)now, (unsigned long long)kernel_entry_tsc,
		  (unsigned long long)cycles, (unsigned long long)us);
}

/* The first program: init=PATH (default /bin/init), with the words after
 * "--" on the command line as its arguments. */
static __noreturn void start_init(void)
{
	const char *argv[EXEC_INIT_ARGS + 1];
	const char *path = cmdline_get("init");
	int argc = 0;

	if (!path || !*path)
		path = "/bin/init";
	argv[argc++] = path;
	for (unsigned i = 0; i < cmdline_init_argc() && argc < EXEC_INIT_ARGS; i++)
		argv[argc++] = cmdline_init_arg(i);
	argv[argc] = NULL;
	pr_notice("MinOS: boot complete; starting %s\n", path);
	irq_disable(); /* the kernel runs with interrupts off; idle and ring 3 on */
	task_start_init(path, argc, argv);
}

void kmain(u32 magic, u64 info_phys, u64 entry_tsc)
{
	kernel_entry_tsc = entry_tsc;
	console_init();
	gdt_init();
	idt_init();
	percpu_init(0);
	fault_init(); /* traps from ring 3 reach the task side (proc/) */

	int err = bootinfo_parse(&boot_info, magic, info_phys, boot_phys_to_virt);
	if (err)
		panic("boot: cannot read the boot information (magic 0x%x): error %d", magic, err);
	int cmdline_err = cmdline_init(boot_info.cmdline);
	console_configure();
	apply_log_options();
	cpu_init();
	print_banner();
	if (cmdline_err < 0)
		pr_warn("boot: command line too long, the end was ignored\n");
	pr_info("boot: command line \"%s\"\n", boot_info.cmdline);
	if (boot_info.truncated)
		pr_warn("boot: the boot information did not fit; some of it was dropped\n");

	mem_init(&boot_info);
	pic_disable();
	tick_init();
	clock_init();
	itimer_init(); /* the interval timers, the sleepers and the */
	wait_init();   /* scheduler subscribe to the tick; the terminal */
	sched_init();  /* does in tty_init() */
	syscall_init();
	smp_init(sched_ap_start); /* the other CPUs come up and run tasks (not with smp=park); ACPI's MADT read */
	vfs_init();
	initramfs_init(&boot_info); /* the archives become the root's contents */
	devices_init();              /* then /dev and /tmp, whatever they held */
	procfs_init();
	ioapic_init();
	tty_init();
	keyboard_init();
	net_init(); /* the socket families, then the network cards */
	pci_init();
	virtio_net_init();
	netif_proc_init(); /* /proc/net/dev */
	irq_enable();

	const char *fault = cmdline_get("fault");
	if (fault)
		fault_inject(fault);
	const char *tests = cmdline_get("ktest");
	if (tests)
		ktest_run(tests);

	start_init();
}
