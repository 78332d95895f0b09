;; Attack: bulk memory operations with enormous lengths, cheap to encode and expensive to run.
;; - fn:run: memory.fill of 4 GiB - 1 bytes (len 0xFFFFFFFF) at 0, on a 1-page memory;
;; - fn:copy: memory.copy of 4 GiB - 1 bytes from 0 to 0;
;; - fn:fillLoop: grows the memory by 255 pages (to 16 MiB at the default limit, whatever the grow
;;   returns) and fills the whole memory over and over.
;; Host must: charge bulk operations per byte *before* running them, so run and copy fail out of gas
;; at once (before any byte is written or bounds are checked) and fillLoop runs out of gas after a
;; bounded, deterministic number of fills; never spend host time proportional to an unpaid length.
(module
  (memory (export "memory") 1)

  (func (export "fn:run")
    (memory.fill (i32.const 0) (i32.const 0) (i32.const -1)))

  (func (export "fn:copy")
    (memory.copy (i32.const 0) (i32.const 0) (i32.const -1)))

  (func (export "fn:fillLoop")
    (local $byte i32)
    (drop (memory.grow (i32.const 255)))
    (loop $again
      (memory.fill
        (i32.const 0)
        (local.get $byte)
        (i32.mul (memory.size) (i32.const 65536)))
      (local.set $byte (i32.add (local.get $byte) (i32.const 1)))
      (br $again))))
