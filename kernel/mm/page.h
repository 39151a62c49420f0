/*
 * page.h - the size of a page frame, shared by the physical allocator, the
 * heap and the page tables. x86-64 4 KiB pages (Intel SDM Vol. 3A, 4.5);
 * large pages are a page-table matter and do not change PAGE_SIZE.
 */
#ifndef MINOS_MM_PAGE_H
#define MINOS_MM_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096ULL

#endif
