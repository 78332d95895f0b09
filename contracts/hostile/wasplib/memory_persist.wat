;; Attack: WasmLib (v0.2.0) memory and globals left behind by one call for the next: on_load writes
;; 0x5a at 0x100 and sets a mutable global to 7; fn:grow grows the memory from 2 to 5 pages, writes to
;; the new pages and to 0x104, and sets the global to 99; a later call checks that nothing of it is
;; there (fn:check: 2 pages, 0x104 zero, 0x100 still 0x5a, the global 7, else it panics with `memory
;; persisted`), or relies on the grown pages (fn:useGrown reads page 3). fn:growThenCheck grows and then
;; calls fn:check nested (the nested call must also start from on_load's memory). The views
;; view:viewGrow and view:viewCheck do the same between views.
;; Host must: start every call (request, nested call or view) from the memory and globals on_load left,
;; whatever an earlier call grew or wrote: fn:check and view:viewCheck succeed after fn:grow /
;; view:viewGrow, fn:useGrown fails with an out-of-bounds memory trap, never a host panic; fn:ok
;; succeeds.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 2)
  (global $g (mut i32) (i32.const 0))

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: the panic message (16 bytes); 80: key "checked".
  (data (i32.const 64) "memory persisted")
  (data (i32.const 80) "checked")
  ;; 96: a call of own (patched) hname("check") = 58400aaf.
  (data (i32.const 96) "\04\00\00\00\00\04\af\0a@X\00\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "grow")
  (data (i32.const 1030) "check")
  (data (i32.const 1035) "useGrown")
  (data (i32.const 1043) "growThenCheck")
  (data (i32.const 1056) "viewGrow")
  (data (i32.const 1064) "viewCheck")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 4))  ;; func grow
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1030) (i32.const 5))  ;; func check
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1035) (i32.const 8))  ;; func useGrown
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1043) (i32.const 13))  ;; func growThenCheck
    (call $set (local.get $exp) (i32.const 0x8000) (i32.const 13) (i32.const 1056) (i32.const 8))  ;; view viewGrow
    (call $set (local.get $exp) (i32.const 0x8001) (i32.const 13) (i32.const 1064) (i32.const 9))  ;; view viewCheck
    ;; What every call must start from.
    (i32.store8 (i32.const 0x100) (i32.const 0x5a))
    (global.set $g (i32.const 7))
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $grow) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $check) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $useGrown) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $growThenCheck) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8000)) (then (call $viewGrow) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8001)) (then (call $viewCheck) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  ;; Grows 2 -> 5 pages (traps unless the memory had 2) and leaves marks: page 3, 0x104, the global.
  (func $mark
    (if (i32.ne (memory.grow (i32.const 3)) (i32.const 2)) (then unreachable))
    (i32.store8 (i32.const 0x30000) (i32.const 0xab))
    (i32.store8 (i32.const 0x104) (i32.const 1))
    (global.set $g (i32.const 99)))

  ;; 1 if the memory and the global are what on_load left.
  (func $pristine (result i32)
    (i32.and
      (i32.and (i32.eq (memory.size) (i32.const 2)) (i32.eqz (i32.load8_u (i32.const 0x104))))
      (i32.and (i32.eq (i32.load8_u (i32.const 0x100)) (i32.const 0x5a)) (i32.eq (global.get $g) (i32.const 7)))))

  (func $grow
    (call $mark)
    (call $ok))

  (func $check
    (if (i32.eqz (call $pristine))
      (then (call $set (i32.const 1) (i32.const -30) (i32.const 13) (i32.const 64) (i32.const 16))))
    (call $set (call $state) (call $k (i32.const 80) (i32.const 7)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $useGrown
    (drop (i32.load8_u (i32.const 0x30000))))

  (func $growThenCheck
    (call $mark)
    (drop (call $get (i32.const 1) (i32.const -14) (i32.const 7) (i32.const 97) (i32.const 4)))
    (call $set (i32.const 1) (i32.const -9) (i32.const 3) (i32.const 96) (i32.const 12))
    ;; The caller's own memory is its own again after the nested call.
    (if (i32.ne (i32.load8_u (i32.const 0x30000)) (i32.const 0xab)) (then unreachable)))

  (func $viewGrow
    (call $mark))

  (func $viewCheck
    (if (i32.eqz (call $pristine))
      (then (call $set (i32.const 1) (i32.const -30) (i32.const 13) (i32.const 64) (i32.const 16)))))
)
