;; Attack: direct infinite recursion. fn:run calls itself with a tiny frame; fn:heavy calls itself
;; with 100 i64 locals per frame, so that a byte-counting stack limit would be hit at another depth
;; than a frame-counting one.
;; Host must: fail the call with a stack-depth error at the deterministic limit (frame costs counted
;; by the instrumentation), at the same depth and with the same gas on every machine, well before the
;; native stack's guard page; never crash the node. State is untouched.
(module
  (memory (export "memory") 1)

  (func $run (export "fn:run")
    (call $run))

  (func $heavy (export "fn:heavy")
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (call $heavy)))
