/*
 * host.h - included first (-include) by every host unit-test build. It
 * renames the kernel's libc-named functions so that they do not collide
 * with the host's C library, which the sanitizers themselves depend on.
 */
#ifndef MINOS_TESTS_HOST_H
#define MINOS_TESTS_HOST_H

#define memcpy minos_memcpy
#define memmove minos_memmove
#define memset minos_memset
#define memcmp minos_memcmp
#define strlen minos_strlen
#define strnlen minos_strnlen
#define strcmp minos_strcmp
#define strncmp minos_strncmp
#define strchr minos_strchr
#define strrchr minos_strrchr
#define strlcpy minos_strlcpy

#endif
