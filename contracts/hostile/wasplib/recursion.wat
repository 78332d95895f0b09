;; Attack: WasmLib (v0.2.0) recursion through the host: a func that calls itself through root's
;; `$call` without end, and a view that does the same through a view call. Every level is a new call
;; frame in an instance of its own.
;;   fn:recurse             $call(own hname, hname("recurse"), 0, 0) in every call
;;   view:recurseView       $call(own hname, hname("recurseView"), 0, 0) in every call
;;   fn:ok                  honest
;; Host must: stop at the chain's call depth (`call depth limit of 64 exceeded`, reported through every
;; level's `root.failed to invoke call:`) or when the gas runs out, with the same gas on every node,
;; never overflow the native stack or panic; roll the request back. fn:ok succeeds.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: a call of own (patched) hname("recurse") = 625c816f.
  (data (i32.const 64) "\04\00\00\00\00\04o\81\5cb\00\00")
  ;; 80: a call of own (patched) hname("recurseView") = b77962e5.
  (data (i32.const 80) "\04\00\00\00\00\04\e5by\b7\00\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "recurse")
  (data (i32.const 1033) "recurseView")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 7))  ;; func recurse
    (call $set (local.get $exp) (i32.const 0x8000) (i32.const 13) (i32.const 1033) (i32.const 11))  ;; view recurseView
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $recurse) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8000)) (then (call $recurseView) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $own (param $at i32) (drop (call $get (i32.const 1) (i32.const -14) (i32.const 7) (local.get $at) (i32.const 4))))
  (func $recurse
    (call $own (i32.const 65))
    (call $set (i32.const 1) (i32.const -9) (i32.const 3) (i32.const 64) (i32.const 12)))
  (func $recurseView
    (call $own (i32.const 81))
    (call $set (i32.const 1) (i32.const -9) (i32.const 3) (i32.const 80) (i32.const 12)))
)
