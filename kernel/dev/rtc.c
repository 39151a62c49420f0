/*
 * rtc.c - reads the CMOS clock (rtc.h). Registers and the status bits are
 * those of the MC146818A datasheet: seconds 0x00, minutes 0x02, hours
 * 0x04, day 0x07, month 0x08, year 0x09, century 0x32 (from the ACPI FADT
 * on real machines; QEMU puts it at 0x32); status A bit 7 = update in
 * progress, status B bit 2 = binary (else BCD), bit 1 = 24-hour mode.
 * Invariant: two identical readings in a row, taken outside an update,
 * make one trustworthy time.
 */
#include "dev/rtc.h"
#include "arch/x86_64/io.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80
#define REG_STATUS_A 0x0A
#define REG_STATUS_B 0x0B
#define STATUS_A_UPDATING 0x80
#define STATUS_B_BINARY 0x04
#define STATUS_B_24H 0x02
#define HOUR_PM 0x80

struct rtc_time {
	u8 sec, min, hour, day, month, year, century;
};

static u8 cmos(u8 reg)
{
	outb(CMOS_INDEX, CMOS_NMI_DISABLE | reg);
	return inb(CMOS_DATA);
}

static void read_raw(struct rtc_time *t)
{
	for (unsigned spin = 0; spin < 1000000 && (cmos(REG_STATUS_A) & STATUS_A_UPDATING); spin++)
		cpu_relax();
	t->sec = cmos(0x00);
	t->min = cmos(0x02);
	t->hour = cmos(0x04);
	t->day = cmos(0x07);
	t->month = cmos(0x08);
	t->year = cmos(0x09);
	t->century = cmos(0x32);
}

static u8 from_bcd(u8 v) { return (u8)((v >> 4) * 10 + (v & 0xF)); }

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static s64 days_from_civil(s64 y, unsigned m, unsigned d)
{
	y -= m <= 2;
	s64 era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (s64)doe - 719468;
}

s64 rtc_read_unix_time(void)
{
	struct rtc_time a, b;
	int tries = 0;

	read_raw(&b);
	do {
		a = b;
		read_raw(&b);
	} while ((a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day ||
		  a.month != b.month || a.year != b.year) && ++tries < 10);

	u8 status_b = cmos(REG_STATUS_B);
	bool pm = b.hour & HOUR_PM;
	b.hour &= (u8)~HOUR_PM;
	if (!(status_b & STATUS_B_BINARY)) {
		b.sec = from_bcd(b.sec);
		b.min = from_bcd(b.min);
		b.hour = from_bcd(b.hour);
		b.day = from_bcd(b.day);
		b.month = from_bcd(b.month);
		b.year = from_bcd(b.year);
		b.century = from_bcd(b.century);
	}
	if (!(status_b & STATUS_B_24H) && pm)
		b.hour = (u8)((b.hour % 12) + 12);
	unsigned year = b.century >= 19 && b.century <= 21 ? b.century * 100u + b.year
							   : 2000u + b.year;
	if (b.month < 1 || b.month > 12 || b.day < 1 || b.day > 31 || b.hour > 23 ||
	    b.min > 59 || b.sec > 60)
		return -1;
	return days_from_civil(year, b.month, b.day) * 86400 + b.hour * 3600 + b.min * 60 + b.sec;
}
