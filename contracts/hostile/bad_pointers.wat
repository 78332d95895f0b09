;; Attack: every host function that takes a pointer, called with a range outside the guest's memory
;; (1 page = 65536 bytes). One entry point per import, named after it (camelCase); some imports get
;; extra variants. The flavours: a range past the end, a range ending one byte past the end (off by
;; one), a pointer + length that wraps around 2^32, a negative (huge) length, a zero-length range
;; starting past the end, and an output buffer whose capacity runs past the end.
;;
;;   fn:params          params(buf 65535, cap 256)                 output buffer runs past the end
;;   fn:output          output(buf -1, cap 2)                      wraps around 2^32
;;   fn:stateGet        state_get(key 65536, len 1, ...)           key past the end
;;   fn:stateGetWrap    state_get(key -1, len 2, ...)              key wraps around 2^32
;;   fn:stateGetBuf     state_set("k", 10 bytes), then state_get("k", buf 65528, cap 256)
;;   fn:stateHas        state_has(key 0, len -1)                   negative length
;;   fn:statePrefix     state_prefix(prefix 70000, len 0, ...)     zero-length range past the end
;;   fn:callView        call_view(own, "stateGet", params 65530, len 100, ...)
;;   fn:chainId         chain_id(out 65520)                        32 bytes do not fit
;;   fn:chainOwner      chain_owner(out 65501)                     36 bytes, one byte too many
;;   fn:balances        balances(buf 65536, cap 1)                 output buffer past the end
;;   fn:balance         balance(color 65520)                       32 bytes do not fit
;;   fn:blake2b         blake2b(data 0, len 65537, out 0)          data one byte past the end
;;   fn:blake2bOut      blake2b(data 0, len 4, out 65535)          output does not fit
;;   fn:hname           hname(name -1, len 1)                      wraps to exactly 2^32
;;   fn:log             log(msg 0, len 0x7FFFFFFF)                 huge length
;;   fn:results         results(data 65536, len 4)                 past the end
;;   fn:panic           panic(msg 65000, len 1000)                 runs past the end
;;   fn:stateSet        state_set(key 0, len 1, value 65000, len 1000)
;;   fn:stateSetNegLen  state_set(key 0, len 1, value 0, len -1)   negative length
;;   fn:stateDelete     state_delete(key -100, len 200)            wraps around 2^32
;;   fn:call            call(own, "stateGet", params 0/4, transfer 65534/4, ...)
;;   fn:post            post(target 65530, ...)                    36-byte contract id does not fit
;;   fn:send            send(address 0, tokens 65535, len 4)
;;   fn:event           event(msg 65536, len -1)
;;   fn:caller          caller(out -4)                             wraps around 2^32
;;   fn:sender          sender(out 65501)                          36 bytes, one byte too many
;;   fn:requestId       request_id(out 65503)                      34 bytes, one byte too many
;;   fn:incoming        incoming(buf 65533, cap 4)                 one byte too many
;;   fn:entropy         entropy(out 65505)                         32 bytes, one byte too many
;;
;; And one control that must succeed: fn:inBoundsEdges uses ranges that end exactly at the end of
;; memory and zero-length ranges starting at the end (in bounds, as for Wasm's own bulk operations).
;; `contract`, `timestamp` and `gas_remaining` take no pointers and are not attacked.
;; Host must: check every range (with 64-bit arithmetic, so nothing wraps) before reading or writing
;; guest memory or acting, and fail the call with an out-of-bounds trap that names the host function;
;; never read or write host memory, never panic, roll the request back. inBoundsEdges succeeds.
(module
  (import "isc" "params" (func $params (param i32 i32) (result i32)))
  (import "isc" "output" (func $output (param i32 i32) (result i32)))
  (import "isc" "state_get" (func $state_get (param i32 i32 i32 i32) (result i32)))
  (import "isc" "state_has" (func $state_has (param i32 i32) (result i32)))
  (import "isc" "state_prefix" (func $state_prefix (param i32 i32 i32 i32) (result i32)))
  (import "isc" "call_view" (func $call_view (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "isc" "contract" (func $contract (result i32)))
  (import "isc" "chain_id" (func $chain_id (param i32)))
  (import "isc" "chain_owner" (func $chain_owner (param i32)))
  (import "isc" "balances" (func $balances (param i32 i32) (result i32)))
  (import "isc" "balance" (func $balance (param i32) (result i64)))
  (import "isc" "blake2b" (func $blake2b (param i32 i32 i32)))
  (import "isc" "hname" (func $hname (param i32 i32) (result i32)))
  (import "isc" "log" (func $log (param i32 i32)))
  (import "isc" "results" (func $results (param i32 i32)))
  (import "isc" "panic" (func $panic (param i32 i32)))
  (import "isc" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (import "isc" "state_delete" (func $state_delete (param i32 i32)))
  (import "isc" "call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "isc" "post" (func $post (param i32 i32 i32 i32 i32 i32)))
  (import "isc" "send" (func $send (param i32 i32 i32)))
  (import "isc" "event" (func $event (param i32 i32)))
  (import "isc" "caller" (func $caller (param i32)))
  (import "isc" "sender" (func $sender (param i32)))
  (import "isc" "request_id" (func $request_id (param i32)))
  (import "isc" "incoming" (func $incoming (param i32 i32) (result i32)))
  (import "isc" "entropy" (func $entropy (param i32)))
  (memory (export "memory") 1)

  ;; 0: four zero bytes, an empty dict or balances. 16: key "k". 32: an entry point name.
  (data (i32.const 16) "k")
  (data (i32.const 32) "stateGet")

  ;; The hname of "stateGet", an entry point that exists, so that only the bad range can fail a call.
  (func $entry (result i32)
    (call $hname (i32.const 32) (i32.const 8)))

  (func (export "fn:params")
    (drop (call $params (i32.const 65535) (i32.const 256))))

  (func (export "fn:output")
    (drop (call $output (i32.const -1) (i32.const 2))))

  (func (export "fn:stateGet")
    (drop (call $state_get (i32.const 65536) (i32.const 1) (i32.const 0) (i32.const 0))))

  (func (export "fn:stateGetWrap")
    (drop (call $state_get (i32.const -1) (i32.const 2) (i32.const 0) (i32.const 0))))

  (func (export "fn:stateGetBuf")
    (call $state_set (i32.const 16) (i32.const 1) (i32.const 32) (i32.const 10))
    (drop (call $state_get (i32.const 16) (i32.const 1) (i32.const 65528) (i32.const 256))))

  (func (export "fn:stateHas")
    (drop (call $state_has (i32.const 0) (i32.const -1))))

  (func (export "fn:statePrefix")
    (drop (call $state_prefix (i32.const 70000) (i32.const 0) (i32.const 0) (i32.const 0))))

  (func (export "fn:callView")
    (drop
      (call $call_view
        (call $contract) (call $entry)
        (i32.const 65530) (i32.const 100)
        (i32.const 0) (i32.const 0))))

  (func (export "fn:chainId")
    (call $chain_id (i32.const 65520)))

  (func (export "fn:chainOwner")
    (call $chain_owner (i32.const 65501)))

  (func (export "fn:balances")
    (drop (call $balances (i32.const 65536) (i32.const 1))))

  (func (export "fn:balance")
    (drop (call $balance (i32.const 65520))))

  (func (export "fn:blake2b")
    (call $blake2b (i32.const 0) (i32.const 65537) (i32.const 0)))

  (func (export "fn:blake2bOut")
    (call $blake2b (i32.const 0) (i32.const 4) (i32.const 65535)))

  (func (export "fn:hname")
    (drop (call $hname (i32.const -1) (i32.const 1))))

  (func (export "fn:log")
    (call $log (i32.const 0) (i32.const 0x7FFFFFFF)))

  (func (export "fn:results")
    (call $results (i32.const 65536) (i32.const 4)))

  (func (export "fn:panic")
    (call $panic (i32.const 65000) (i32.const 1000)))

  (func (export "fn:stateSet")
    (call $state_set (i32.const 0) (i32.const 1) (i32.const 65000) (i32.const 1000)))

  (func (export "fn:stateSetNegLen")
    (call $state_set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const -1)))

  (func (export "fn:stateDelete")
    (call $state_delete (i32.const -100) (i32.const 200)))

  (func (export "fn:call")
    (drop
      (call $call
        (call $contract) (call $entry)
        (i32.const 0) (i32.const 4)
        (i32.const 65534) (i32.const 4)
        (i32.const 0) (i32.const 0))))

  (func (export "fn:post")
    (call $post
      (i32.const 65530) (call $entry)
      (i32.const 0) (i32.const 4)
      (i32.const 0) (i32.const 4)))

  (func (export "fn:send")
    (call $send (i32.const 0) (i32.const 65535) (i32.const 4)))

  (func (export "fn:event")
    (call $event (i32.const 65536) (i32.const -1)))

  (func (export "fn:caller")
    (call $caller (i32.const -4)))

  (func (export "fn:sender")
    (call $sender (i32.const 65501)))

  (func (export "fn:requestId")
    (call $request_id (i32.const 65503)))

  (func (export "fn:incoming")
    (drop (call $incoming (i32.const 65533) (i32.const 4))))

  (func (export "fn:entropy")
    (call $entropy (i32.const 65505)))

  ;; Ranges that end exactly at the end of memory, and empty ranges starting there: all in bounds.
  (func (export "fn:inBoundsEdges")
    (call $sender (i32.const 65500))
    (call $chain_id (i32.const 65504))
    (drop (call $state_has (i32.const 65535) (i32.const 1)))
    (drop (call $state_prefix (i32.const 65536) (i32.const 0) (i32.const 65536) (i32.const 0)))
    (drop (call $balance (i32.const 65504)))
    (call $log (i32.const 65536) (i32.const 0))))
