/* version.h - the kernel's name and version, as uname(2) will report them. */
#ifndef MINOS_VERSION_H
#define MINOS_VERSION_H

#define MINOS_NAME "MinOS"
#define MINOS_VERSION "0.1.0"
#define MINOS_MACHINE "x86_64"

#endif
