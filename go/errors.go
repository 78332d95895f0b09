package iscvm

// #include <iscvm.h>
import "C"

import (
	"errors"
	"fmt"
)

// Code is the library's error code of a failed call (ISC_ERR_* in iscvm.h).
type Code int32

// The codes, with the meaning ../ffi/README.md gives them.
const (
	CodeNull            Code = C.ISC_ERR_NULL             // a required pointer was null
	CodeDecode          Code = C.ISC_ERR_DECODE           // an input does not decode
	CodeInvalidArgument Code = C.ISC_ERR_INVALID_ARGUMENT // an argument out of its domain
	CodeUnknownHandle   Code = C.ISC_ERR_UNKNOWN_HANDLE   // a handle never issued, or of another kind
	CodeClosed          Code = C.ISC_ERR_CLOSED           // the engine or chain was closed
	CodeBusy            Code = C.ISC_ERR_BUSY             // another goroutine is in a call on the chain
	CodeStore           Code = C.ISC_ERR_STORE            // the store failed
	CodeNoChain         Code = C.ISC_ERR_NO_CHAIN         // the store holds no chain
	CodeChainExists     Code = C.ISC_ERR_CHAIN_EXISTS     // the store holds a chain already
	CodeBlock           Code = C.ISC_ERR_BLOCK            // the block input was refused
	CodeView            Code = C.ISC_ERR_VIEW             // a view call failed
	CodeModule          Code = C.ISC_ERR_MODULE           // a module was rejected
	CodeRefused         Code = C.ISC_ERR_REFUSED          // the backlog refused a request
	CodePanic           Code = C.ISC_ERR_PANIC            // a bug of the library, caught at the boundary
	CodeRuntime         Code = C.ISC_ERR_RUNTIME          // any other runtime failure
)

var codeNames = map[Code]string{
	CodeNull: "null pointer", CodeDecode: "decode", CodeInvalidArgument: "invalid argument",
	CodeUnknownHandle: "unknown handle", CodeClosed: "closed", CodeBusy: "busy", CodeStore: "store",
	CodeNoChain: "no chain", CodeChainExists: "chain exists", CodeBlock: "block refused",
	CodeView: "view", CodeModule: "module rejected", CodeRefused: "refused", CodePanic: "panic",
	CodeRuntime: "runtime",
}

// String names the code.
func (c Code) String() string {
	if name, ok := codeNames[c]; ok {
		return name
	}
	return fmt.Sprintf("code %d", int32(c))
}

// Error is a failed call: the operation, the library's code and message, and for a store failure
// behind KVStore the error the node's KV returned.
type Error struct {
	Op      string // the package function, e.g. "CommitBlock"
	Code    Code
	Message string
	Cause   error // the KV's error when the store failed in a callback; nil otherwise
}

func (e *Error) Error() string {
	text := fmt.Sprintf("iscvm: %s: %s (%s)", e.Op, e.Message, e.Code)
	if e.Cause != nil {
		text += ": " + e.Cause.Error()
	}
	return text
}

// Unwrap gives the KV's error, if any.
func (e *Error) Unwrap() error { return e.Cause }

// Is matches the sentinel of the same code: errors.Is(err, iscvm.ErrBusy).
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Op == "" && t.Message == "" && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrNull            = &Error{Code: CodeNull}
	ErrDecode          = &Error{Code: CodeDecode}
	ErrInvalidArgument = &Error{Code: CodeInvalidArgument}
	ErrUnknownHandle   = &Error{Code: CodeUnknownHandle}
	ErrClosed          = &Error{Code: CodeClosed}
	ErrBusy            = &Error{Code: CodeBusy}
	ErrStore           = &Error{Code: CodeStore}
	ErrNoChain         = &Error{Code: CodeNoChain}
	ErrChainExists     = &Error{Code: CodeChainExists}
	ErrBlock           = &Error{Code: CodeBlock}
	ErrView            = &Error{Code: CodeView}
	ErrModule          = &Error{Code: CodeModule}
	ErrRefused         = &Error{Code: CodeRefused}
	ErrPanic           = &Error{Code: CodePanic}
	ErrRuntime         = &Error{Code: CodeRuntime}
)

// check turns a call's code and error buffer into an *Error (nil for ISC_OK), freeing the buffer.
func check(op string, code C.int32_t, msg *C.IscBuffer) error {
	text := string(goBytes(msg))
	if code == C.ISC_OK {
		return nil
	}
	return &Error{Op: op, Code: Code(code), Message: text}
}
