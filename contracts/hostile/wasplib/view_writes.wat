;; Attack: WasmLib (v0.2.0) views (index bit 0x8000) that try what only a func may: write state, clear
;; a state array (writes its length), grow a state array by reading index == length, post, transfer to
;; an L1 address, call with tokens, call a func, publish an event, deploy, read the incoming tokens, the
;; minted tokens, the caller or the request id, or draw a random number. Also sent as a request, a view
;; is refused by the chain.
;;   view:<name>            the attack its name says
;;   view:viewReads         honest: reads state, the timestamp, the chain id, the balances; results
;;                          "t" = the timestamp
;;   fn:ok                  honest
;; Host must: fail each view with a message that names what was refused (`ScViewState.Set`,
;; `$state.a.validate: Invalid index`, `root.post: not available in a view`, `transfers: not available
;; in a view`, `a view cannot transfer tokens`, `root.failed to invoke call: ... is not a view`,
;; `root.invalid key: -19` / `-10` / `-34`, `root.deploy: not available in a view`, `no incoming() on
;; views`, `no minted() on views`, `utility.random is not available in a view`), leave state as it was,
;; never panic. view:viewReads and fn:ok succeed.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "v"; 65: key "a"; 66: key "t".
  (data (i32.const 64) "v")
  (data (i32.const 65) "a")
  (data (i32.const 66) "t")
  ;; 128: an ed25519 address (version byte 0).
  (data (i32.const 128) "\00\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05")
  ;; 192: a call of own fn:ok (hname patched).
  (data (i32.const 192) "\04\00\00\00\00\04\c0\f1H\0a\00\00")
  ;; 208: a call of accounts.deposit with transfer object 3.
  (data (i32.const 208) "\04\02^K<\04-\10\c9\bd\00\03")
  ;; 224: a deploy.
  (data (i32.const 224) " \00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01x\00\00")
  ;; 272: a post of own fn:ok with transfer object 3 (chain id and hname patched).
  (data (i32.const 272) "!\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00\00\04\c0\f1H\0a\00\03\00")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "viewSetState")
  (data (i32.const 1038) "viewClearArray")
  (data (i32.const 1052) "viewArrayGrow")
  (data (i32.const 1065) "viewPost")
  (data (i32.const 1073) "viewTransfer")
  (data (i32.const 1085) "viewCallTransfer")
  (data (i32.const 1101) "viewCallFunc")
  (data (i32.const 1113) "viewEvent")
  (data (i32.const 1122) "viewDeploy")
  (data (i32.const 1132) "viewIncoming")
  (data (i32.const 1144) "viewMinted")
  (data (i32.const 1154) "viewCaller")
  (data (i32.const 1164) "viewRequestId")
  (data (i32.const 1177) "viewRandom")
  (data (i32.const 1187) "viewReads")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x8000) (i32.const 13) (i32.const 1026) (i32.const 12))  ;; view viewSetState
    (call $set (local.get $exp) (i32.const 0x8001) (i32.const 13) (i32.const 1038) (i32.const 14))  ;; view viewClearArray
    (call $set (local.get $exp) (i32.const 0x8002) (i32.const 13) (i32.const 1052) (i32.const 13))  ;; view viewArrayGrow
    (call $set (local.get $exp) (i32.const 0x8003) (i32.const 13) (i32.const 1065) (i32.const 8))  ;; view viewPost
    (call $set (local.get $exp) (i32.const 0x8004) (i32.const 13) (i32.const 1073) (i32.const 12))  ;; view viewTransfer
    (call $set (local.get $exp) (i32.const 0x8005) (i32.const 13) (i32.const 1085) (i32.const 16))  ;; view viewCallTransfer
    (call $set (local.get $exp) (i32.const 0x8006) (i32.const 13) (i32.const 1101) (i32.const 12))  ;; view viewCallFunc
    (call $set (local.get $exp) (i32.const 0x8007) (i32.const 13) (i32.const 1113) (i32.const 9))  ;; view viewEvent
    (call $set (local.get $exp) (i32.const 0x8008) (i32.const 13) (i32.const 1122) (i32.const 10))  ;; view viewDeploy
    (call $set (local.get $exp) (i32.const 0x8009) (i32.const 13) (i32.const 1132) (i32.const 12))  ;; view viewIncoming
    (call $set (local.get $exp) (i32.const 0x800a) (i32.const 13) (i32.const 1144) (i32.const 10))  ;; view viewMinted
    (call $set (local.get $exp) (i32.const 0x800b) (i32.const 13) (i32.const 1154) (i32.const 10))  ;; view viewCaller
    (call $set (local.get $exp) (i32.const 0x800c) (i32.const 13) (i32.const 1164) (i32.const 13))  ;; view viewRequestId
    (call $set (local.get $exp) (i32.const 0x800d) (i32.const 13) (i32.const 1177) (i32.const 10))  ;; view viewRandom
    (call $set (local.get $exp) (i32.const 0x800e) (i32.const 13) (i32.const 1187) (i32.const 9))  ;; view viewReads
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8000)) (then (call $viewSetState) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8001)) (then (call $viewClearArray) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8002)) (then (call $viewArrayGrow) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8003)) (then (call $viewPost) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8004)) (then (call $viewTransfer) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8005)) (then (call $viewCallTransfer) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8006)) (then (call $viewCallFunc) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8007)) (then (call $viewEvent) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8008)) (then (call $viewDeploy) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8009)) (then (call $viewIncoming) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x800a)) (then (call $viewMinted) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x800b)) (then (call $viewCaller) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x800c)) (then (call $viewRequestId) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x800d)) (then (call $viewRandom) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x800e)) (then (call $viewReads) (return)))
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

  (func $viewSetState
    (call $set (call $state) (call $k (i32.const 64) (i32.const 1)) (i32.const 10) (i32.const 16) (i32.const 8)))
  (func $viewClearArray
    (call $set (call $obj (call $state) (call $k (i32.const 65) (i32.const 1)) (i32.const 0x2a)) (i32.const -25) (i32.const 9) (i32.const 0x8000) (i32.const 4)))
  (func $viewArrayGrow
    (drop (call $get (call $obj (call $state) (call $k (i32.const 65) (i32.const 1)) (i32.const 0x2a)) (i32.const 0) (i32.const 10) (i32.const 0x8000) (i32.const 8))))
  (func $viewPost
    (call $tokens (i32.const 0x8000) (i32.const 32) (i32.const 10) (i32.const 8))
    (call $patchChain (i32.const 273))
    (call $patchOwn (i32.const 307))
    (call $cmd (i32.const -32) (i32.const 272) (i32.const 47)))
  (func $viewTransfer
    (local $ti i32)
    (call $tokens (i32.const 0x8000) (i32.const 32) (i32.const 10) (i32.const 8))
    (local.set $ti (call $obj (call $obj (i32.const 1) (i32.const -40) (i32.const 0x2b)) (i32.const 0) (i32.const 11)))
    (call $set (local.get $ti) (i32.const -2) (i32.const 1) (i32.const 128) (i32.const 33))
    (i32.store (i32.const 0x9000) (i32.const 3))
    (call $set (local.get $ti) (i32.const -3) (i32.const 9) (i32.const 0x9000) (i32.const 4)))
  (func $viewCallTransfer
    (call $tokens (i32.const 0x8000) (i32.const 32) (i32.const 10) (i32.const 8))
    (call $cmd (i32.const -9) (i32.const 208) (i32.const 12)))
  (func $viewCallFunc
    (call $patchOwn (i32.const 193))
    (call $cmd (i32.const -9) (i32.const 192) (i32.const 12)))
  (func $viewEvent
    (call $set (i32.const 1) (i32.const -19) (i32.const 13) (i32.const 64) (i32.const 1)))
  (func $viewDeploy
    (call $cmd (i32.const -16) (i32.const 224) (i32.const 37)))
  (func $viewIncoming
    (drop (call $obj (i32.const 1) (i32.const -24) (i32.const 11))))
  (func $viewMinted
    (drop (call $obj (i32.const 1) (i32.const -28) (i32.const 11))))
  (func $viewCaller
    (drop (call $get (i32.const 1) (i32.const -10) (i32.const 2) (i32.const 0x8000) (i32.const 37))))
  (func $viewRequestId
    (drop (call $get (i32.const 1) (i32.const -34) (i32.const 12) (i32.const 0x8000) (i32.const 34))))
  (func $viewRandom
    (drop (call $get (call $obj (i32.const 1) (i32.const -41) (i32.const 11)) (i32.const -33) (i32.const 0x40) (i32.const 0) (i32.const 0))))
  (func $viewReads
    (local $r i32)
    (drop (call $get (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 0x8000) (i32.const 8)))
    (drop (call $get (i32.const 1) (i32.const -38) (i32.const 10) (i32.const 0x8008) (i32.const 8)))
    (drop (call $get (i32.const 1) (i32.const -11) (i32.const 4) (i32.const 0x8010) (i32.const 33)))
    (drop (call $obj (i32.const 1) (i32.const -3) (i32.const 11)))
    (local.set $r (call $obj (i32.const 1) (i32.const -35) (i32.const 11)))
    (call $set (local.get $r) (call $k (i32.const 66) (i32.const 1)) (i32.const 10) (i32.const 0x8008) (i32.const 8)))
)
