;; Attack: WasmLib (v0.2.0) command payloads (root's `$call`, `$post`, `$deploy`) that do not decode
;; or name the wrong things: a truncated LEB128, a LEB128 longer than its 32 bits, a non-minimal
;; LEB128, a length prefix past the end, a 3-byte hname, params that are the state, root, an object
;; never made or a negative id, a transfer map keyed by a 31-byte colour or holding a 4-byte amount, a
;; transfer the contract cannot pay, a contract that does not exist, a post without tokens, with a chain
;; id of version byte 9 or of 32 bytes, or with delay -1, a deploy with a 31-byte program hash, of a
;; program no blob holds, or with the state as params.
;;   fn:<name> sends the payload at the address its data segment's comment gives (see below).
;;   fn:callTrailingBytes   a good call of accounts.totalAssets with 3 bytes after it: succeeds (the
;;                          original decoder stopped at the last field too)
;;   fn:ok                  honest
;; Host must: fail with the decoder's message (`insufficient bytes`, `integer representation too
;; long`, `integer too large`, `invalid hname length 3`), `invalid map object id <id>: not a map the
;; contract built`, `FindObject: invalid objID`, `invalid color in transfer`, `invalid int64 length`,
;; `root.failed to invoke call: ...`, `root.transfer is required for post`, `invalid chain id: ...`,
;; `root.invalid delay: -1`, `invalid program hash length 31`, `root.failed to deploy: ...`; move no
;; token, post nothing, deploy nothing, never panic; roll the request back. fn:callTrailingBytes and
;; fn:ok succeed.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 256: a LEB128 length cut off (1 bytes).
  (data (i32.const 256) "\80")
  ;; 264: a 6-byte LEB128 for a 32-bit length (6 bytes).
  (data (i32.const 264) "\84\80\80\80\80\00")
  ;; 272: a non-minimal LEB128 (84 00 for 4) (6 bytes).
  (data (i32.const 272) "\84\00\02^K<")
  ;; 280: a length of 16 with 2 bytes left (3 bytes).
  (data (i32.const 280) "\10\02^")
  ;; 284: a 3-byte hname (4 bytes).
  (data (i32.const 284) "\03\02^K")
  ;; 304: accounts.totalAssets, params = object 2 (the state) (12 bytes).
  (data (i32.const 304) "\04\02^K<\04\d2\f8\b0\fa\02\00")
  ;; 320: params = object 1 (root) (12 bytes).
  (data (i32.const 320) "\04\02^K<\04\d2\f8\b0\fa\01\00")
  ;; 336: params = object 50 (never made) (12 bytes).
  (data (i32.const 336) "\04\02^K<\04\d2\f8\b0\fa2\00")
  ;; 352: params = object -1 (12 bytes).
  (data (i32.const 352) "\04\02^K<\04\d2\f8\b0\fa\7f\00")
  ;; 368: accounts.deposit, transfer = object 3 (12 bytes).
  (data (i32.const 368) "\04\02^K<\04-\10\c9\bd\00\03")
  ;; 384: own fn:ok (hname patched), transfer = object 3 (12 bytes).
  (data (i32.const 384) "\04\00\00\00\00\04\c0\f1H\0a\00\03")
  ;; 400: a contract that does not exist (12 bytes).
  (data (i32.const 400) "\04\ff\ff\ff\7f\04\d2\f8\b0\fa\00\00")
  ;; 416: a good call with 3 bytes after it (15 bytes).
  (data (i32.const 416) "\04\02^K<\04\d2\f8\b0\fa\00\00\ff\ff\ff")
  ;; 512: post: chain id (patched), own fn:ok, params 0, transfer 0, delay 0 (47 bytes).
  (data (i32.const 512) "!\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00\00\04\c0\f1H\0a\00\00\00")
  ;; 576: post: a chain id with version byte 9 (47 bytes).
  (data (i32.const 576) "!\09\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\04\00\00\00\00\04\c0\f1H\0a\00\03\00")
  ;; 640: post: a 32-byte chain id (46 bytes).
  (data (i32.const 640) " \02\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\07\04\00\00\00\00\04\c0\f1H\0a\00\03\00")
  ;; 704: post: chain id (patched), own fn:ok, transfer object 3, delay -1 (47 bytes).
  (data (i32.const 704) "!\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00\00\04\c0\f1H\0a\00\03\7f")
  ;; 768: deploy: a 31-byte program hash (36 bytes).
  (data (i32.const 768) "\1f\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01x\00\00")
  ;; 832: deploy: a program hash no blob has, name "x" (37 bytes).
  (data (i32.const 832) " \00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01x\00\00")
  ;; 896: deploy: params = object 2 (the state) (37 bytes).
  (data (i32.const 896) " \00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01x\00\02")
  ;; 960: a 31-byte colour; 992: a 32-byte colour (and 0x8000: the base colour, zeros).
  (data (i32.const 960) "\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01")
  (data (i32.const 992) "\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01\01")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "callTruncatedLeb")
  (data (i32.const 1042) "callOverlongLeb")
  (data (i32.const 1057) "callNonMinimalLeb")
  (data (i32.const 1074) "callLenPastEnd")
  (data (i32.const 1088) "callShortHname")
  (data (i32.const 1102) "callParamsState")
  (data (i32.const 1117) "callParamsRoot")
  (data (i32.const 1131) "callParamsMissing")
  (data (i32.const 1148) "callParamsNegative")
  (data (i32.const 1166) "callTransferColor31")
  (data (i32.const 1185) "callTransferAmount4")
  (data (i32.const 1204) "callTransferUnfunded")
  (data (i32.const 1224) "callUnknownContract")
  (data (i32.const 1243) "callTrailingBytes")
  (data (i32.const 1260) "postNoTransfer")
  (data (i32.const 1274) "postBadChainVersion")
  (data (i32.const 1293) "postShortChain")
  (data (i32.const 1307) "postNegativeDelay")
  (data (i32.const 1324) "deployShortHash")
  (data (i32.const 1339) "deployUnknownProgram")
  (data (i32.const 1359) "deployParamsState")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 16))  ;; func callTruncatedLeb
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1042) (i32.const 15))  ;; func callOverlongLeb
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1057) (i32.const 17))  ;; func callNonMinimalLeb
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1074) (i32.const 14))  ;; func callLenPastEnd
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 13) (i32.const 1088) (i32.const 14))  ;; func callShortHname
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 13) (i32.const 1102) (i32.const 15))  ;; func callParamsState
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 13) (i32.const 1117) (i32.const 14))  ;; func callParamsRoot
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 13) (i32.const 1131) (i32.const 17))  ;; func callParamsMissing
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 13) (i32.const 1148) (i32.const 18))  ;; func callParamsNegative
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 13) (i32.const 1166) (i32.const 19))  ;; func callTransferColor31
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 13) (i32.const 1185) (i32.const 19))  ;; func callTransferAmount4
    (call $set (local.get $exp) (i32.const 0xc) (i32.const 13) (i32.const 1204) (i32.const 20))  ;; func callTransferUnfunded
    (call $set (local.get $exp) (i32.const 0xd) (i32.const 13) (i32.const 1224) (i32.const 19))  ;; func callUnknownContract
    (call $set (local.get $exp) (i32.const 0xe) (i32.const 13) (i32.const 1243) (i32.const 17))  ;; func callTrailingBytes
    (call $set (local.get $exp) (i32.const 0xf) (i32.const 13) (i32.const 1260) (i32.const 14))  ;; func postNoTransfer
    (call $set (local.get $exp) (i32.const 0x10) (i32.const 13) (i32.const 1274) (i32.const 19))  ;; func postBadChainVersion
    (call $set (local.get $exp) (i32.const 0x11) (i32.const 13) (i32.const 1293) (i32.const 14))  ;; func postShortChain
    (call $set (local.get $exp) (i32.const 0x12) (i32.const 13) (i32.const 1307) (i32.const 17))  ;; func postNegativeDelay
    (call $set (local.get $exp) (i32.const 0x13) (i32.const 13) (i32.const 1324) (i32.const 15))  ;; func deployShortHash
    (call $set (local.get $exp) (i32.const 0x14) (i32.const 13) (i32.const 1339) (i32.const 20))  ;; func deployUnknownProgram
    (call $set (local.get $exp) (i32.const 0x15) (i32.const 13) (i32.const 1359) (i32.const 17))  ;; func deployParamsState
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $callTruncatedLeb) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $callOverlongLeb) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $callNonMinimalLeb) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $callLenPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $callShortHname) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $callParamsState) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $callParamsRoot) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $callParamsMissing) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $callParamsNegative) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $callTransferColor31) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $callTransferAmount4) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xc)) (then (call $callTransferUnfunded) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xd)) (then (call $callUnknownContract) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xe)) (then (call $callTrailingBytes) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xf)) (then (call $postNoTransfer) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x10)) (then (call $postBadChainVersion) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x11)) (then (call $postShortChain) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x12)) (then (call $postNegativeDelay) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x13)) (then (call $deployShortHash) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x14)) (then (call $deployUnknownProgram) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x15)) (then (call $deployParamsState) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  ;; Writes the chain id (33 bytes) / this contract's hname (4 bytes) at `at`.
  (func $patchChain (param $at i32) (drop (call $get (i32.const 1) (i32.const -11) (i32.const 4) (local.get $at) (i32.const 33))))
  (func $patchOwn (param $at i32) (drop (call $get (i32.const 1) (i32.const -14) (i32.const 7) (local.get $at) (i32.const 4))))
  ;; Object 2 is the maps factory, object 3 a new map holding `amount` (i64 LE at 16, 8 bytes typed
  ;; `ty`, or 4 of them typed BYTES) under the byte key of `klen` bytes at `kptr`.
  (func $tokens (param $kptr i32) (param $klen i32) (param $ty i32) (param $n i32)
    (local $m i32)
    (local.set $m (call $obj (call $obj (i32.const 1) (i32.const -27) (i32.const 0x2b)) (i32.const 0) (i32.const 11)))
    (call $set (local.get $m) (call $key (local.get $kptr) (i32.sub (i32.const -1) (local.get $klen))) (local.get $ty) (i32.const 16) (local.get $n)))
  (func $cmd (param $key i32) (param $ptr i32) (param $len i32)
    (call $set (i32.const 1) (local.get $key) (i32.const 3) (local.get $ptr) (local.get $len)))

  (func $callTruncatedLeb
    (call $cmd (i32.const -9) (i32.const 256) (i32.const 1)))
  (func $callOverlongLeb
    (call $cmd (i32.const -9) (i32.const 264) (i32.const 6)))
  (func $callNonMinimalLeb
    (call $cmd (i32.const -9) (i32.const 272) (i32.const 6)))
  (func $callLenPastEnd
    (call $cmd (i32.const -9) (i32.const 280) (i32.const 3)))
  (func $callShortHname
    (call $cmd (i32.const -9) (i32.const 284) (i32.const 4)))
  (func $callParamsRoot
    (call $cmd (i32.const -9) (i32.const 320) (i32.const 12)))
  (func $callParamsMissing
    (call $cmd (i32.const -9) (i32.const 336) (i32.const 12)))
  (func $callParamsNegative
    (call $cmd (i32.const -9) (i32.const 352) (i32.const 12)))
  (func $callUnknownContract
    (call $cmd (i32.const -9) (i32.const 400) (i32.const 12)))
  (func $callTrailingBytes
    (call $cmd (i32.const -9) (i32.const 416) (i32.const 15)))
  (func $callParamsState
    (drop (call $state))
    (call $cmd (i32.const -9) (i32.const 304) (i32.const 12)))
  (func $callTransferColor31
    (call $tokens (i32.const 960) (i32.const 31) (i32.const 10) (i32.const 8))
    (call $cmd (i32.const -9) (i32.const 368) (i32.const 12)))
  (func $callTransferAmount4
    (call $tokens (i32.const 992) (i32.const 32) (i32.const 3) (i32.const 4))
    (call $cmd (i32.const -9) (i32.const 368) (i32.const 12)))
  (func $callTransferUnfunded
    (call $tokens (i32.const 0x8000) (i32.const 32) (i32.const 10) (i32.const 8))
    (call $patchOwn (i32.const 385))
    (call $cmd (i32.const -9) (i32.const 384) (i32.const 12)))
  (func $postNoTransfer
    (call $patchChain (i32.const 513))
    (call $patchOwn (i32.const 547))
    (call $cmd (i32.const -32) (i32.const 512) (i32.const 47)))
  (func $postBadChainVersion
    (call $cmd (i32.const -32) (i32.const 576) (i32.const 47)))
  (func $postShortChain
    (call $cmd (i32.const -32) (i32.const 640) (i32.const 46)))
  (func $postNegativeDelay
    (call $tokens (i32.const 0x8000) (i32.const 32) (i32.const 10) (i32.const 8))
    (call $patchChain (i32.const 705))
    (call $patchOwn (i32.const 739))
    (call $cmd (i32.const -32) (i32.const 704) (i32.const 47)))
  (func $deployShortHash
    (call $cmd (i32.const -16) (i32.const 768) (i32.const 36)))
  (func $deployUnknownProgram
    (call $cmd (i32.const -16) (i32.const 832) (i32.const 37)))
  (func $deployParamsState
    (drop (call $state))
    (call $cmd (i32.const -16) (i32.const 896) (i32.const 37)))
)
