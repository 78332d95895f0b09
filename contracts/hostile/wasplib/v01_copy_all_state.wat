;; Attack: a wasplib (v0.1.0) on_load that registers the view "copy_all_state", the name v0.1.0's host
;; registered for itself (index 0x8fff) before on_load.
;; Host must: fail the deployment with `SetExport: duplicate function name`; never panic; later
;; requests run as before.
(module
  (import "wasplib" "hostGetKeyId" (func $key (param i32 i32) (result i32)))
  (import "wasplib" "hostGetObjectId" (func $obj (param i32 i32 i32) (result i32)))
  (import "wasplib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasplib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: entry point names.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "copy_all_state")

  ;; The exports object (2 in on_load's frame), after the version check.
  (func $exports (result i32)
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -18) (i32.const 0x2c)))
    (call $set (local.get $exp) (i32.const -41) (i32.const 12) (i32.const 0) (i32.const 16))
    (local.get $exp))

  (func (export "on_load")
    (call $set (call $exports) (i32.const 0x8000) (i32.const 12) (i32.const 16) (i32.const 14))
  )

  (func (export "on_call_entrypoint") (param $i i32))
)
