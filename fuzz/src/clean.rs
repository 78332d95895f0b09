//! What a receipt's error may say: a precise, deterministic account of what the request did wrong,
//! never an engine's internals.

/// Panics unless `error` is a clean error of a request: not a trap that nothing explains or whose
/// trap code the engine does not name, not the metering instrumentation, not the node's store, not the
/// module being other than what validation accepted. Only the engine's own prefixes are examined, so
/// text a contract chooses (a panic message, a name in a bad-params error) can never trip the check.
pub fn assert_clean(error: &str) {
    assert!(
        !error.starts_with("state store failure"),
        "the store failed under a request: {error}"
    );
    if let Some(trap) = error.strip_prefix("wasm trap: ") {
        assert!(
            trap != "engine error" && trap != "trap",
            "a trap the engine does not explain: {error}"
        );
        assert!(
            !trap.contains("metering global"),
            "the metering instrumentation failed: {error}"
        );
    }
    if let Some(program) = error.strip_prefix("program: ") {
        for fragment in [
            "instrumentation",
            "export `",
            "exports no memory",
            "cannot serialize",
        ] {
            assert!(
                !program.contains(fragment),
                "an accepted module is not what validation said: {error}"
            );
        }
    }
}
