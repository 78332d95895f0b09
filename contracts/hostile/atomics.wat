;; Attack: atomic instructions (threads proposal) on an ordinary memory: read-modify-write, wait and
;; notify, fence.
;; Host must: reject the module at deployment with the threads rule, naming the instruction.
(module
  (memory (export "memory") 1)

  (func (export "fn:run")
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (atomic.fence)))
