;; Attack: a WasmLib (v0.2.0) on_load that burns most of its own gas bound (ON_LOAD_GAS) before it
;; registers its entry points, and a func that always fails. on_load runs not only when the module is
;; compiled but in every fresh instance: after a failed call the instance is dropped, so the next call
;; runs on_load again; so does every level of a nested call of the same contract.
;;   on_load                1,000,000 loop turns (about 8 million of its 10 million gas), then the registrations
;;   fn:fail                panics at once
;;   fn:ok                  honest
;; Host must: not make a call pay for, or the host run, an on_load the call did not ask for: a fresh
;; instance starts from the state on_load left (fn:fail costs the same as in a twin whose on_load does
;; not spin); where the module's instances cannot be reset (the tests build that twin, with a data.drop),
;; every call runs on_load again and pays its gas.
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
  (data (i32.const 64) "fail")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "fail")

  (func (export "on_load")
    (local $exp i32)
    (call $spin (i32.const 1000000))
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 4))  ;; func fail
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $fail) (return)))
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

  (func $fail
    (call $set (i32.const 1) (i32.const -30) (i32.const 13) (i32.const 64) (i32.const 4)))
)
