;; Attack: infinite recursion through `call_indirect`, which a static call graph does not show.
;; fn:run calls table[1], which calls table[0] = fn:run again (mutual, indirect); fn:self calls
;; table[2], which is fn:self.
;; Host must: count indirect calls in the deterministic stack limit exactly like direct ones and fail
;; the call with a stack-depth error at the same depth on every machine; never crash the node.
(module
  (type $void (func))
  (memory (export "memory") 1)
  (table 3 funcref)
  (elem (i32.const 0) $run $other $self)

  (func $run (export "fn:run")
    (call_indirect (type $void) (i32.const 1)))

  (func $other
    (call_indirect (type $void) (i32.const 0)))

  (func $self (export "fn:self")
    (call_indirect (type $void) (i32.const 2))))
