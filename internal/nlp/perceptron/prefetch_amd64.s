#include "textflag.h"

// func prefetch(base unsafe.Pointer, offs []uintptr)
// PREFETCHT0 base+offs[i] for each i; len(offs) > 0.
TEXT ·prefetch(SB), NOSPLIT, $0-32
	MOVQ base+0(FP), AX
	MOVQ offs_base+8(FP), SI
	MOVQ offs_len+16(FP), CX

loop:
	MOVQ       (SI), DX
	PREFETCHT0 (AX)(DX*1)
	ADDQ       $8, SI
	DECQ       CX
	JNE        loop
	RET
