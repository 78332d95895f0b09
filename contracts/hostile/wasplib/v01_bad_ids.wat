;; Attack: wasplib (v0.1.0) ids, lengths and payloads, where the tag's wording and widths differ from
;; v0.2.0: the null object, unknown keys of state and root, a bad type for root's state, a negative
;; length, a truncated payload, a params object id past i32 in a 64-bit LEB128, an 11-byte LEB128, a
;; post delay below -1, a 36-byte contract id; views that read the caller, grow a state array by
;; reading index == length (v0.1.0 writes the new length, even in a view), or read the incoming tokens.
;;   fn:objZero / fn:keyUnknown / fn:keyUnknownRoot / fn:typeBadRoot / fn:setNegLen
;;   fn:callTruncated (80) / fn:callParamsHuge (params 2^40) / fn:callOverlong (11 bytes)
;;   fn:postBadDelay        post of own fn:ok (contract id patched from `contractId`), delay -2
;;   fn:postShortContract   post with a 36-byte contract id
;;   view:viewCaller / view:viewArrayGrow / view:viewIncoming
;;   fn:utilityUnknownKey   a write to key 5 (no predefined key) of the utility object
;;   fn:ok                  honest
;; Host must: fail with v0.1.0's messages (`FindObject: invalid objId: 0`, `state.Invalid key: 999`,
;; `root.GetMapObjectId: Invalid key` / `Invalid type`, `SetBytes: invalid length -1`, `Cannot decode
;; bytes`, `invalid object id 1099511627776`, `integer representation too long`, `root.invalid delay:
;; -2`, `invalid contract id: 36 bytes`, `root.Invalid key: -9`, `ScViewState.Set`, `No incoming
;; transfers on views`, `utility.Invalid key: 5`), never panic; roll the request back. fn:ok succeeds.
(module
  (import "wasplib" "hostGetKeyId" (func $key (param i32 i32) (result i32)))
  (import "wasplib" "hostGetObjectId" (func $obj (param i32 i32 i32) (result i32)))
  (import "wasplib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasplib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "a".
  (data (i32.const 64) "a")
  ;; 256: a truncated LEB128.
  (data (i32.const 256) "\80")
  ;; 264: accounts.totalAssets with params object 2^40.
  (data (i32.const 264) "\04\02^K<\04\d2\f8\b0\fa\80\80\80\80\80 \00")
  ;; 288: params as an 11-byte LEB128.
  (data (i32.const 288) "\04\02^K<\04\d2\f8\b0\fa\80\80\80\80\80\80\80\80\80\80\00\00")
  ;; 320: post: contract id (patched), fn:ok, params 0, transfer 0, delay -2.
  (data (i32.const 320) "%\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\04\c0\f1H\0a\00\00~")
  ;; 384: post with a 36-byte contract id.
  (data (i32.const 384) "$\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\02\04\c0\f1H\0a\00\00\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "objZero")
  (data (i32.const 1033) "keyUnknown")
  (data (i32.const 1043) "keyUnknownRoot")
  (data (i32.const 1057) "typeBadRoot")
  (data (i32.const 1068) "setNegLen")
  (data (i32.const 1077) "callTruncated")
  (data (i32.const 1090) "callParamsHuge")
  (data (i32.const 1104) "callOverlong")
  (data (i32.const 1116) "postBadDelay")
  (data (i32.const 1128) "postShortContract")
  (data (i32.const 1145) "viewCaller")
  (data (i32.const 1155) "viewArrayGrow")
  (data (i32.const 1168) "viewIncoming")
  (data (i32.const 1180) "utilityUnknownKey")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -18) (i32.const 0x2c)))
    (call $set (local.get $exp) (i32.const -41) (i32.const 12) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 12) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 12) (i32.const 1026) (i32.const 7))  ;; func objZero
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 12) (i32.const 1033) (i32.const 10))  ;; func keyUnknown
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 12) (i32.const 1043) (i32.const 14))  ;; func keyUnknownRoot
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 12) (i32.const 1057) (i32.const 11))  ;; func typeBadRoot
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 12) (i32.const 1068) (i32.const 9))  ;; func setNegLen
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 12) (i32.const 1077) (i32.const 13))  ;; func callTruncated
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 12) (i32.const 1090) (i32.const 14))  ;; func callParamsHuge
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 12) (i32.const 1104) (i32.const 12))  ;; func callOverlong
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 12) (i32.const 1116) (i32.const 12))  ;; func postBadDelay
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 12) (i32.const 1128) (i32.const 17))  ;; func postShortContract
    (call $set (local.get $exp) (i32.const 0x8000) (i32.const 12) (i32.const 1145) (i32.const 10))  ;; view viewCaller
    (call $set (local.get $exp) (i32.const 0x8001) (i32.const 12) (i32.const 1155) (i32.const 13))  ;; view viewArrayGrow
    (call $set (local.get $exp) (i32.const 0x8002) (i32.const 12) (i32.const 1168) (i32.const 12))  ;; view viewIncoming
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 12) (i32.const 1180) (i32.const 17))  ;; func utilityUnknownKey
  )

  (func (export "on_call_entrypoint") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $objZero) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $keyUnknown) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $keyUnknownRoot) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $typeBadRoot) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $setNegLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $callTruncated) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $callParamsHuge) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $callOverlong) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $postBadDelay) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $postShortContract) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8000)) (then (call $viewCaller) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8001)) (then (call $viewArrayGrow) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8002)) (then (call $viewIncoming) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $utilityUnknownKey) (return)))
    unreachable)

  ;; The contract's state (v0.1.0: key -35, MAP 10).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -35) (i32.const 10)))
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1 (INT64 is 9).
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 9) (i32.const 16) (i32.const 8)))
  (func $cmd (param $key i32) (param $ptr i32) (param $len i32)
    (call $set (i32.const 1) (local.get $key) (i32.const 3) (local.get $ptr) (local.get $len)))

  (func $objZero
    (drop (call $get (i32.const 0) (call $k (i32.const 1024) (i32.const 2)) (i32.const 9) (i32.const 0x8000) (i32.const 8))))
  (func $keyUnknown
    (drop (call $get (call $state) (i32.const 999) (i32.const 9) (i32.const 0x8000) (i32.const 8))))
  (func $keyUnknownRoot
    (drop (call $obj (i32.const 1) (i32.const 999) (i32.const 10))))
  (func $typeBadRoot
    (drop (call $obj (i32.const 1) (i32.const -35) (i32.const 0))))
  (func $setNegLen
    (call $set (call $state) (call $k (i32.const 64) (i32.const 1)) (i32.const 3) (i32.const 0) (i32.const -1)))
  (func $callTruncated (call $cmd (i32.const -8) (i32.const 256) (i32.const 1)))
  (func $callParamsHuge (call $cmd (i32.const -8) (i32.const 264) (i32.const 17)))
  (func $callOverlong (call $cmd (i32.const -8) (i32.const 288) (i32.const 22)))
  (func $postBadDelay
    (drop (call $get (i32.const 1) (i32.const -13) (i32.const 6) (i32.const 321) (i32.const 37)))
    (call $cmd (i32.const -30) (i32.const 320) (i32.const 46)))
  (func $postShortContract (call $cmd (i32.const -30) (i32.const 384) (i32.const 45)))
  (func $viewCaller
    (drop (call $get (i32.const 1) (i32.const -9) (i32.const 2) (i32.const 0x8000) (i32.const 37))))
  (func $viewArrayGrow
    (drop (call $get (call $obj (call $state) (call $k (i32.const 64) (i32.const 1)) (i32.const 0x29)) (i32.const 0) (i32.const 9) (i32.const 0x8000) (i32.const 8))))
  (func $viewIncoming
    (drop (call $obj (i32.const 1) (i32.const -22) (i32.const 10))))
  (func $utilityUnknownKey
    (call $set (call $obj (i32.const 1) (i32.const -39) (i32.const 10)) (i32.const 5) (i32.const 3) (i32.const 16) (i32.const 8)))
)
