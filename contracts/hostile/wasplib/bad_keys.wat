;; Attack: WasmLib (v0.2.0) key ids that name no key: unknown positive ids, 0, negative ids past the
;; predefined table (-44), i32::MIN, the version key (-43, which has no name), `$exports` outside
;; on_load, the empty byte key, and a key id handed out in a previous call (call-local ids are forgotten
;; when the call ends; ids obtained in on_load stay valid).
;;   fn:keyUnknown         hostGetBytes(state, 999, ...)
;;   fn:keyUnknownRoot     hostGetObjectID(1, 999, MAP)
;;   fn:keyOutOfTable      hostGetBytes(state, -44, ...)
;;   fn:keyMin             hostSetBytes(state, i32::MIN, ...)
;;   fn:keyMinRoot         hostGetBytes(1, i32::MIN, ...)
;;   fn:keyZero            hostSetBytes(state, 0, ...)
;;   fn:keyVersion         hostSetBytes(state, -43, ...)
;;   fn:keyExportsInCall   hostGetObjectID(1, $exports, STRING|ARRAY) in a call
;;   fn:keyEmpty           hostGetKeyID(ptr, -1) (the empty byte key), then a state write under it
;;   fn:keyRemember        honest: gets a call-local id for "fresh" and stores it under "kid" (an id
;;                         from on_load, kept in memory)
;;   fn:keyStale           reads that id back and writes under it in a new call
;;   fn:ok                 honest
;; Host must: fail with `$state.invalid key: <id>` / `root.invalid key: <id>` /
;; `root.GetMapObjectID: invalid key`, refuse the empty state key (`state key must not be empty`), never
;; panic; roll the request back. fn:keyRemember and fn:ok succeed.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "kid"; 72: "fresh"; 80: the id of "kid" on_load obtained (i32).
  (data (i32.const 64) "kid")
  (data (i32.const 72) "fresh")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "keyUnknown")
  (data (i32.const 1036) "keyUnknownRoot")
  (data (i32.const 1050) "keyOutOfTable")
  (data (i32.const 1063) "keyMin")
  (data (i32.const 1069) "keyMinRoot")
  (data (i32.const 1079) "keyZero")
  (data (i32.const 1086) "keyVersion")
  (data (i32.const 1096) "keyExportsInCall")
  (data (i32.const 1112) "keyEmpty")
  (data (i32.const 1120) "keyRemember")
  (data (i32.const 1131) "keyStale")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 10))  ;; func keyUnknown
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1036) (i32.const 14))  ;; func keyUnknownRoot
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1050) (i32.const 13))  ;; func keyOutOfTable
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1063) (i32.const 6))  ;; func keyMin
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 13) (i32.const 1069) (i32.const 10))  ;; func keyMinRoot
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 13) (i32.const 1079) (i32.const 7))  ;; func keyZero
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 13) (i32.const 1086) (i32.const 10))  ;; func keyVersion
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 13) (i32.const 1096) (i32.const 16))  ;; func keyExportsInCall
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 13) (i32.const 1112) (i32.const 8))  ;; func keyEmpty
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 13) (i32.const 1120) (i32.const 11))  ;; func keyRemember
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 13) (i32.const 1131) (i32.const 8))  ;; func keyStale
    ;; A module key id: valid in every call, from the memory on_load leaves.
    (i32.store (i32.const 80) (call $key (i32.const 64) (i32.const 3)))
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $keyUnknown) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $keyUnknownRoot) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $keyOutOfTable) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $keyMin) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $keyMinRoot) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $keyZero) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $keyVersion) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $keyExportsInCall) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $keyEmpty) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $keyRemember) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $keyStale) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $keyUnknown
    (drop (call $get (call $state) (i32.const 999) (i32.const 10) (i32.const 0x8000) (i32.const 8))))

  (func $keyUnknownRoot
    (drop (call $obj (i32.const 1) (i32.const 999) (i32.const 11))))

  (func $keyOutOfTable
    (drop (call $get (call $state) (i32.const -44) (i32.const 10) (i32.const 0x8000) (i32.const 8))))

  (func $keyMin
    (call $set (call $state) (i32.const 0x80000000) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $keyMinRoot
    (drop (call $get (i32.const 1) (i32.const 0x80000000) (i32.const 10) (i32.const 0x8000) (i32.const 8))))

  (func $keyZero
    (call $set (call $state) (i32.const 0) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $keyVersion
    (call $set (call $state) (i32.const -43) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $keyExportsInCall
    (drop (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d))))

  (func $keyEmpty
    (call $set (call $state) (call $key (i32.const 0) (i32.const -1)) (i32.const 10) (i32.const 16) (i32.const 8)))

  ;; state["kid"] = the id "fresh" gets in this call (an i32).
  (func $keyRemember
    (i32.store (i32.const 84) (call $k (i32.const 72) (i32.const 5)))
    (call $set (call $state) (i32.load (i32.const 80)) (i32.const 9) (i32.const 84) (i32.const 4)))

  ;; Reads state["kid"] without asking for any new key id, and writes under the id it holds.
  (func $keyStale
    (local $s i32)
    (local.set $s (call $state))
    (drop (call $get (local.get $s) (i32.load (i32.const 80)) (i32.const 9) (i32.const 84) (i32.const 4)))
    (call $set (local.get $s) (i32.load (i32.const 84)) (i32.const 10) (i32.const 16) (i32.const 8)))
)
