#include "textflag.h"

// func gemvTAVX(wt *float32, x *float32, y *float32, rows, cols int)
// y[0:rows] += Σ_k x[k]·wt[k*rows : (k+1)*rows]; rows a multiple of 8.
// Eight accumulators of 8 lanes (64 outputs) per pass over the columns.
TEXT ·gemvTAVX(SB), NOSPLIT, $0-40
	MOVQ wt+0(FP), SI
	MOVQ x+8(FP), DX
	MOVQ y+16(FP), DI
	MOVQ rows+24(FP), CX
	MOVQ cols+32(FP), BX
	MOVQ CX, R10
	SHLQ $2, R10

chunk64:
	CMPQ CX, $64
	JL   chunk8
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
	MOVQ SI, R8
	MOVQ DX, R9
	MOVQ BX, R11

k64:
	TESTQ R11, R11
	JZ    store64
	VBROADCASTSS (R9), Y8
	VFMADD231PS (R8), Y8, Y0
	VFMADD231PS 32(R8), Y8, Y1
	VFMADD231PS 64(R8), Y8, Y2
	VFMADD231PS 96(R8), Y8, Y3
	VFMADD231PS 128(R8), Y8, Y4
	VFMADD231PS 160(R8), Y8, Y5
	VFMADD231PS 192(R8), Y8, Y6
	VFMADD231PS 224(R8), Y8, Y7
	ADDQ $4, R9
	ADDQ R10, R8
	DECQ R11
	JMP  k64

store64:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  chunk64

chunk8:
	CMPQ CX, $8
	JL   done
	VMOVUPS (DI), Y0
	MOVQ SI, R8
	MOVQ DX, R9
	MOVQ BX, R11

k8:
	TESTQ R11, R11
	JZ    store8
	VBROADCASTSS (R9), Y8
	VFMADD231PS (R8), Y8, Y0
	ADDQ $4, R9
	ADDQ R10, R8
	DECQ R11
	JMP  k8

store8:
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  chunk8

done:
	VZEROUPPER
	RET

// func actAVX(x *float32, n int, c *[14]float32, sigmoid bool)
// Applies Tanh (or, with sigmoid, Sigmoid) to x[0:n] in place, n a
// multiple of 8: the same rational function as the Go code, with fused
// multiply-adds. c holds clamp, -clamp, the numerator's seven and the
// denominator's four coefficients (highest power first), and 0.5.
TEXT ·actAVX(SB), NOSPLIT, $0-25
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ c+16(FP), DX
	MOVBLZX sigmoid+24(FP), BX
	VBROADCASTSS 52(DX), Y15

actloop:
	CMPQ CX, $8
	JL   actdone
	VMOVUPS (SI), Y0
	TESTQ BX, BX
	JZ   noscale
	VMULPS Y15, Y0, Y0

noscale:
	VBROADCASTSS 0(DX), Y4
	VMINPS Y4, Y0, Y0
	VBROADCASTSS 4(DX), Y4
	VMAXPS Y4, Y0, Y0
	VMULPS Y0, Y0, Y1
	VBROADCASTSS 8(DX), Y2
	VBROADCASTSS 12(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS 16(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS 20(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS 24(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS 28(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS 32(DX), Y4
	VFMADD213PS Y4, Y1, Y2
	VMULPS Y0, Y2, Y2
	VBROADCASTSS 36(DX), Y3
	VBROADCASTSS 40(DX), Y4
	VFMADD213PS Y4, Y1, Y3
	VBROADCASTSS 44(DX), Y4
	VFMADD213PS Y4, Y1, Y3
	VBROADCASTSS 48(DX), Y4
	VFMADD213PS Y4, Y1, Y3
	VDIVPS Y3, Y2, Y2
	TESTQ BX, BX
	JZ   nosig
	VFMADD213PS Y15, Y15, Y2

nosig:
	VMOVUPS Y2, (SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  actloop

actdone:
	VZEROUPPER
	RET

