;; Attack: memory growth to and past the instance's page limit.
;; - fn:toLimit grows one page at a time until `memory.grow` returns -1, then reports results
;;   {grown: pages added (i32), pages: final memory.size (i32)} and stores the page count under
;;   state key "pages".
;; - fn:pastLimit asks for 65536 pages (4 GiB) and for 0xFFFFFFFF pages at once and reports results
;;   {a: first grow result, b: second grow result, size: memory.size after} (all i32), and stores the
;;   same dict under state key "past".
;; - fn:growOrTrap is a contract that does not handle failure: it traps (unreachable) when the grow of
;;   65536 pages returns -1.
;; Host must: cap the memory at its page limit, return -1 for any grow past it (as Wasm says: never
;; trap, never allocate, no per-page gas for pages it does not add), charge growth by size, and report
;; the same numbers on every node: toLimit gives pages = the limit (256 by default), pastLimit gives
;; a = b = -1 and size = 1, growOrTrap fails with an unreachable trap.
(module
  (import "isc" "results" (func $results (param i32 i32)))
  (import "isc" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: results dict {grown: i32 at 15, pages: i32 at 30}, 34 bytes; the key "pages" is at 21.
  (data (i32.const 0)
    "\02\00\00\00"
    "\05\00grown\04\00\00\00\00\00\00\00"
    "\05\00pages\04\00\00\00\00\00\00\00")
  ;; 64: results dict {a: i32 at 75, b: i32 at 86, size: i32 at 100}, 40 bytes.
  (data (i32.const 64)
    "\03\00\00\00"
    "\01\00a\04\00\00\00\00\00\00\00"
    "\01\00b\04\00\00\00\00\00\00\00"
    "\04\00size\04\00\00\00\00\00\00\00")
  ;; 120: the key "past".
  (data (i32.const 120) "past")

  (func (export "fn:toLimit")
    (local $grown i32)
    (block $done
      (loop $grow
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $grown (i32.add (local.get $grown) (i32.const 1)))
        (br $grow)))
    (i32.store (i32.const 15) (local.get $grown))
    (i32.store (i32.const 30) (memory.size))
    (call $state_set (i32.const 21) (i32.const 5) (i32.const 30) (i32.const 4))
    (call $results (i32.const 0) (i32.const 34)))

  (func (export "fn:pastLimit")
    (i32.store (i32.const 75) (memory.grow (i32.const 65536)))
    (i32.store (i32.const 86) (memory.grow (i32.const -1)))
    (i32.store (i32.const 100) (memory.size))
    (call $state_set (i32.const 120) (i32.const 4) (i32.const 64) (i32.const 40))
    (call $results (i32.const 64) (i32.const 40)))

  (func (export "fn:growOrTrap")
    (if (i32.eq (memory.grow (i32.const 65536)) (i32.const -1))
      (then unreachable))))
