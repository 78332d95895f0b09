;; Attack: an import from a module other than `isc` (`env.abort`, what some toolchains emit).
;; Host must: reject the module at deployment, naming the import and its module.
(module
  (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  (func (export "fn:run")
    (call $abort (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))
