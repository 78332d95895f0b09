;; Attack: a start function that loops forever. It would run at instantiation, before any entry
;; point and outside the metering of a call (and at deployment, inside the validator's node).
;; Host must: reject the module at deployment (no start function is allowed), naming the rule; never
;; instantiate it.
(module
  (memory (export "memory") 1)

  (func $start
    (loop $forever
      (br $forever)))
  (start $start)

  (func (export "fn:run")))
