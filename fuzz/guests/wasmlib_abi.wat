;; The fixed guest of the `wasmlib_abi` fuzz target: a contract of the Pollen-era ABI (WasmLib, Wasp
;; v0.2.0) whose calls run a script of host calls with the arguments the fuzzer chooses: object ids,
;; key ids, type ids, pointers, lengths and the bytes they point at. The target also deploys it as a
;; wasplib (v0.1.0) contract, by replacing the import names and the four tag constants below.
;;
;; on_load registers func `run` (index 0) and view `look` (index 0x8000), and obtains the key id of
;; "s" (kept at 0x7ff0: a module key, valid in every call). Every call, whatever its index, reads the
;; bytes of param "s" of its params object (root's params: object 2, the first it asks for) into SCRIPT
;; (0x10000, up to 128 KiB) and runs them. Nested calls (root's call), posted requests (root's post)
;; and the view run the script of their own params in the same way.
;;
;; A script is a sequence of ops: one byte, then its arguments. The byte's low 5 bits (mod 10) pick
;; the op; bits 5-6 the width of its i32 arguments: 0, 4 bytes little-endian as they are (anything,
;; negative or huge); 1, 2 bytes sign-extended; 2 or 3, 1 byte sign-extended (small object, key and
;; type ids, predefined keys, pointers into the data area 0..0x7fff where op 4 writes).
;;   0  key(ptr, len)                     hostGetKeyID
;;   1  obj(obj, key, type)               hostGetObjectID
;;   2  get(obj, key, type, ptr, len)     hostGetBytes (len < 0: exists; type 0x40/0x41: utility calls)
;;   3  set(obj, key, type, ptr, len)     hostSetBytes
;;   4  write(dst), then a 2-byte length n and n script bytes copied to dst (memory.copy: out of
;;      bounds traps), so that keys, values and payloads can be real
;;   5  grow(pages)                       memory.grow
;;   6  fill(dst, value, len)             memory.fill
;;   7  copy(dst, src, len)               memory.copy
;;   8  store(dst)                        the last result as an i32 at dst
;;   9  store8(dst)                       its low byte at dst (a one-byte LEB128 of a small id)
;; The i32 result of ops 0-2 and 5 is the last result (also stored at RESULT, 0x7ff8). The script ends
;; at its last complete op. Nothing else is checked: every call either works or traps.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))

  (memory (export "memory") 4)

  ;; The tag's constants (the target replaces these lines for v0.1.0): the exports key, the version
  ;; key, the params key, the types STRING and MAP.
  (global $KEY_EXPORTS i32 (i32.const -20))
  (global $KEY_VERSION i32 (i32.const -43))
  (global $KEY_PARAMS i32 (i32.const -31))
  (global $TYPE_STRING i32 (i32.const 13))
  (global $TYPE_MAP i32 (i32.const 11))

  (global $SCRIPT i32 (i32.const 0x10000))
  (global $CAP i32 (i32.const 0x20000))
  (global $RESULT i32 (i32.const 0x7ff8))
  (global $KEY_S i32 (i32.const 0x7ff0))
  ;; The next script byte, the end of the script, the width of the current op's arguments, the last
  ;; result.
  (global $pc (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))
  (global $width (mut i32) (i32.const 4))
  (global $r (mut i32) (i32.const 0))

  ;; 0x7f00: the version string; 0x7f10: "run", "look", "s".
  (data (i32.const 0x7f00) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 0x7f10) "runlooks")

  (func (export "on_load")
    (local $exp i32)
    (local $string i32)
    (local.set $string (global.get $TYPE_STRING))
    (local.set $exp (call $obj (i32.const 1) (global.get $KEY_EXPORTS) (i32.or (local.get $string) (i32.const 0x20))))
    (call $set (local.get $exp) (global.get $KEY_VERSION) (local.get $string) (i32.const 0x7f00) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0) (local.get $string) (i32.const 0x7f10) (i32.const 3))
    (call $set (local.get $exp) (i32.const 0x8000) (local.get $string) (i32.const 0x7f13) (i32.const 4))
    (i32.store (global.get $KEY_S) (call $key (i32.const 0x7f17) (i32.const 1))))

  ;; The next argument.
  (func $a (result i32)
    (local $v i32)
    (if (i32.eq (global.get $width) (i32.const 1))
      (then (local.set $v (i32.load8_s (global.get $pc))))
      (else
        (if (i32.eq (global.get $width) (i32.const 2))
          (then (local.set $v (i32.load16_s (global.get $pc))))
          (else (local.set $v (i32.load (global.get $pc)))))))
    (global.set $pc (i32.add (global.get $pc) (global.get $width)))
    (local.get $v))

  ;; 1 if `n` more script bytes are left.
  (func $left (param $n i32) (result i32)
    (i32.le_u (local.get $n) (i32.sub (global.get $end) (global.get $pc))))

  ;; 1 if `n` more arguments are left.
  (func $args (param $n i32) (result i32)
    (call $left (i32.mul (local.get $n) (global.get $width))))

  (func $result (param $v i32)
    (global.set $r (local.get $v))
    (i32.store (global.get $RESULT) (local.get $v)))

  ;; Runs one op; 0 when the script is over.
  (func $step (result i32)
    (local $op i32)
    (local $w i32)
    (local $dst i32)
    (local $n i32)
    (if (i32.eqz (call $left (i32.const 1))) (then (return (i32.const 0))))
    (local.set $op (i32.load8_u (global.get $pc)))
    (global.set $pc (i32.add (global.get $pc) (i32.const 1)))
    (local.set $w (i32.and (i32.shr_u (local.get $op) (i32.const 5)) (i32.const 3)))
    (global.set $width
      (select (i32.const 4) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $w) (i32.const 1)))
        (i32.eqz (local.get $w))))
    (local.set $op (i32.rem_u (i32.and (local.get $op) (i32.const 31)) (i32.const 10)))
    (if (i32.eq (local.get $op) (i32.const 0))
      (then (if (i32.eqz (call $args (i32.const 2))) (then (return (i32.const 0))))
            (call $result (call $key (call $a) (call $a)))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 1))
      (then (if (i32.eqz (call $args (i32.const 3))) (then (return (i32.const 0))))
            (call $result (call $obj (call $a) (call $a) (call $a)))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 2))
      (then (if (i32.eqz (call $args (i32.const 5))) (then (return (i32.const 0))))
            (call $result (call $get (call $a) (call $a) (call $a) (call $a) (call $a)))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 3))
      (then (if (i32.eqz (call $args (i32.const 5))) (then (return (i32.const 0))))
            (call $set (call $a) (call $a) (call $a) (call $a) (call $a))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 4))
      (then (if (i32.eqz (call $left (i32.add (global.get $width) (i32.const 2)))) (then (return (i32.const 0))))
            (local.set $dst (call $a))
            (local.set $n (i32.load16_u (global.get $pc)))
            (global.set $pc (i32.add (global.get $pc) (i32.const 2)))
            (if (i32.eqz (call $left (local.get $n)))
              (then (local.set $n (i32.sub (global.get $end) (global.get $pc)))))
            (memory.copy (local.get $dst) (global.get $pc) (local.get $n))
            (global.set $pc (i32.add (global.get $pc) (local.get $n)))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 5))
      (then (if (i32.eqz (call $args (i32.const 1))) (then (return (i32.const 0))))
            (call $result (memory.grow (call $a)))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 6))
      (then (if (i32.eqz (call $args (i32.const 3))) (then (return (i32.const 0))))
            (memory.fill (call $a) (call $a) (call $a))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 7))
      (then (if (i32.eqz (call $args (i32.const 3))) (then (return (i32.const 0))))
            (memory.copy (call $a) (call $a) (call $a))
            (return (i32.const 1))))
    (if (i32.eq (local.get $op) (i32.const 8))
      (then (if (i32.eqz (call $args (i32.const 1))) (then (return (i32.const 0))))
            (i32.store (call $a) (global.get $r))
            (return (i32.const 1))))
    ;; 9: store8
    (if (i32.eqz (call $args (i32.const 1))) (then (return (i32.const 0))))
    (i32.store8 (call $a) (global.get $r))
    (i32.const 1))

  ;; Every entry point: the script in param "s" (none: nothing to do).
  (func (export "on_call") (param $index i32)
    (local $len i32)
    (local.set $len
      (call $get
        (call $obj (i32.const 1) (global.get $KEY_PARAMS) (global.get $TYPE_MAP))
        (i32.load (global.get $KEY_S)) (i32.const 3) (global.get $SCRIPT) (global.get $CAP)))
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then (return)))
    (if (i32.gt_u (local.get $len) (global.get $CAP)) (then (local.set $len (global.get $CAP))))
    (global.set $end (i32.add (global.get $SCRIPT) (local.get $len)))
    (global.set $pc (global.get $SCRIPT))
    (loop $next
      (br_if $next (call $step))))
)
