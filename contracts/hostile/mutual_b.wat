;; Attack: the other half of mutual_a.wat (contract B). B's fn:pong calls fn:ping of the contract
;; whose hname is param `peer` (A) through `call`, passing its own hname as A's `peer`.
;; Host must: as for mutual_a.wat: a deterministic call-depth (or out-of-gas) error, every instance
;; freed, the request rolled back, the node's stack safe.
(module
  (import "isc" "params" (func $params (param i32 i32) (result i32)))
  (import "isc" "contract" (func $contract (result i32)))
  (import "isc" "hname" (func $hname (param i32 i32) (result i32)))
  (import "isc" "call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "isc" "panic" (func $panic (param i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the params for the peer, {peer: own hname}: count 1, key "peer", value length 4, the hname at 14.
  (data (i32.const 0) "\01\00\00\00\04\00peer\04\00\00\00\00\00\00\00")
  ;; 32: an empty transfer (balances, count 0).
  (data (i32.const 32) "\00\00\00\00")
  ;; 48: the peer's entry point.
  (data (i32.const 48) "ping")
  ;; 64: the message for malformed params (42 bytes).
  (data (i32.const 64) "pong: params must be exactly {peer: hname}")

  (func (export "fn:pong")
    ;; This call's params, at 256: exactly {peer: hname} is 18 bytes, the key at 262, the hname at 270.
    (if (i32.ne (call $params (i32.const 256) (i32.const 64)) (i32.const 18))
      (then (call $panic (i32.const 64) (i32.const 42))))
    (if (i32.ne (i32.load (i32.const 262)) (i32.load (i32.const 6)))
      (then (call $panic (i32.const 64) (i32.const 42))))
    (i32.store (i32.const 14) (call $contract))
    (drop
      (call $call
        (i32.load (i32.const 270))                     ;; contract: the peer
        (call $hname (i32.const 48) (i32.const 4))     ;; entry point: "ping"
        (i32.const 0) (i32.const 18)                   ;; params: {peer: own hname}
        (i32.const 32) (i32.const 4)                   ;; transfer: nothing
        (i32.const 512) (i32.const 256)))))            ;; results buffer
