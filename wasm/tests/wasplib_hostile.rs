//! Hostile contracts of the Pollen-era ABI, part one: bad object, key and type ids, lengths and
//! pointers, malformed command payloads, views that write, recursion and memory between calls. The
//! arena and its rules are in `wasplib_arena/mod.rs`; `on_load`, results and host work are in
//! `wasplib_hostile_on_load.rs`.

mod wasplib_arena;

use isc_abi::Dict;
use wasplib_arena::*;

#[test]
fn bad_object_ids_fail_cleanly() {
    twice("bad_objects", |a| {
        a.works("ok");
        a.fails("objZero", &["FindObject: invalid objID: 0"]);
        a.fails("objNegative", &["FindObject: invalid objID: -1"]);
        a.fails("objHuge", &["FindObject: invalid objID: 2147483647"]);
        a.fails("objMin", &["FindObject: invalid objID: -2147483648"]);
        a.fails("objNotMade", &["FindObject: invalid objID: 3"]);
        a.fails("objOfPreviousCall", &["FindObject: invalid objID: 2"]);
        a.fails(
            "objOfCaller",
            &[
                "root.failed to invoke call:",
                "FindObject: invalid objID: 4",
            ],
        );
        a.fails("objChild", &["FindObject: invalid objID: 4"]);
        a.fails("objUtilityAsMap", &["$utility.GetObjectID: invalid type"]);
        a.fails("objSetMaps", &["$maps.invalid key: 0"]);
        a.fails("objRootSetState", &["root.invalid key: -37"]);
    });
}

#[test]
fn bad_key_ids_fail_cleanly() {
    twice("bad_keys", |a| {
        a.fails("keyUnknown", &["$state.invalid key: 999"]);
        a.fails("keyUnknownRoot", &["root.GetMapObjectID: invalid key"]);
        a.fails("keyOutOfTable", &["$state.invalid key: -44"]);
        a.fails("keyMin", &["$state.invalid key: -2147483648"]);
        a.fails("keyMinRoot", &["root.invalid key: -2147483648"]);
        a.fails("keyZero", &["$state.invalid key: 0"]);
        a.fails("keyVersion", &["$state.invalid key: -43"]);
        a.fails("keyExportsInCall", &["root.invalid key: -20"]);
        a.fails("keyEmpty", &["state key must not be empty"]);
        // An id from on_load is valid in every call; one handed out in a call is not in the next.
        a.works("keyRemember");
        let stale = a.env.partition("hostile");
        assert!(stale.iter().any(|(k, _)| k.ends_with(b"kid")), "{stale:?}");
        a.fails("keyStale", &["$state.invalid key: 2"]);
    });
}

#[test]
fn bad_type_ids_fail_cleanly() {
    twice("bad_types", |a| {
        for func in ["typeZero", "type99", "typeArrayOnRootMap"] {
            a.fails(func, &["root.GetMapObjectID: invalid type"]);
        }
        a.fails("typeScalarObject", &["$state.GetObjectID: invalid type"]);
        for func in ["typeMapOnValue", "typeArrayThenValue"] {
            a.fails(func, &["$state.validate: Invalid access"]);
        }
        // The write already fails: an array type is no value type (the original host's table of
        // sizes had no entry for it).
        a.fails(
            "typeArrayFlagOnValue",
            &["$state.typeCheck: invalid type id 45"],
        );
        a.fails("typeElemString", &["$state.a.validate: Invalid type"]);
        a.fails("typeElemBytes", &["$state.a.validate: Invalid byte type"]);
        a.fails("typeSize", &["$state.typeCheck: invalid type size"]);
        a.fails(
            "typeChainId",
            &["$state.typeCheck: invalid chain id address type"],
        );
        a.fails("typeAddress", &["$state.typeCheck: invalid address type"]);
        a.fails(
            "typeRequestId",
            &["$state.typeCheck: invalid request id output index"],
        );
        a.fails("typeCallOnState", &["$state.CallFunc: invalid call"]);
        for func in ["typeCallResultFirst", "typeCall42"] {
            a.fails(func, &["HostGetBytes: Invalid func call state"]);
        }
        a.works("typeArrSetup");
        a.fails(
            "typeArrLenBad",
            &["$state.InitObj: invalid array length of 3 bytes"],
        );
        a.fails("typeIntOnCommand", &["SetBytes: invalid int32"]);
        a.fails("typeValue99", &["$state.typeCheck: invalid type id 99"]);
        a.fails("typeGet30", &["$state.typeCheck: invalid type id 30"]);
    });
}

#[test]
fn bad_lengths_and_pointers_fail_cleanly() {
    twice("bad_lengths", |a| {
        a.fails("setNegLen", &["SetBytes: invalid length -1"]);
        a.fails("setMinLen", &["SetBytes: invalid length -2147483648"]);
        a.fails(
            "setHugeLen",
            &["memory range 0+2147483647 is out of bounds"],
        );
        a.fails("setPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails(
            "setPtrWrap",
            &["memory range 4294967295+2 is out of bounds"],
        );
        a.fails("getPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails("getNegPtr", &["memory range 4294967288+8 is out of bounds"]);
        a.fails("keyPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails("keyMinLen", &["memory range 0+2147483647 is out of bounds"]);
        a.fails(
            "keyByteKeyPastEnd",
            &["memory range 65535+2 is out of bounds"],
        );
        a.fails(
            "keyHugeLen",
            &["memory range 0+2147483647 is out of bounds"],
        );
        a.fails(
            "utilArgsPastEnd",
            &["memory range 65000+1000 is out of bounds"],
        );
        a.fails(
            "utilResultPastEnd",
            &["memory range 65530+32 is out of bounds"],
        );
        // A buffer larger than the value gets the value (and its length), nothing more.
        a.works("getHugeCap");
        let got = stored(&a.env, b"got");
        assert_eq!(got, 10i32.to_le_bytes(), "the value's length");
        // A negative length on a read is the existence test: the key is missing.
        a.works("getNegLenExists");
        assert_eq!(stored(&a.env, b"got"), (-1i32).to_le_bytes());
    });
}

#[test]
fn malformed_payloads_fail_cleanly() {
    twice("bad_payloads", |a| {
        let cases: &[(&str, &[&str])] = &[
            ("callTruncatedLeb", &["insufficient bytes"]),
            ("callOverlongLeb", &["integer representation too long"]),
            ("callNonMinimalLeb", &["integer too large"]),
            ("callLenPastEnd", &["insufficient bytes"]),
            ("callShortHname", &["invalid hname length 3"]),
            (
                "callParamsState",
                &["invalid map object id 2: not a map the contract built"],
            ),
            ("callParamsRoot", &["invalid map object id 1"]),
            ("callParamsMissing", &["FindObject: invalid objID: 50"]),
            ("callParamsNegative", &["FindObject: invalid objID: -1"]),
            ("callTransferColor31", &["invalid color in transfer"]),
            ("callTransferAmount4", &["invalid int64 length"]),
            (
                "callTransferUnfunded",
                &["root.failed to invoke call:", "insufficient funds"],
            ),
            (
                "callUnknownContract",
                &["root.failed to invoke call:", "contract 7fffffff not found"],
            ),
            ("postNoTransfer", &["root.transfer is required for post"]),
            ("postBadChainVersion", &["invalid chain id: version byte 9"]),
            ("postShortChain", &["invalid chain id: 32 bytes"]),
            ("postNegativeDelay", &["root.invalid delay: -1"]),
            ("deployShortHash", &["invalid program hash length 31"]),
            (
                "deployUnknownProgram",
                &["root.failed to deploy:", "not found in the blob registry"],
            ),
            (
                "deployParamsState",
                &["invalid map object id 2: not a map the contract built"],
            ),
        ];
        for (func, expected) in cases {
            a.fails(func, expected);
        }
        a.works("callTrailingBytes");
        // Nothing was posted or deployed: the backlog is empty, and no contract "x" exists.
        assert_eq!(a.env.chain.backlog_len().unwrap(), 0);
        assert!(a.env.try_view("x", "anything", Dict::new()).is_err());
    });
}

#[test]
fn views_cannot_write_post_or_transfer() {
    twice("view_writes", |a| {
        let cases: &[(&str, &[&str])] = &[
            ("viewSetState", &["ScViewState.Set"]),
            ("viewClearArray", &["ScViewState.Set"]),
            ("viewArrayGrow", &["$state.a.validate: Invalid index"]),
            ("viewPost", &["root.post: not available in a view"]),
            ("viewTransfer", &["transfers: not available in a view"]),
            (
                "viewCallTransfer",
                &[
                    "root.failed to invoke call:",
                    "a view cannot transfer tokens",
                ],
            ),
            (
                "viewCallFunc",
                &["root.failed to invoke call:", "is not a view"],
            ),
            ("viewEvent", &["root.invalid key: -19"]),
            ("viewDeploy", &["root.deploy: not available in a view"]),
            ("viewIncoming", &["no incoming() on views"]),
            ("viewMinted", &["no minted() on views"]),
            ("viewCaller", &["root.invalid key: -10"]),
            ("viewRequestId", &["root.invalid key: -34"]),
            ("viewRandom", &["utility.random is not available in a view"]),
        ];
        for (func, expected) in cases {
            a.view_fails(func, expected);
        }
        // The chain refuses a view sent as a request.
        a.fails("viewSetState", &["is not a func"]);
        let results = a.view_works("viewReads");
        assert_eq!(results.get(b"t").map(<[u8]>::len), Some(8), "{results:?}");
    });
}

#[test]
fn recursion_through_call_stops_at_the_call_depth() {
    twice("recursion", |a| {
        let rc = a.fails("recurse", &["root.failed to invoke call:"]);
        let e = rc.error.unwrap();
        assert!(
            e.contains("call depth limit of 64 exceeded") || e.contains("out of gas"),
            "{e}"
        );
        let e = a.view("recurseView").unwrap_err();
        assert!(
            e.contains("call depth limit of 64 exceeded") || e.contains("out of gas"),
            "{e}"
        );
        assert_clean(&e);
        a.honest();
    });
}

#[test]
fn grown_memory_and_globals_do_not_reach_the_next_call() {
    twice("memory_persist", |a| {
        a.works("check");
        a.works("grow");
        a.works("check");
        a.fails("useGrown", &["wasm trap:", "out of bounds"]);
        a.works("check");
        a.works("growThenCheck");
        a.works("check");
        a.view_works("viewCheck");
        a.view_works("viewGrow");
        a.view_works("viewCheck");
        a.view_works("viewGrow");
        a.view_works("viewCheck");
        // Requests and views after each other, several times: each starts from on_load's memory.
        for _ in 0..3 {
            a.works("grow");
            a.view_works("viewGrow");
            a.works("check");
            a.view_works("viewCheck");
        }
    });
}

/// The fixtures the tests of this file and of `wasplib_hostile_on_load.rs` run (a new fixture needs a
/// test and a line here).
const FIXTURES: &[&str] = &[
    "bad_objects",
    "bad_keys",
    "bad_types",
    "bad_lengths",
    "bad_payloads",
    "view_writes",
    "recursion",
    "memory_persist",
    "on_load_loop",
    "on_load_recursion",
    "on_load_duplicate",
    "on_load_bad_version",
    "on_load_bad_index",
    "on_load_context",
    "v01_copy_all_state",
    "v01_bad_ids",
    "results_bad_key",
    "on_load_spin",
    "on_load_keys",
    "on_load_exports",
    "host_work",
];

#[test]
fn every_fixture_says_what_it_attacks_and_is_listed() {
    let dir = format!(
        "{}/../contracts/hostile/wasplib",
        env!("CARGO_MANIFEST_DIR")
    );
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).expect("README.md");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the fixtures' folder") {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".wat") else {
            continue;
        };
        let text = String::from_utf8(fixture(name)).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with(";;")).collect();
        let header = header.join("\n");
        assert!(header.contains("Attack:"), "{file}: no `Attack:`");
        assert!(header.contains("Host must:"), "{file}: no `Host must:`");
        assert!(
            text.contains("\"WasmLib\"") || text.contains("\"wasplib\""),
            "{file}: a Pollen-era module"
        );
        assert!(
            readme.contains(&format!("`{file}`")),
            "{file} is not in README.md"
        );
        assert!(FIXTURES.contains(&name), "{file} is not in FIXTURES");
        found.push(name.to_string());
    }
    found.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}
