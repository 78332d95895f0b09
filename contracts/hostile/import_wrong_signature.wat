;; Attack: a host import declared with the wrong type (`isc.state_get` with an i64 key pointer and no
;; result), so that the host function would read arguments the guest never passed.
;; Host must: reject the module at deployment, naming the import and the expected signature.
(module
  (import "isc" "state_get" (func $get (param i64 i32 i32 i32)))
  (memory (export "memory") 1)

  (func (export "fn:run")
    (call $get (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))
