package iscvm

import (
	"encoding/binary"
	"fmt"
)

// writer appends little-endian fields.
type writer struct{ b []byte }

func (w *writer) raw(p []byte) { w.b = append(w.b, p...) }
func (w *writer) u8(v uint8)   { w.b = append(w.b, v) }
func (w *writer) u16(v uint16) { w.b = binary.LittleEndian.AppendUint16(w.b, v) }
func (w *writer) u32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *writer) u64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *writer) i64(v int64)  { w.u64(uint64(v)) }

// bytes appends p with a u32 length.
func (w *writer) bytes(p []byte) {
	w.u32(uint32(len(p)))
	w.raw(p)
}

// open starts a u32-length-prefixed item: it writes a placeholder and returns where.
func (w *writer) open() int {
	w.u32(0)
	return len(w.b)
}

// close fills in the length of the item opened at mark.
func (w *writer) close(mark int) {
	binary.LittleEndian.PutUint32(w.b[mark-4:mark], uint32(len(w.b)-mark))
}

// DecodeError says why bytes from the library did not decode (a bug, or a library of another
// envelope version).
type DecodeError struct {
	What   string
	Reason string
}

func (e *DecodeError) Error() string { return fmt.Sprintf("iscvm: decoding %s: %s", e.What, e.Reason) }

// reader reads little-endian fields; the first failure sticks and later reads return zeros. Byte
// fields are sub-slices of the input (capacity-limited, so appending to one copies): the input is
// always a buffer this package copied out of the library and owns.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(what, reason string) {
	if r.err == nil {
		r.err = &DecodeError{What: what, Reason: reason}
	}
	r.b = nil
}

func (r *reader) fixed(n int) []byte {
	if r.err != nil {
		return make([]byte, n)
	}
	if len(r.b) < n {
		r.fail("field", fmt.Sprintf("truncated: need %d bytes, %d left", n, len(r.b)))
		return make([]byte, n)
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() uint8   { return r.fixed(1)[0] }
func (r *reader) u16() uint16 { return binary.LittleEndian.Uint16(r.fixed(2)) }
func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.fixed(4)) }
func (r *reader) u64() uint64 { return binary.LittleEndian.Uint64(r.fixed(8)) }
func (r *reader) i64() int64  { return int64(r.u64()) }

func (r *reader) hash() (h Hash) {
	copy(h[:], r.fixed(32))
	return h
}

// bytes reads a u32 length and that many bytes.
func (r *reader) bytes() []byte {
	n := r.u32()
	if uint64(n) > uint64(len(r.b)) {
		r.fail("bytes", fmt.Sprintf("length %d past the end (%d left)", n, len(r.b)))
		return nil
	}
	return r.fixed(int(n))
}

// count reads a u32 count of items that take at least min bytes each.
func (r *reader) count(what string, min int) int {
	n := r.u32()
	if uint64(n)*uint64(min) > uint64(len(r.b)) {
		r.fail(what, fmt.Sprintf("count %d cannot fit in %d bytes", n, len(r.b)))
		return 0
	}
	return int(n)
}

func (r *reader) finish(what string) error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(what, fmt.Sprintf("%d trailing bytes", len(r.b)))
	}
	return r.err
}

// framed decodes a u32-length-prefixed item with f, which must consume it whole.
func framed[T any](r *reader, what string, f func(*reader) T) T {
	inner := reader{b: r.bytes()}
	v := f(&inner)
	if err := inner.finish(what); err != nil && r.err == nil {
		r.err = err
	}
	return v
}

func (r *reader) dict() Dict {
	d := Dict{}
	n := r.count("dict", 6)
	for i := 0; i < n; i++ {
		k := string(r.fixed(int(r.u16())))
		d[k] = r.bytes()
	}
	return d
}

func (r *reader) balances() Balances {
	bal := Balances{}
	n := r.count("balances", 40)
	for i := 0; i < n; i++ {
		var c Color
		copy(c[:], r.fixed(32))
		bal[c] = r.u64()
	}
	return bal
}

func (r *reader) text() string { return string(r.bytes()) }
