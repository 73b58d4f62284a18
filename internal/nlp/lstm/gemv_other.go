//go:build !amd64

package lstm

func gemvTAsm(wt, x, y []float32) bool { return false }

func actAsm(x []float32, sigmoid bool) bool { return false }

func addAsm(dst, a, b []float32) int { return 0 }

func gemm6Asm(wt, x []float32, ldx int, y []float32, ldy, rows, cols int) bool { return false }

func mulAsm(dst, a, b []float32) int { return 0 }
