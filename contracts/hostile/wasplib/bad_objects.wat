;; Attack: WasmLib (v0.2.0) object ids that do not name an object of the running call: the null object
;; 0, negative ids, i32::MAX and i32::MIN, an id the call never asked for, the id a previous call had for
;; its state (the v0.2.0 client's constant 2, used without asking), an id of the calling frame used by a
;; nested call of the same contract, and objects asked for what they are not (a map under the utility
;; object, a value written to the maps factory, a value written to root's `$state`).
;;   fn:objZero            hostGetBytes(0, ...)                     the null object
;;   fn:objNegative        hostSetBytes(-1, ...)
;;   fn:objHuge            hostGetObjectID(i32::MAX, $state, MAP)
;;   fn:objMin             hostGetBytes(i32::MIN, ..., len -1)      existence test on a bad object
;;   fn:objNotMade         asks for state (2), then writes to object 3
;;   fn:objOfPreviousCall  writes to object 2 without asking for it (fn:ok's state, in the last call)
;;   fn:objOfCaller        makes objects 2..4, then calls its own fn:objChild, which writes to object 4
;;   fn:objChild           writes to object 4 (never made in its own frame)
;;   fn:objUtilityAsMap    hostGetObjectID(utility, $state, MAP)
;;   fn:objSetMaps         hostSetBytes(maps factory, 0, ...)
;;   fn:objRootSetState    hostSetBytes(1, $state, ...)
;;   fn:ok                 honest: state "ok" = 1 (on_load registers it twice under the same index,
;;                         which v0.2.0 accepts)
;; Host must: fail the call with `FindObject: invalid objID: <id>` (or the object's own invalid-type /
;; invalid-key message, a nested call's wrapped in `root.failed to invoke call:`), never touch another
;; frame's objects, never panic; roll the request back. fn:ok succeeds afterwards.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: the name of the nested call's entry point.
  (data (i32.const 64) "objChild")
  ;; 96: a call payload: bytes(own hname, patched) bytes(hname(objChild), patched) params 0 transfer 0.
  (data (i32.const 96) "\04\00\00\00\00\04\00\00\00\00\00\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "objZero")
  (data (i32.const 1033) "objNegative")
  (data (i32.const 1044) "objHuge")
  (data (i32.const 1051) "objMin")
  (data (i32.const 1057) "objNotMade")
  (data (i32.const 1067) "objOfPreviousCall")
  (data (i32.const 1084) "objOfCaller")
  (data (i32.const 1095) "objChild")
  (data (i32.const 1103) "objUtilityAsMap")
  (data (i32.const 1118) "objSetMaps")
  (data (i32.const 1128) "objRootSetState")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 7))  ;; func objZero
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1033) (i32.const 11))  ;; func objNegative
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1044) (i32.const 7))  ;; func objHuge
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1051) (i32.const 6))  ;; func objMin
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 13) (i32.const 1057) (i32.const 10))  ;; func objNotMade
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 13) (i32.const 1067) (i32.const 17))  ;; func objOfPreviousCall
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 13) (i32.const 1084) (i32.const 11))  ;; func objOfCaller
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 13) (i32.const 1095) (i32.const 8))  ;; func objChild
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 13) (i32.const 1103) (i32.const 15))  ;; func objUtilityAsMap
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 13) (i32.const 1118) (i32.const 10))  ;; func objSetMaps
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 13) (i32.const 1128) (i32.const 15))  ;; func objRootSetState
    ;; The same name under the same index again: v0.2.0 ignores it.
    (call $set (local.get $exp) (i32.const 0) (i32.const 13) (i32.const 1024) (i32.const 2))
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $objZero) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $objNegative) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $objHuge) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $objMin) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $objNotMade) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $objOfPreviousCall) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $objOfCaller) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $objChild) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $objUtilityAsMap) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $objSetMaps) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $objRootSetState) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $objZero
    (drop (call $get (i32.const 0) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 0x8000) (i32.const 8))))

  (func $objNegative
    (call $set (i32.const -1) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $objHuge
    (drop (call $obj (i32.const 0x7fffffff) (i32.const -37) (i32.const 11))))

  (func $objMin
    (drop (call $get (i32.const 0x80000000) (i32.const -37) (i32.const 10) (i32.const 0) (i32.const -1))))

  (func $objNotMade
    (drop (call $state))
    (call $set (i32.const 3) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $objOfPreviousCall
    (call $set (i32.const 2) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  ;; Objects 2 (state), 3 (utility) and 4 (the maps factory); then the nested call.
  (func $objOfCaller
    (local $util i32)
    (drop (call $state))
    (local.set $util (call $obj (i32.const 1) (i32.const -41) (i32.const 11)))
    (drop (call $obj (i32.const 1) (i32.const -27) (i32.const 0x2b)))
    ;; bytes(own hname): $contract, 4 bytes.
    (drop (call $get (i32.const 1) (i32.const -14) (i32.const 7) (i32.const 97) (i32.const 4)))
    ;; bytes(hname("objChild")): the utility's $hname function, run (0x40) then fetched (0x41).
    (drop (call $get (local.get $util) (i32.const -23) (i32.const 0x40) (i32.const 64) (i32.const 8)))
    (drop (call $get (local.get $util) (i32.const -23) (i32.const 0x41) (i32.const 102) (i32.const 4)))
    (call $set (i32.const 1) (i32.const -9) (i32.const 3) (i32.const 96) (i32.const 12)))

  (func $objChild
    (call $set (i32.const 4) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $objUtilityAsMap
    (drop (call $obj (call $obj (i32.const 1) (i32.const -41) (i32.const 11)) (i32.const -37) (i32.const 11))))

  (func $objSetMaps
    (call $set (call $obj (i32.const 1) (i32.const -27) (i32.const 0x2b)) (i32.const 0) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $objRootSetState
    (call $set (i32.const 1) (i32.const -37) (i32.const 10) (i32.const 16) (i32.const 8)))
)
