/*
 * uapi/prctl.h - the prctl(2) options MinOS answers, with Linux's numbers
 * (include/uapi/linux/prctl.h), shared by the kernel (sys_prctl.c) and the
 * programs that test it.
 */
#ifndef MINOS_UAPI_PRCTL_H
#define MINOS_UAPI_PRCTL_H

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_CAPBSET_READ 23

#endif
