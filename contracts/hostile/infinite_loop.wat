;; Attack: an entry point that never returns and never calls the host: fn:run is a bare `loop`/`br`,
;; view:spin the same in a view.
;; Host must: stop it when the request's gas runs out (the metering middleware charges every
;; iteration at the loop's branch), fail the request with an out-of-gas error after exactly the same
;; gas on every node, and leave state untouched. Views are metered the same way.
(module
  (memory (export "memory") 1)

  (func (export "fn:run")
    (loop $forever
      (br $forever)))

  (func (export "view:spin")
    (local $i i32)
    (loop $forever
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $forever))))
