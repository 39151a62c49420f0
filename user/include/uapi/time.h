/*
 * uapi/time.h - lets the kernel's uapi headers be included from user code:
 * kernel/uapi/stat.h says #include "uapi/time.h", which the kernel finds
 * through -Ikernel and user programs find here (user/include is on their
 * -I path). Nothing of its own: the definitions are the kernel's.
 */
#include "../../../kernel/uapi/time.h"
