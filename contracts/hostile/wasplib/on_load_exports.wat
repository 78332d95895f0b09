;; Attack: a WasmLib (v0.2.0) on_load that registers 3000 distinct entry point names ("e" and 8 hex
;; digits of a counter) under indexes 0..2999. Each registration checks the name and its hname against
;; every earlier one, so the host does about 4.5 million hname computations for 3000 loop turns of
;; Wasm.
;; Host must: bound what on_load may register (or count the registrations against ON_LOAD_GAS) so that
;; on_load cannot make the host work out of proportion to its gas: the deployment fails cleanly, in
;; about the time ON_LOAD_GAS of Wasm takes; never hang.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: entry point names.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "e")

  ;; The exports object (2 in on_load's frame), after the version check.
  (func $exports (result i32)
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (local.get $exp))

  (func (export "on_load")
    (local $exp i32)
    (local $i i32)
    (local $d i32)
    (local.set $exp (call $exports))
    (local.set $i (i32.const 0))
    (loop $names
      ;; 17..24: the 8 hex digits of i (a-p for 0-15).
      (local.set $d (i32.const 0))
      (loop $digits
        (i32.store8 (i32.add (i32.const 17) (local.get $d))
          (i32.add (i32.const 0x61)
            (i32.and (i32.shr_u (local.get $i) (i32.shl (local.get $d) (i32.const 2))) (i32.const 15))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br_if $digits (i32.lt_u (local.get $d) (i32.const 8))))
      (call $set (local.get $exp) (local.get $i) (i32.const 13) (i32.const 16) (i32.const 9))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $names (i32.lt_u (local.get $i) (i32.const 3000))))
  )

  (func (export "on_call") (param $i i32))
)
