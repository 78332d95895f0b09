;; Attack: a WasmLib (v0.2.0) on_load that asks for the key ids of 4096 distinct keys of 32 KiB each
;; (windows of a 160 KiB counter pattern, one byte apart): 128 MiB of key bytes, which the host copies
;; into the module's key table (twice) and keeps with the compiled module. The loop costs on_load a
;; few Wasm instructions a turn; nothing else is charged.
;;   on_load                fills 3 pages with a counter, then hostGetKeyID(0x10000 + i, -32769) for
;;                          i = 0..4095, then registers fn:run
;; Host must: count on_load's host work (bytes copied into key ids and names, entries registered)
;; against its bound, or bound the key table, so that on_load cannot make the host hold memory or burn
;; time out of proportion to ON_LOAD_GAS: the deployment fails cleanly (a limit, or out of gas); never
;; exhaust the node's memory.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 4)

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
    (local $i i32)
    ;; A counter over pages 1..3 (every 4 bytes the next i32): no two windows are equal.
    (local.set $i (i32.const 0))
    (loop $fill
      (i32.store (i32.add (i32.const 0x10000) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0xc000))))
    (local.set $i (i32.const 0))
    (loop $keys
      (drop (call $key (i32.add (i32.const 0x10000) (local.get $i)) (i32.const -32769)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $keys (i32.lt_u (local.get $i) (i32.const 4096))))
    (call $set (call $exports) (i32.const 0) (i32.const 13) (i32.const 16) (i32.const 3))
  )

  (func (export "on_call") (param $i i32))
)
