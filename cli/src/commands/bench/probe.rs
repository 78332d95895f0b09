//! The WAT contract `iscvm bench` measures with: one loop per operation, 1,000 iterations each.

/// Iterations of every loop.
pub const LOOPS: u32 = 1_000;

/// Exports `fn:<op>` for each operation of [`OPS`], plus `fn:noop`.
pub const PROBE: &str = r#"
(module
  (import "isc" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (import "isc" "state_has" (func $has (param i32 i32) (result i32)))
  (import "isc" "blake2b" (func $blake2b (param i32 i32 i32)))
  (import "isc" "hname" (func $hname (param i32 i32) (result i32)))
  (import "isc" "log" (func $log (param i32 i32)))
  (import "isc" "timestamp" (func $ts (result i64)))
  (import "isc" "balance" (func $balance (param i32) (result i64)))
  (import "isc" "call_view" (func $call_view (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "k0123456789abcdef0123456789abcde")
  (data (i32.const 4096) "\00\00\00\00")
  (func (export "fn:noop"))
  (func (export "fn:init")
    (call $set (i32.const 0) (i32.const 32) (i32.const 1024) (i32.const 32)))
  (func (export "fn:plain") (local $i i32) (local $h i64)
    (loop $l
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $i))) (i64.const 1099511628211)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (i64.store (i32.const 8000) (local.get $h)))
  (func (export "fn:fill") (local $i i32)
    (loop $l
      (memory.fill (i32.const 65536) (local.get $i) (i32.const 65536))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:get") (local $i i32)
    (loop $l
      (drop (call $get (i32.const 0) (i32.const 32) (i32.const 2048) (i32.const 64)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:set") (local $i i32)
    (loop $l
      (i32.store (i32.const 0) (local.get $i))
      (call $set (i32.const 0) (i32.const 32) (i32.const 1024) (i32.const 100))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:has") (local $i i32)
    (loop $l
      (drop (call $has (i32.const 0) (i32.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:blake2b") (local $i i32)
    (loop $l
      (call $blake2b (i32.const 1024) (i32.const 1024) (i32.const 3000))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:hname") (local $i i32)
    (loop $l
      (drop (call $hname (i32.const 0) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:log") (local $i i32)
    (loop $l
      (call $log (i32.const 0) (i32.const 32))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:timestamp") (local $i i32)
    (loop $l
      (drop (call $ts))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:balance") (local $i i32)
    (loop $l
      (drop (call $balance (i32.const 4000)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "fn:callView") (local $i i32)
    (loop $l
      ;; accounts.totalAssets: hnames 3c4b5e02 and fab0f8d2
      (drop (call $call_view (i32.const 0x3c4b5e02) (i32.const 0xfab0f8d2) (i32.const 4096) (i32.const 4) (i32.const 5000) (i32.const 256)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
)
"#;

/// The measured operations: export name, what one iteration does, iterations.
pub const OPS: &[(&str, &str, u32)] = &[
    (
        "plain",
        "plain Wasm instructions (1M loop iterations)",
        1_000_000,
    ),
    ("fill", "memory.fill of 64 KiB", LOOPS),
    ("get", "state_get, 32-byte key and value", LOOPS),
    ("set", "state_set, 32-byte key, 100-byte value", LOOPS),
    ("has", "state_has, 32-byte key", LOOPS),
    ("blake2b", "blake2b of 1 KiB", LOOPS),
    ("hname", "hname of 16 bytes", LOOPS),
    ("log", "log of 32 bytes", LOOPS),
    ("timestamp", "timestamp", LOOPS),
    ("balance", "balance of one colour", LOOPS),
    ("callView", "call_view of a native view", LOOPS),
    ("noop", "a call: instantiation and an empty entry point", 1),
];
