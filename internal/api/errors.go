package api

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Error codes at the service boundary. The HTTP status of each is in
// statusOf, the one table that maps them.
const (
	CodeInvalid      = "invalid"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeTooLarge     = "too_large"
	CodeMethod       = "method_not_allowed"
	CodeUnavailable  = "unavailable"
	CodeInternal     = "internal"
)

var statusOf = map[string]int{
	CodeInvalid:      http.StatusBadRequest,
	CodeNotFound:     http.StatusNotFound,
	CodeConflict:     http.StatusConflict,
	CodeUnauthorized: http.StatusUnauthorized,
	CodeForbidden:    http.StatusForbidden,
	CodeTooLarge:     http.StatusRequestEntityTooLarge,
	CodeMethod:       http.StatusMethodNotAllowed,
	CodeUnavailable:  http.StatusServiceUnavailable,
	CodeInternal:     http.StatusInternalServerError,
}

// Error is what every handler returns on failure; it is written as
// {"error":{"code","message","param"}}.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Param names the query parameter or field at fault, for invalid input.
	Param string `json:"param,omitempty"`
	err   error  // the cause, logged but never sent for internal errors
}

func (e *Error) Error() string {
	if e.Param != "" {
		return e.Code + ": " + e.Param + ": " + e.Message
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.err }

// Status is the HTTP status for the error's code.
func (e *Error) Status() int {
	if s, ok := statusOf[e.Code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Errorf makes an Error.
func Errorf(code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// paramError is a 400 naming the parameter.
func paramError(param, format string, a ...any) *Error {
	return &Error{Code: CodeInvalid, Param: param, Message: fmt.Sprintf(format, a...)}
}

// AsError classifies any error the way the API answers it (the web UI
// shows the same statuses).
func AsError(err error) *Error { return toError(err) }

// toError classifies any error from the backend. Backend failures that a
// retry may cure (closed pools, refused connections, timeouts) are 503.
func toError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if unavailable(err) {
		return &Error{Code: CodeUnavailable, Message: "the database is unavailable; retry shortly", err: err}
	}
	switch store.ErrorCode(err) {
	case store.CodeNotFound:
		return &Error{Code: CodeNotFound, Message: "not found", err: err}
	case store.CodeInvalid:
		var se *store.Error
		msg := err.Error()
		if errors.As(err, &se) && se.Err != nil {
			msg = se.Err.Error()
		}
		return &Error{Code: CodeInvalid, Message: msg, err: err}
	case store.CodeConflict:
		return &Error{Code: CodeConflict, Message: "conflict", err: err}
	case CodeUnavailable:
		return &Error{Code: CodeUnavailable, Message: "the database is unavailable; retry shortly", err: err}
	}
	return &Error{Code: CodeInternal, Message: "internal error", err: err}
}

// unavailable reports whether err means the backend cannot be reached now.
func unavailable(err error) bool {
	if errors.Is(err, sql.ErrConnDone) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	// Drivers that do not wrap their sentinel errors.
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"database is closed", "connection refused", "closed pool", "conn closed",
		"connection reset", "broken pipe", "the database system is shutting down", "terminating connection",
		"the database system is starting up", "no such host", "failed to connect", "unexpected eof", ": eof",
		"i/o timeout", "server closed the connection", "connection timed out", "timeout: "} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
