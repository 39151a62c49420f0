; vdso_image.asm - the vDSO's bytes inside the kernel image: the stripped
; shared object the build links from kernel/vdso/ (BUILD/vdso/vdso.so,
; found through NASM's -I), between vdso_image_start and vdso_image_end.
; Invariant: read-only data; time/vdso.c copies it into each process and
; never runs it in ring 0.

section .rodata
align 4096
global vdso_image_start, vdso_image_end
vdso_image_start:
	incbin "vdso.so"
vdso_image_end:
