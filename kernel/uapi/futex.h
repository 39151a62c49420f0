/*
 * uapi/futex.h - futex(2)'s operations and flags, the bits of a robust
 * lock word and the robust list's head, Linux's values and layout
 * (include/uapi/linux/futex.h).
 */
#ifndef MINOS_UAPI_FUTEX_H
#define MINOS_UAPI_FUTEX_H

#include <stdint.h> /* plain C types: user programs include this header too */

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_LOCK_PI2 13

#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* FUTEX_WAKE_OP's val3: op (bits 28-30), "oparg is a shift" (bit 31),
 * cmp (24-27), oparg (12-23, signed), cmparg (0-11, signed). */
#define FUTEX_OP_SET 0  /* uaddr2 = oparg */
#define FUTEX_OP_ADD 1  /* uaddr2 += oparg */
#define FUTEX_OP_OR 2   /* uaddr2 |= oparg */
#define FUTEX_OP_ANDN 3 /* uaddr2 &= ~oparg */
#define FUTEX_OP_XOR 4  /* uaddr2 ^= oparg */
#define FUTEX_OP_OPARG_SHIFT 8 /* oparg = 1 << oparg */

#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_LT 2
#define FUTEX_OP_CMP_LE 3
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP_CMP_GE 5
#define FUTEX_OP(op, oparg, cmp, cmparg)                                                     \
	(((unsigned)(op)&0xf) << 28 | ((unsigned)(cmp)&0xf) << 24 |                          \
	 ((unsigned)(oparg)&0xfff) << 12 | ((unsigned)(cmparg)&0xfff))

/* A robust lock word: the owner's tid, and two flags. */
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

/* The robust list: a circular list through user memory, of entries each
 * lying futex_offset bytes before its lock word; bit 0 of a link marks a
 * PI lock. */
struct robust_list {
	struct robust_list *next; /* user addresses: the kernel reads them as words */
};

struct robust_list_head {
	struct robust_list list;
	long futex_offset;
	struct robust_list *list_op_pending; /* a lock being taken or released, or NULL */
};

#define ROBUST_LIST_LIMIT 2048

#endif
