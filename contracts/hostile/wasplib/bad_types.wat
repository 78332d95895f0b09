;; Attack: WasmLib (v0.2.0) type ids that do not fit the key: 0 and 99 for root's maps, an array flag on
;; root's `$state`, a value type asked as an object, a map asked where a value was stored, a value
;; written where an array was made, an array-flagged type on a plain value, array elements of the wrong
;; type, values of the wrong size, ids with a bad version byte, the function-call protocol (0x40/0x41)
;; on the state or out of order, a stored array length of the wrong size, and an int type's size check
;; on a command.
;;   fn:typeZero / fn:type99 / fn:typeArrayOnRootMap   hostGetObjectID(1, $state, 0 / 99 / MAP|ARRAY)
;;   fn:typeScalarObject    hostGetObjectID(state, "v", STRING)
;;   fn:typeMapOnValue      state "v" = INT64, then hostGetObjectID(state, "v", MAP)
;;   fn:typeArrayThenValue  hostGetObjectID(state, "a", INT64|ARRAY), then an INT64 write to "a"
;;   fn:typeArrayFlagOnValue  a write to "v" typed STRING|ARRAY (fails: no value type), then a read typed STRING
;;   fn:typeElemString / fn:typeElemBytes   a STRING / BYTES element in an INT64 array
;;   fn:typeSize            an INT64 of 4 bytes
;;   fn:typeChainId         a CHAIN_ID whose first byte is 0
;;   fn:typeAddress         an ADDRESS whose first byte is 3
;;   fn:typeRequestId       a REQUEST_ID whose output index is 200
;;   fn:typeCallOnState     hostGetBytes(state, "v", 0x40, ...)
;;   fn:typeCallResultFirst hostGetBytes(utility, $hashBlake2b, 0x41, ...) with nothing run
;;   fn:typeCall42          hostGetBytes(utility, $hashBlake2b, 0x42, ...)
;;   fn:typeArrSetup        honest: state "arr" = "abc" (3 bytes)
;;   fn:typeArrLenBad       hostGetObjectID(state, "arr", INT32|ARRAY16): a 3-byte length
;;   fn:typeIntOnCommand    hostSetBytes(1, $log, INT32, 3 bytes)
;;   fn:typeValue99         a write to state "v" typed 99 (no such type)
;;   fn:typeGet30           a read of state "v" typed 30 (no such type; 99 has the call flag)
;;   fn:ok                  honest
;; Host must: fail with the object's message (`root.GetMapObjectID: invalid type`,
;; `$state.GetObjectID: invalid type`, `$state.validate: Invalid access`, `$state.a.validate: Invalid
;; type` / `Invalid byte type`, `$state.typeCheck: invalid type size` / `invalid chain id address type`
;; / `invalid address type` / `invalid request id output index`, `$state.CallFunc: invalid call`,
;; `HostGetBytes: Invalid func call state`, `$state.InitObj: invalid array length`, `SetBytes: invalid
;; int32`, `$state.typeCheck: invalid type id 99` / `30`), never panic; roll the request back. fn:typeArrSetup and fn:ok succeed.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "v"; 65: key "a"; 66: key "arr"; 69: the 3-byte value "abc".
  (data (i32.const 64) "v")
  (data (i32.const 65) "a")
  (data (i32.const 66) "arr")
  (data (i32.const 69) "abc")
  ;; 128: 33 bytes, an address with version byte 3.
  (data (i32.const 128) "\03\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  ;; 192: 34 bytes, a request id with output index 200.
  (data (i32.const 192) "\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\c8\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "typeZero")
  (data (i32.const 1034) "type99")
  (data (i32.const 1040) "typeArrayOnRootMap")
  (data (i32.const 1058) "typeScalarObject")
  (data (i32.const 1074) "typeMapOnValue")
  (data (i32.const 1088) "typeArrayThenValue")
  (data (i32.const 1106) "typeArrayFlagOnValue")
  (data (i32.const 1126) "typeElemString")
  (data (i32.const 1140) "typeElemBytes")
  (data (i32.const 1153) "typeSize")
  (data (i32.const 1161) "typeChainId")
  (data (i32.const 1172) "typeAddress")
  (data (i32.const 1183) "typeRequestId")
  (data (i32.const 1196) "typeCallOnState")
  (data (i32.const 1211) "typeCallResultFirst")
  (data (i32.const 1230) "typeCall42")
  (data (i32.const 1240) "typeArrSetup")
  (data (i32.const 1252) "typeArrLenBad")
  (data (i32.const 1265) "typeIntOnCommand")
  (data (i32.const 1281) "typeValue99")
  (data (i32.const 1292) "typeGet30")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 8))  ;; func typeZero
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1034) (i32.const 6))  ;; func type99
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1040) (i32.const 18))  ;; func typeArrayOnRootMap
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1058) (i32.const 16))  ;; func typeScalarObject
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 13) (i32.const 1074) (i32.const 14))  ;; func typeMapOnValue
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 13) (i32.const 1088) (i32.const 18))  ;; func typeArrayThenValue
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 13) (i32.const 1106) (i32.const 20))  ;; func typeArrayFlagOnValue
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 13) (i32.const 1126) (i32.const 14))  ;; func typeElemString
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 13) (i32.const 1140) (i32.const 13))  ;; func typeElemBytes
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 13) (i32.const 1153) (i32.const 8))  ;; func typeSize
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 13) (i32.const 1161) (i32.const 11))  ;; func typeChainId
    (call $set (local.get $exp) (i32.const 0xc) (i32.const 13) (i32.const 1172) (i32.const 11))  ;; func typeAddress
    (call $set (local.get $exp) (i32.const 0xd) (i32.const 13) (i32.const 1183) (i32.const 13))  ;; func typeRequestId
    (call $set (local.get $exp) (i32.const 0xe) (i32.const 13) (i32.const 1196) (i32.const 15))  ;; func typeCallOnState
    (call $set (local.get $exp) (i32.const 0xf) (i32.const 13) (i32.const 1211) (i32.const 19))  ;; func typeCallResultFirst
    (call $set (local.get $exp) (i32.const 0x10) (i32.const 13) (i32.const 1230) (i32.const 10))  ;; func typeCall42
    (call $set (local.get $exp) (i32.const 0x11) (i32.const 13) (i32.const 1240) (i32.const 12))  ;; func typeArrSetup
    (call $set (local.get $exp) (i32.const 0x12) (i32.const 13) (i32.const 1252) (i32.const 13))  ;; func typeArrLenBad
    (call $set (local.get $exp) (i32.const 0x13) (i32.const 13) (i32.const 1265) (i32.const 16))  ;; func typeIntOnCommand
    (call $set (local.get $exp) (i32.const 0x14) (i32.const 13) (i32.const 1281) (i32.const 11))  ;; func typeValue99
    (call $set (local.get $exp) (i32.const 0x15) (i32.const 13) (i32.const 1292) (i32.const 9))  ;; func typeGet30
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $typeZero) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $type99) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $typeArrayOnRootMap) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $typeScalarObject) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $typeMapOnValue) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $typeArrayThenValue) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $typeArrayFlagOnValue) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $typeElemString) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $typeElemBytes) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $typeSize) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $typeChainId) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xc)) (then (call $typeAddress) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xd)) (then (call $typeRequestId) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xe)) (then (call $typeCallOnState) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xf)) (then (call $typeCallResultFirst) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x10)) (then (call $typeCall42) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x11)) (then (call $typeArrSetup) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x12)) (then (call $typeArrLenBad) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x13)) (then (call $typeIntOnCommand) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x14)) (then (call $typeValue99) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x15)) (then (call $typeGet30) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $v (result i32) (call $k (i32.const 64) (i32.const 1)))
  (func $a (result i32) (call $k (i32.const 65) (i32.const 1)))

  (func $typeZero (drop (call $obj (i32.const 1) (i32.const -37) (i32.const 0))))
  (func $type99 (drop (call $obj (i32.const 1) (i32.const -37) (i32.const 99))))
  (func $typeArrayOnRootMap (drop (call $obj (i32.const 1) (i32.const -37) (i32.const 0x2b))))

  (func $typeScalarObject (drop (call $obj (call $state) (call $v) (i32.const 13))))

  (func $typeMapOnValue
    (local $s i32)
    (local.set $s (call $state))
    (call $set (local.get $s) (call $v) (i32.const 10) (i32.const 16) (i32.const 8))
    (drop (call $obj (local.get $s) (call $v) (i32.const 11))))

  (func $typeArrayThenValue
    (local $s i32)
    (local.set $s (call $state))
    (drop (call $obj (local.get $s) (call $a) (i32.const 0x2a)))
    (call $set (local.get $s) (call $a) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $typeArrayFlagOnValue
    (local $s i32)
    (local.set $s (call $state))
    (call $set (local.get $s) (call $v) (i32.const 0x2d) (i32.const 69) (i32.const 3))
    (drop (call $get (local.get $s) (call $v) (i32.const 13) (i32.const 0x8000) (i32.const 3))))

  (func $typeElemString
    (call $set (call $obj (call $state) (call $a) (i32.const 0x2a)) (i32.const 0) (i32.const 13) (i32.const 69) (i32.const 3)))

  (func $typeElemBytes
    (call $set (call $obj (call $state) (call $a) (i32.const 0x2a)) (i32.const 0) (i32.const 3) (i32.const 16) (i32.const 8)))

  (func $typeSize
    (call $set (call $state) (call $v) (i32.const 10) (i32.const 16) (i32.const 4)))

  ;; 33 zero bytes at 0x8000 (untouched memory).
  (func $typeChainId
    (call $set (call $state) (call $v) (i32.const 4) (i32.const 0x8000) (i32.const 33)))

  (func $typeAddress
    (call $set (call $state) (call $v) (i32.const 1) (i32.const 128) (i32.const 33)))

  (func $typeRequestId
    (call $set (call $state) (call $v) (i32.const 12) (i32.const 192) (i32.const 34)))

  (func $typeCallOnState
    (drop (call $get (call $state) (call $v) (i32.const 0x40) (i32.const 0) (i32.const 0))))

  (func $typeCallResultFirst
    (drop (call $get (call $obj (i32.const 1) (i32.const -41) (i32.const 11)) (i32.const -21) (i32.const 0x41) (i32.const 0x8000) (i32.const 32))))

  (func $typeCall42
    (drop (call $get (call $obj (i32.const 1) (i32.const -41) (i32.const 11)) (i32.const -21) (i32.const 0x42) (i32.const 0x8000) (i32.const 32))))

  (func $typeArrSetup
    (call $set (call $state) (call $k (i32.const 66) (i32.const 3)) (i32.const 13) (i32.const 69) (i32.const 3)))

  (func $typeArrLenBad
    (drop (call $obj (call $state) (call $k (i32.const 66) (i32.const 3)) (i32.const 0x39))))

  (func $typeIntOnCommand
    (call $set (i32.const 1) (i32.const -26) (i32.const 9) (i32.const 69) (i32.const 3)))

  (func $typeValue99
    (call $set (call $state) (call $v) (i32.const 99) (i32.const 16) (i32.const 8)))

  (func $typeGet30
    (drop (call $get (call $state) (call $v) (i32.const 30) (i32.const 256) (i32.const 8))))
)
