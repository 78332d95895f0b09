;; Attack: a shared memory (threads proposal): memory that could outlive or be seen by more than one
;; instance, with atomic waits on it.
;; Host must: reject the module at deployment with the threads rule (the memory section), never
;; instantiate it.
(module
  (memory (export "memory") 1 1 shared)

  (func (export "fn:run")
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
