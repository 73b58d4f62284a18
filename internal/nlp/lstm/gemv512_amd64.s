#include "textflag.h"

// func gemvTAVX512(wt *float32, x *float32, y *float32, rows, cols int)
// gemvTAVX with 16-lane registers: y[0:rows] += Σ_k x[k]·wt[k*rows :
// (k+1)*rows]; rows a multiple of 16. Eight accumulators of 16 lanes
// (128 outputs) per pass over the columns, so a 4H=256 gate block takes
// two passes instead of four, with half the multiply-adds.
TEXT ·gemvTAVX512(SB), NOSPLIT, $0-40
	MOVQ wt+0(FP), SI
	MOVQ x+8(FP), DX
	MOVQ y+16(FP), DI
	MOVQ rows+24(FP), CX
	MOVQ cols+32(FP), BX
	MOVQ CX, R10
	SHLQ $2, R10

chunk128:
	CMPQ CX, $128
	JL   chunk16
	VMOVUPS (DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	VMOVUPS 256(DI), Z4
	VMOVUPS 320(DI), Z5
	VMOVUPS 384(DI), Z6
	VMOVUPS 448(DI), Z7
	MOVQ SI, R8
	MOVQ DX, R9
	MOVQ BX, R11

k128:
	TESTQ R11, R11
	JZ    store128
	VBROADCASTSS (R9), Z8
	VFMADD231PS (R8), Z8, Z0
	VFMADD231PS 64(R8), Z8, Z1
	VFMADD231PS 128(R8), Z8, Z2
	VFMADD231PS 192(R8), Z8, Z3
	VFMADD231PS 256(R8), Z8, Z4
	VFMADD231PS 320(R8), Z8, Z5
	VFMADD231PS 384(R8), Z8, Z6
	VFMADD231PS 448(R8), Z8, Z7
	ADDQ $4, R9
	ADDQ R10, R8
	DECQ R11
	JMP  k128

store128:
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VMOVUPS Z4, 256(DI)
	VMOVUPS Z5, 320(DI)
	VMOVUPS Z6, 384(DI)
	VMOVUPS Z7, 448(DI)
	ADDQ $512, DI
	ADDQ $512, SI
	SUBQ $128, CX
	JMP  chunk128

chunk16:
	CMPQ CX, $16
	JL   done
	VMOVUPS (DI), Z0
	MOVQ SI, R8
	MOVQ DX, R9
	MOVQ BX, R11

k16:
	TESTQ R11, R11
	JZ    store16
	VBROADCASTSS (R9), Z8
	VFMADD231PS (R8), Z8, Z0
	ADDQ $4, R9
	ADDQ R10, R8
	DECQ R11
	JMP  k16

store16:
	VMOVUPS Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  chunk16

done:
	VZEROUPPER
	RET
