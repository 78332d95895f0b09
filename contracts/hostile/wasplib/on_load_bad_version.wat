;; Attack: a WasmLib (v0.2.0) on_load whose version check uses key -42 (`$valid`) instead of the last
;; key of v0.2.0's table (-43): a client built against another key table.
;; Host must: fail the deployment with `SetExport: predefined key value mismatch`; never panic; later
;; requests run as before.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: entry point names.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "run")

  ;; The exports object (2 in on_load's frame), after the version check.
  (func $exports (result i32)
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (local.get $exp))

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -42) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0) (i32.const 13) (i32.const 16) (i32.const 3))
  )

  (func (export "on_call") (param $i i32))
)
