;; Attack: state bloat. fn:run writes 1 MiB values under new keys "v" ‖ i (i: i32 LE) in an endless
;; loop; fn:overValueLimit writes one value of 4 MiB + 1 byte (over the default value size limit).
;; Host must: charge state writes per byte (key and value) so that run fails out of gas after a
;; deterministic number of writes, enforce the value size limit (overValueLimit fails naming it, or
;; out of gas, before copying 4 MiB), and discard every write of the failed request: no key "v..."
;; exists afterwards and the node's memory use stays bounded.
(module
  (import "isc" "state_set" (func $state_set (param i32 i32 i32 i32)))
  ;; 17 pages: the key at 0, a 1 MiB value at 64 KiB.
  (memory (export "memory") 17)
  (data (i32.const 0) "v")

  (func (export "fn:run")
    (local $i i32)
    (loop $more
      (i32.store (i32.const 1) (local.get $i))
      (call $state_set (i32.const 0) (i32.const 5) (i32.const 65536) (i32.const 1048576))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $more)))

  (func (export "fn:overValueLimit")
    ;; 17 + 48 = 65 pages, room for 4 MiB + 1 byte.
    (if (i32.eq (memory.grow (i32.const 48)) (i32.const -1))
      (then unreachable))
    (call $state_set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 4194305))))
