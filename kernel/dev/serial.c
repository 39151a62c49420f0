/*
 * serial.c - polled 16550 UARTs (115200 baud, 8N1, FIFOs on). Register
 * layout from the 16550 datasheet (THR/RBR at +0, IER +1, FCR +2, LCR +3,
 * MCR +4, LSR +5). Invariant: output may be called at any time after
 * serial_init(), even from a crash report; it never sleeps and gives up on
 * a UART that stays busy.
 * Written once at boot, before other CPUs run tasks (present[]); read-only
 * after. The UARTs are driven under the kernel lock (arch/x86_64/klock.h),
 * but by a crash report (other CPUs stopped first) and the trace lab's hook
 * on a lock-free call (syscall/dispatch.c).
 */
#include "dev/serial.h"
#include "arch/x86_64/io.h"

#define UART_DATA 0
#define UART_IER 1
#define UART_DIVISOR_LOW 0
#define UART_DIVISOR_HIGH 1
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define BAUD_DIVISOR_115200 1

static const u16 bases[SERIAL_PORTS] = { SERIAL_COM1_IO, SERIAL_COM2_IO };
static bool present[SERIAL_PORTS];

/*
 * The FIFO control register is left as the firmware set it: writing it
 * (enabling, disabling or clearing the FIFOs) throws away received bytes,
 * and a program's input may well start arriving while the kernel boots.
 * Without FIFOs the UART holds one byte and the sender waits for it to be
 * read, so nothing is lost either way.
 */
void serial_init(int port)
{
	u16 b = bases[port];
	outb(b + UART_IER, 0);
	outb(b + UART_LCR, LCR_DLAB);
	outb(b + UART_DIVISOR_LOW, BAUD_DIVISOR_115200);
	outb(b + UART_DIVISOR_HIGH, 0);
	outb(b + UART_LCR, LCR_8N1);
	outb(b + UART_MCR, MCR_DTR_RTS_OUT2);
	/* A missing UART reads back all ones. */
	present[port] = inb(b + UART_LSR) != 0xFF;
}

bool serial_present(int port) { return present[port]; }

void serial_put_raw(int port, char c)
{
	u16 b = bases[port];
	if (!present[port])
		return;
	for (unsigned spin = 0; spin < 100000; spin++) {
		if (inb(b + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(b + UART_DATA, (u8)c);
}

int serial_getc(int port)
{
	u16 b = bases[port];
	if (!present[port] || !(inb(b + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(b + UART_DATA);
}

#define IER_RX_DATA 0x01

void serial_enable_rx_interrupt(int port)
{
	if (present[port])
		outb(bases[port] + UART_IER, IER_RX_DATA);
}
