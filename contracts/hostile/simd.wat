;; Attack: SIMD instructions (v128), whose NaN results and relaxed variants are not deterministic
;; across CPUs and which the stack accounting does not size.
;; Host must: reject the module at deployment with the SIMD rule, naming the instruction.
(module
  (memory (export "memory") 1)

  (func (export "fn:run")
    (i32.store (i32.const 0)
      (i32x4.extract_lane 0
        (i32x4.add
          (v128.const i32x4 1 2 3 4)
          (v128.load (i32.const 16)))))))
