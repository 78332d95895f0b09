;; Attack: WasmLib (v0.2.0) lengths and pointers outside the guest's one page (65536 bytes): negative,
;; i32::MIN and i32::MAX lengths for writes, ranges past the end or wrapping around 2^32 for values,
;; output buffers, key bytes (string and byte keys), and the utility's argument and result buffers.
;;   fn:setNegLen / fn:setMinLen   hostSetBytes(..., 0, -1 / i32::MIN)
;;   fn:setHugeLen          hostSetBytes(..., 0, i32::MAX)
;;   fn:setPastEnd          hostSetBytes(..., 65530, 10)
;;   fn:setPtrWrap          hostSetBytes(..., -1, 2)
;;   fn:getPastEnd          a 10-byte value read into 65530, capacity 10
;;   fn:getNegPtr           a 10-byte value read into -8, capacity 8
;;   fn:getHugeCap          a 10-byte value read into 0x8000 with capacity i32::MAX: only 10 bytes are
;;                          written (succeeds; state "got" = the length it returned)
;;   fn:getNegLenExists     hostGetBytes(..., len -5) of a missing key: the existence test (succeeds;
;;                          state "got" = -1)
;;   fn:keyPastEnd          hostGetKeyID(65530, 10)
;;   fn:keyMinLen           hostGetKeyID(0, i32::MIN): a byte key of i32::MAX bytes
;;   fn:keyByteKeyPastEnd   hostGetKeyID(65535, -3): a 2-byte byte key at the last byte
;;   fn:keyHugeLen          hostGetKeyID(0, i32::MAX)
;;   fn:utilArgsPastEnd     hostGetBytes(utility, $hashBlake2b, 0x40, 65000, 1000)
;;   fn:utilResultPastEnd   the blake2b result fetched (0x41) into 65530, capacity 32
;;   fn:ok                  honest
;; Host must: refuse negative lengths of a write (`SetBytes: invalid length`), check every range with
;; 64-bit arithmetic before reading or writing guest memory and fail with `host: memory range
;; <ptr>+<len> is out of bounds`, copy no more than the value into a large buffer, never allocate for a
;; bogus length, never panic; roll the request back. fn:getHugeCap, fn:getNegLenExists and fn:ok
;; succeed.
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0: the version string on_load sends with the version key; 16: the i64 1.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 16) "\01\00\00\00\00\00\00\00")
  ;; 64: key "v"; 65: key "got"; 68: 10 bytes of value.
  (data (i32.const 64) "v")
  (data (i32.const 65) "got")
  (data (i32.const 68) "0123456789")
  ;; 78: key "none", never written.
  (data (i32.const 78) "none")
  ;; 1024: the entry point names.
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "setNegLen")
  (data (i32.const 1035) "setMinLen")
  (data (i32.const 1044) "setHugeLen")
  (data (i32.const 1054) "setPastEnd")
  (data (i32.const 1064) "setPtrWrap")
  (data (i32.const 1074) "getPastEnd")
  (data (i32.const 1084) "getNegPtr")
  (data (i32.const 1093) "getHugeCap")
  (data (i32.const 1103) "getNegLenExists")
  (data (i32.const 1118) "keyPastEnd")
  (data (i32.const 1128) "keyMinLen")
  (data (i32.const 1137) "keyByteKeyPastEnd")
  (data (i32.const 1154) "keyHugeLen")
  (data (i32.const 1164) "utilArgsPastEnd")
  (data (i32.const 1179) "utilResultPastEnd")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0x0) (i32.const 13) (i32.const 1024) (i32.const 2))  ;; func ok
    (call $set (local.get $exp) (i32.const 0x1) (i32.const 13) (i32.const 1026) (i32.const 9))  ;; func setNegLen
    (call $set (local.get $exp) (i32.const 0x2) (i32.const 13) (i32.const 1035) (i32.const 9))  ;; func setMinLen
    (call $set (local.get $exp) (i32.const 0x3) (i32.const 13) (i32.const 1044) (i32.const 10))  ;; func setHugeLen
    (call $set (local.get $exp) (i32.const 0x4) (i32.const 13) (i32.const 1054) (i32.const 10))  ;; func setPastEnd
    (call $set (local.get $exp) (i32.const 0x5) (i32.const 13) (i32.const 1064) (i32.const 10))  ;; func setPtrWrap
    (call $set (local.get $exp) (i32.const 0x6) (i32.const 13) (i32.const 1074) (i32.const 10))  ;; func getPastEnd
    (call $set (local.get $exp) (i32.const 0x7) (i32.const 13) (i32.const 1084) (i32.const 9))  ;; func getNegPtr
    (call $set (local.get $exp) (i32.const 0x8) (i32.const 13) (i32.const 1093) (i32.const 10))  ;; func getHugeCap
    (call $set (local.get $exp) (i32.const 0x9) (i32.const 13) (i32.const 1103) (i32.const 15))  ;; func getNegLenExists
    (call $set (local.get $exp) (i32.const 0xa) (i32.const 13) (i32.const 1118) (i32.const 10))  ;; func keyPastEnd
    (call $set (local.get $exp) (i32.const 0xb) (i32.const 13) (i32.const 1128) (i32.const 9))  ;; func keyMinLen
    (call $set (local.get $exp) (i32.const 0xc) (i32.const 13) (i32.const 1137) (i32.const 17))  ;; func keyByteKeyPastEnd
    (call $set (local.get $exp) (i32.const 0xd) (i32.const 13) (i32.const 1154) (i32.const 10))  ;; func keyHugeLen
    (call $set (local.get $exp) (i32.const 0xe) (i32.const 13) (i32.const 1164) (i32.const 15))  ;; func utilArgsPastEnd
    (call $set (local.get $exp) (i32.const 0xf) (i32.const 13) (i32.const 1179) (i32.const 17))  ;; func utilResultPastEnd
  )

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0x0)) (then (call $ok) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x1)) (then (call $setNegLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x2)) (then (call $setMinLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x3)) (then (call $setHugeLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x4)) (then (call $setPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x5)) (then (call $setPtrWrap) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x6)) (then (call $getPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x7)) (then (call $getNegPtr) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x8)) (then (call $getHugeCap) (return)))
    (if (i32.eq (local.get $i) (i32.const 0x9)) (then (call $getNegLenExists) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xa)) (then (call $keyPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xb)) (then (call $keyMinLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xc)) (then (call $keyByteKeyPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xd)) (then (call $keyHugeLen) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xe)) (then (call $utilArgsPastEnd) (return)))
    (if (i32.eq (local.get $i) (i32.const 0xf)) (then (call $utilResultPastEnd) (return)))
    unreachable)

  ;; The contract's state (a call's objects are numbered in the order it asks: the first is 2).
  (func $state (result i32) (call $obj (i32.const 1) (i32.const -37) (i32.const 11)))
  ;; The key id of the `len` bytes at `ptr`, a string key.
  (func $k (param $ptr i32) (param $len i32) (result i32) (call $key (local.get $ptr) (local.get $len)))
  ;; The honest entry point: state "ok" = i64 1.
  (func $ok
    (call $set (call $state) (call $k (i32.const 1024) (i32.const 2)) (i32.const 10) (i32.const 16) (i32.const 8)))

  (func $v (result i32) (call $k (i32.const 64) (i32.const 1)))
  (func $util (result i32) (call $obj (i32.const 1) (i32.const -41) (i32.const 11)))

  (func $setNegLen (call $set (call $state) (call $v) (i32.const 3) (i32.const 0) (i32.const -1)))
  (func $setMinLen (call $set (call $state) (call $v) (i32.const 3) (i32.const 0) (i32.const 0x80000000)))
  (func $setHugeLen (call $set (call $state) (call $v) (i32.const 3) (i32.const 0) (i32.const 0x7fffffff)))
  (func $setPastEnd (call $set (call $state) (call $v) (i32.const 3) (i32.const 65530) (i32.const 10)))
  (func $setPtrWrap (call $set (call $state) (call $v) (i32.const 3) (i32.const -1) (i32.const 2)))

  ;; state "v" = the 10 bytes at 68; returns the state's id.
  (func $stored (result i32)
    (local $s i32)
    (local.set $s (call $state))
    (call $set (local.get $s) (call $v) (i32.const 3) (i32.const 68) (i32.const 10))
    (local.get $s))

  (func $getPastEnd (drop (call $get (call $stored) (call $v) (i32.const 3) (i32.const 65530) (i32.const 10))))
  (func $getNegPtr (drop (call $get (call $stored) (call $v) (i32.const 3) (i32.const -8) (i32.const 8))))

  (func $getHugeCap
    (local $s i32)
    (local.set $s (call $stored))
    (i32.store (i32.const 0x9000) (call $get (local.get $s) (call $v) (i32.const 3) (i32.const 0x8000) (i32.const 0x7fffffff)))
    (call $set (local.get $s) (call $k (i32.const 65) (i32.const 3)) (i32.const 9) (i32.const 0x9000) (i32.const 4)))

  (func $getNegLenExists
    (local $s i32)
    (local.set $s (call $state))
    (i32.store (i32.const 0x9000) (call $get (local.get $s) (call $k (i32.const 78) (i32.const 4)) (i32.const 3) (i32.const 0) (i32.const -5)))
    (call $set (local.get $s) (call $k (i32.const 65) (i32.const 3)) (i32.const 9) (i32.const 0x9000) (i32.const 4)))

  (func $keyPastEnd (drop (call $key (i32.const 65530) (i32.const 10))))
  (func $keyMinLen (drop (call $key (i32.const 0) (i32.const 0x80000000))))
  (func $keyByteKeyPastEnd (drop (call $key (i32.const 65535) (i32.const -3))))
  (func $keyHugeLen (drop (call $key (i32.const 0) (i32.const 0x7fffffff))))

  (func $utilArgsPastEnd
    (drop (call $get (call $util) (i32.const -21) (i32.const 0x40) (i32.const 65000) (i32.const 1000))))

  (func $utilResultPastEnd
    (local $u i32)
    (local.set $u (call $util))
    (drop (call $get (local.get $u) (i32.const -21) (i32.const 0x40) (i32.const 68) (i32.const 10)))
    (drop (call $get (local.get $u) (i32.const -21) (i32.const 0x41) (i32.const 65530) (i32.const 32))))
)
