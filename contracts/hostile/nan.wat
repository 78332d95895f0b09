;; Attack: nondeterministic floats. Arithmetic that produces NaN may give a different sign and payload
;; on different CPUs (x86 returns a negative "default NaN" for 0/0, ARM a positive one; signalling NaN
;; payloads propagate or not). fn:run computes f32 and f64 NaNs (0/0, sqrt(-1), inf-inf, inf*0,
;; arithmetic, min/max, rounding, demote/promote with a signalling NaN operand), plus bit operations
;; and reinterpretations (neg, copysign, reinterpret: exact by the spec) and saturating conversions of
;; NaN, stores the bits of each under state key "nan" (the whole dict below) and returns them as
;; results {key: bits} (24 entries: i32/f32 as 4 bytes LE, i64/f64 as 8 bytes LE).
;; fn:truncNan converts NaN with the trapping i32.trunc_f32_s.
;; Host must: canonicalise every NaN an arithmetic instruction produces (f32 0x7fc00000, f64
;; 0x7ff8000000000000), leave bit operations and reinterpretations exact, and so return the same bytes
;; (the same state hash) on every node; a test pins the hash of the results. truncNan fails with an
;; "invalid conversion to integer" trap.
(module
  (import "isc" "results" (func $results (param i32 i32)))
  (import "isc" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the results dict, 507 bytes, keys in ascending byte order, values zero until run fills them.
  (data (i32.const 0)
    "\18\00\00\00"
    "\07\00f32.add\04\00\00\00\00\00\00\00"
    "\08\00f32.ceil\04\00\00\00\00\00\00\00"
    "\0a\00f32.demote\04\00\00\00\00\00\00\00"
    "\07\00f32.div\04\00\00\00\00\00\00\00"
    "\07\00f32.max\04\00\00\00\00\00\00\00"
    "\07\00f32.min\04\00\00\00\00\00\00\00"
    "\07\00f32.mul\04\00\00\00\00\00\00\00"
    "\07\00f32.neg\04\00\00\00\00\00\00\00"
    "\0f\00f32.reinterpret\04\00\00\00\00\00\00\00"
    "\08\00f32.sqrt\04\00\00\00\00\00\00\00"
    "\07\00f32.sub\04\00\00\00\00\00\00\00"
    "\07\00f64.add\08\00\00\00\00\00\00\00\00\00\00\00"
    "\0c\00f64.copysign\08\00\00\00\00\00\00\00\00\00\00\00"
    "\07\00f64.div\08\00\00\00\00\00\00\00\00\00\00\00"
    "\07\00f64.max\08\00\00\00\00\00\00\00\00\00\00\00"
    "\07\00f64.min\08\00\00\00\00\00\00\00\00\00\00\00"
    "\07\00f64.mul\08\00\00\00\00\00\00\00\00\00\00\00"
    "\0b\00f64.nearest\08\00\00\00\00\00\00\00\00\00\00\00"
    "\0b\00f64.promote\08\00\00\00\00\00\00\00\00\00\00\00"
    "\0f\00f64.reinterpret\08\00\00\00\00\00\00\00\00\00\00\00"
    "\08\00f64.sqrt\08\00\00\00\00\00\00\00\00\00\00\00"
    "\07\00f64.sub\08\00\00\00\00\00\00\00\00\00\00\00"
    "\0d\00i32.trunc_sat\04\00\00\00\00\00\00\00"
    "\0d\00i64.trunc_sat\08\00\00\00\00\00\00\00\00\00\00\00")
  ;; 1000: the state key.
  (data (i32.const 1000) "nan")
  ;; 1024: the operands, loaded at run time so that nothing is folded at compile time.
  ;;   1024 f32 0.0        1028 f32 -1.0       1032 f32 sNaN 0xffa00001 (sign set, payload)
  ;;   1036 f32 1.0        1040 f32 +inf
  ;;   1048 f64 0.0        1056 f64 -1.0       1064 f64 sNaN 0xfff4000000000001
  ;;   1072 f64 1.0        1080 f64 +inf
  (data (i32.const 1024) "\00\00\00\00" "\00\00\80\bf" "\01\00\a0\ff" "\00\00\80\3f" "\00\00\80\7f")
  (data (i32.const 1048)
    "\00\00\00\00\00\00\00\00" "\00\00\00\00\00\00\f0\bf" "\01\00\00\00\00\00\f4\ff"
    "\00\00\00\00\00\00\f0\3f" "\00\00\00\00\00\00\f0\7f")

  (func (export "fn:run")
    ;; f32.add: sNaN + 1: payload propagation
    (i32.store (i32.const 17) (i32.reinterpret_f32 (f32.add (f32.load (i32.const 1032)) (f32.load (i32.const 1036)))))
    ;; f32.ceil: ceil(sNaN)
    (i32.store (i32.const 35) (i32.reinterpret_f32 (f32.ceil (f32.load (i32.const 1032)))))
    ;; f32.demote: demote(f64 sNaN)
    (i32.store (i32.const 55) (i32.reinterpret_f32 (f32.demote_f64 (f64.load (i32.const 1064)))))
    ;; f32.div: 0 / 0
    (i32.store (i32.const 72) (i32.reinterpret_f32 (f32.div (f32.load (i32.const 1024)) (f32.load (i32.const 1024)))))
    ;; f32.max: max(1, sNaN)
    (i32.store (i32.const 89) (i32.reinterpret_f32 (f32.max (f32.load (i32.const 1036)) (f32.load (i32.const 1032)))))
    ;; f32.min: min(sNaN, 1)
    (i32.store (i32.const 106) (i32.reinterpret_f32 (f32.min (f32.load (i32.const 1032)) (f32.load (i32.const 1036)))))
    ;; f32.mul: inf * 0
    (i32.store (i32.const 123) (i32.reinterpret_f32 (f32.mul (f32.load (i32.const 1040)) (f32.load (i32.const 1024)))))
    ;; f32.neg: neg(sNaN): a bit operation, never canonicalised
    (i32.store (i32.const 140) (i32.reinterpret_f32 (f32.neg (f32.load (i32.const 1032)))))
    ;; f32.reinterpret: the sNaN bits, passed through
    (i32.store (i32.const 165) (i32.reinterpret_f32 (f32.reinterpret_i32 (i32.load (i32.const 1032)))))
    ;; f32.sqrt: sqrt(-1)
    (i32.store (i32.const 183) (i32.reinterpret_f32 (f32.sqrt (f32.load (i32.const 1028)))))
    ;; f32.sub: inf - inf
    (i32.store (i32.const 200) (i32.reinterpret_f32 (f32.sub (f32.load (i32.const 1040)) (f32.load (i32.const 1040)))))
    ;; f64.add: sNaN + 1
    (i64.store (i32.const 217) (i64.reinterpret_f64 (f64.add (f64.load (i32.const 1064)) (f64.load (i32.const 1072)))))
    ;; f64.copysign: copysign(sNaN, 1): a bit operation
    (i64.store (i32.const 243) (i64.reinterpret_f64 (f64.copysign (f64.load (i32.const 1064)) (f64.load (i32.const 1072)))))
    ;; f64.div: 0 / 0
    (i64.store (i32.const 264) (i64.reinterpret_f64 (f64.div (f64.load (i32.const 1048)) (f64.load (i32.const 1048)))))
    ;; f64.max: max(1, sNaN)
    (i64.store (i32.const 285) (i64.reinterpret_f64 (f64.max (f64.load (i32.const 1072)) (f64.load (i32.const 1064)))))
    ;; f64.min: min(sNaN, 1)
    (i64.store (i32.const 306) (i64.reinterpret_f64 (f64.min (f64.load (i32.const 1064)) (f64.load (i32.const 1072)))))
    ;; f64.mul: inf * 0
    (i64.store (i32.const 327) (i64.reinterpret_f64 (f64.mul (f64.load (i32.const 1080)) (f64.load (i32.const 1048)))))
    ;; f64.nearest: nearest(sNaN)
    (i64.store (i32.const 352) (i64.reinterpret_f64 (f64.nearest (f64.load (i32.const 1064)))))
    ;; f64.promote: promote(f32 sNaN)
    (i64.store (i32.const 377) (i64.reinterpret_f64 (f64.promote_f32 (f32.load (i32.const 1032)))))
    ;; f64.reinterpret: the sNaN bits, passed through
    (i64.store (i32.const 406) (i64.reinterpret_f64 (f64.reinterpret_i64 (i64.load (i32.const 1064)))))
    ;; f64.sqrt: sqrt(-1)
    (i64.store (i32.const 428) (i64.reinterpret_f64 (f64.sqrt (f64.load (i32.const 1056)))))
    ;; f64.sub: inf - inf
    (i64.store (i32.const 449) (i64.reinterpret_f64 (f64.sub (f64.load (i32.const 1080)) (f64.load (i32.const 1080)))))
    ;; i32.trunc_sat: saturating NaN -> int: 0
    (i32.store (i32.const 476) (i32.trunc_sat_f32_s (f32.load (i32.const 1032))))
    ;; i64.trunc_sat: saturating NaN -> int: 0
    (i64.store (i32.const 499) (i64.trunc_sat_f64_u (f64.load (i32.const 1064))))
    (call $state_set (i32.const 1000) (i32.const 3) (i32.const 0) (i32.const 507))
    (call $results (i32.const 0) (i32.const 507)))

  (func (export "fn:truncNan")
    (drop (i32.trunc_f32_s (f32.load (i32.const 1032))))))
