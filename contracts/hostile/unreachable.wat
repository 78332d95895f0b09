;; Attack: a trap after a state write. fn:run sets key "touched" and executes `unreachable`;
;; view:trap traps in a view.
;; Host must: fail the request with a trap error (unreachable), discard the write (key "touched" must
;; not exist afterwards), keep the fee, and carry on with the next request of the block.
(module
  (import "isc" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "touched")

  (func (export "fn:run")
    (call $state_set (i32.const 0) (i32.const 7) (i32.const 0) (i32.const 7))
    unreachable)

  (func (export "view:trap")
    unreachable))
