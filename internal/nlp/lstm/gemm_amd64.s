#include "textflag.h"

// func gemm6AVX(wt, x, y *float32, rows, cols, ldx, ldy int)
// For six tokens t = 0..5: y[t*ldy + j] += Σ_k x[t*ldx + k]·wt[k*rows + j]
// for j < rows (a multiple of 16). Each output is summed as gemvTAVX sums
// it (one FMA per k, k ascending, from y's value), so the results are the
// same bit for bit; a weight row segment is loaded once for the six
// tokens instead of once per token, which is what gemv is bound by, and
// the twelve accumulators give enough independent FMAs per step to cover
// the FMA latency.
TEXT ·gemm6AVX(SB), NOSPLIT, $0-56
	MOVQ wt+0(FP), SI
	MOVQ y+16(FP), DI
	MOVQ rows+24(FP), CX
	MOVQ ldx+40(FP), R12
	SHLQ $2, R12
	MOVQ ldy+48(FP), R13
	SHLQ $2, R13
	MOVQ CX, R10
	SHLQ $2, R10

chunk16:
	CMPQ    CX, $16
	JL      done
	LEAQ    (DI)(R13*2), AX
	LEAQ    (DI)(R13*4), BX
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS (DI)(R13*1), Y2
	VMOVUPS 32(DI)(R13*1), Y3
	VMOVUPS (AX), Y4
	VMOVUPS 32(AX), Y5
	VMOVUPS (AX)(R13*1), Y6
	VMOVUPS 32(AX)(R13*1), Y7
	VMOVUPS (BX), Y8
	VMOVUPS 32(BX), Y9
	VMOVUPS (BX)(R13*1), Y10
	VMOVUPS 32(BX)(R13*1), Y11
	MOVQ    SI, R8
	MOVQ    x+8(FP), R9
	LEAQ    (R9)(R12*2), R14
	LEAQ    (R9)(R12*4), DX
	MOVQ    cols+32(FP), R11

k6:
	TESTQ        R11, R11
	JZ           store6
	VMOVUPS      (R8), Y12
	VMOVUPS      32(R8), Y13
	VBROADCASTSS (R9), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS (R9)(R12*1), Y14
	VFMADD231PS  Y12, Y14, Y2
	VFMADD231PS  Y13, Y14, Y3
	VBROADCASTSS (R14), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS (R14)(R12*1), Y14
	VFMADD231PS  Y12, Y14, Y6
	VFMADD231PS  Y13, Y14, Y7
	VBROADCASTSS (DX), Y14
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  Y13, Y14, Y9
	VBROADCASTSS (DX)(R12*1), Y14
	VFMADD231PS  Y12, Y14, Y10
	VFMADD231PS  Y13, Y14, Y11
	ADDQ         $4, R9
	ADDQ         $4, R14
	ADDQ         $4, DX
	ADDQ         R10, R8
	DECQ         R11
	JMP          k6

store6:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, (DI)(R13*1)
	VMOVUPS Y3, 32(DI)(R13*1)
	VMOVUPS Y4, (AX)
	VMOVUPS Y5, 32(AX)
	VMOVUPS Y6, (AX)(R13*1)
	VMOVUPS Y7, 32(AX)(R13*1)
	VMOVUPS Y8, (BX)
	VMOVUPS Y9, 32(BX)
	VMOVUPS Y10, (BX)(R13*1)
	VMOVUPS Y11, 32(BX)(R13*1)
	ADDQ    $64, DI
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     chunk16

done:
	VZEROUPPER
	RET
