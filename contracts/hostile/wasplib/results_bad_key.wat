;; Attack: a WasmLib (v0.2.0) call that writes its results under the empty byte key (a result dict
;; cannot hold it, so the call's results cannot be returned), and then burns Wasm gas without another
;; host call before it returns. fn:panicAfterSpin burns the same gas and then panics (a host call),
;; as the control.
;;   fn:emptyResultKey      results[""] = 8 bytes, then 3,000,000 loop turns, then return
;;   fn:panicAfterSpin      3,000,000 loop turns, then $panic
;;   fn:ok                  honest
;; Host must: fail fn:emptyResultKey cleanly (the results cannot be returned) and charge every Wasm
;; instruction it ran, as for fn:panicAfterSpin: the gas a failed call burns must not depend on whether
;; its last act was a host call.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: the panic message.
  (data (i32.const 64) "spun")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "emptyResultKey")
  (data (i32.const 1040) "panicAfterSpin")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 14))  ;; func emptyResultKey
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1040) (i32.const 14))  ;; func panicAfterSpin
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $emptyResultKey) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $panicAfterSpin) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  ;; Burns Wasm gas: `n` turns of a loop.
  (func $spin (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0)))))

  (func $emptyResultKey
    (call $set (call $obj (i32.const 1) (i32.const -35) (i32.const 11)) (call $key (i32.const 0) (i32.const -1))
      (i32.const 3) (i32.const 16) (i32.const 8))
    (call $spin (i32.const 3000000)))

  (func $panicAfterSpin
    (call $spin (i32.const 3000000))
    (call $set (i32.const 1) (i32.const -30) (i32.const 13) (i32.const 64) (i32.const 4)))
)
