package manifest

import (
	"errors"
	"strconv"
)

// Limits on a single manifest event. They bound the memory and time one
// hostile or broken event can cost the pipeline.
const (
	// MaxEventBytes is the largest event Decode accepts; larger events are
	// refused with KindTooLarge before any parsing.
	MaxEventBytes = 1 << 20
	// MaxItems is the largest number of line items in one manifest.
	MaxItems = 1000
	// MaxShipmentIDLen is the longest shipment_id, in characters (runes).
	MaxShipmentIDLen = 128
	// MaxDescriptionLen is the longest item description, in characters (runes).
	MaxDescriptionLen = 2000
	// maxDepth bounds the nesting of unknown values the decoder skips.
	maxDepth = 512
)

// ErrorKind classifies a decode error. The set is small and fixed so that it
// can be used as a metric label or a dead-letter reason.
type ErrorKind string

// Error kinds returned by KindOf.
const (
	KindSyntax   ErrorKind = "syntax"              // not well-formed JSON
	KindInvalid  ErrorKind = "invalid"             // well-formed, but violates the contract
	KindTooLarge ErrorKind = "too_large"           // more than MaxEventBytes or MaxItems
	KindEncoding ErrorKind = "encoding"            // not valid UTF-8
	KindVersion  ErrorKind = "unsupported_version" // schema_version other than 1
)

// Error is a decode error. Path names the JSON field at fault in the
// notation "items[3].hs_code"; it is empty when the fault is the event as a
// whole (size, encoding, top-level syntax).
type Error struct {
	Kind ErrorKind
	Path string
	Msg  string
}

// Error returns "path: msg", or just msg when Path is empty.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// KindOf returns the kind of a decode error: the Kind of the first *Error
// in err's chain, KindInvalid for any other non-nil error, and "" for nil.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInvalid
}

// invalid returns a KindInvalid error for path.
func invalid(path, msg string) *Error {
	return &Error{Kind: KindInvalid, Path: path, Msg: msg}
}

// syntaxError returns a KindSyntax error at byte offset off of the event.
func syntaxError(path string, off int, msg string) *Error {
	return &Error{Kind: KindSyntax, Path: path, Msg: "syntax error at byte offset " + strconv.Itoa(off) + ": " + msg}
}

// withPath sets the path of a field-level error that was built without one.
func withPath(err error, path string) error {
	var e *Error
	if errors.As(err, &e) && e.Path == "" {
		e.Path = path
		return e
	}
	return err
}

// indexPath returns "name[i]".
func indexPath(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

// fieldPath returns "parent.field", or field when parent is empty.
func fieldPath(parent, field string) string {
	if parent == "" {
		return field
	}
	return parent + "." + field
}
