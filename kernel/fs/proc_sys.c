/*
 * proc_sys.c - /proc's system-wide files (procfs.h): the ones that
 * describe the machine and the kernel rather than one process. Each is a
 * procfs_text file whose text is made afresh at every read.
 */
#include "fs/procfs.h"

void procfs_sys_init(void)
{
}
