;; Attack: unbounded mutual recursion through the host, one instance per hop. This is contract A;
;; mutual_b.wat is contract B. A's fn:ping calls fn:pong of the contract whose hname is param `peer`
;; (B) through `call`, passing its own hname as B's `peer`; B's fn:pong calls A's fn:ping the same
;; way, and so on. Deploy both, then call A.ping with params {peer: hname of B} (4 bytes LE).
;; Host must: stop the chain at the nested-call depth limit (or when gas runs out) with a
;; deterministic error, free every instance of the chain of calls, roll back the whole request, and
;; never overflow the native stack: each hop adds host frames, not only Wasm frames.
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
  (data (i32.const 48) "pong")
  ;; 64: the message for malformed params (42 bytes).
  (data (i32.const 64) "ping: params must be exactly {peer: hname}")

  (func (export "fn:ping")
    ;; This call's params, at 256: exactly {peer: hname} is 18 bytes, the key at 262, the hname at 270.
    (if (i32.ne (call $params (i32.const 256) (i32.const 64)) (i32.const 18))
      (then (call $panic (i32.const 64) (i32.const 42))))
    (if (i32.ne (i32.load (i32.const 262)) (i32.load (i32.const 6)))
      (then (call $panic (i32.const 64) (i32.const 42))))
    (i32.store (i32.const 14) (call $contract))
    (drop
      (call $call
        (i32.load (i32.const 270))                     ;; contract: the peer
        (call $hname (i32.const 48) (i32.const 4))     ;; entry point: "pong"
        (i32.const 0) (i32.const 18)                   ;; params: {peer: own hname}
        (i32.const 32) (i32.const 4)                   ;; transfer: nothing
        (i32.const 512) (i32.const 256)))))            ;; results buffer
