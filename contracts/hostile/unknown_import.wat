;; Attack: an import the host does not define (`isc.state_get_all`, as if it could read other
;; contracts' partitions).
;; Host must: reject the module at deployment, naming the import; never link or instantiate it.
(module
  (import "isc" "state_get_all" (func $steal (param i32 i32) (result i32)))
  (memory (export "memory") 1)

  (func (export "fn:run")
    (drop (call $steal (i32.const 0) (i32.const 0)))))
