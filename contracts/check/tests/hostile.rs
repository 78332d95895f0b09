//! The hostile fixtures (`hostile/*.wat`): each parses, says what it attacks and what the host must do,
//! and passes or fails the structural ABI checks as `hostile/README.md` lists. Whether the host then
//! survives them is for the runtime's tests.

use std::path::PathBuf;

use check::{inspect, ContractInfo, Problem};
use isc_abi::Dict;
use wasmparser::{DataKind, Operator, Parser, Payload};

/// What [`inspect`] must say about a fixture.
enum Expect {
    /// Structurally a contract (the attack is at run time), with these entry points.
    Loads(&'static [&'static str]),
    /// Rejected at deployment for this reason.
    Rejected(fn(&Problem) -> bool),
}

const FIXTURES: &[(&str, Expect)] = &[
    ("infinite_loop", Expect::Loads(&["fn:run", "view:spin"])),
    (
        "start_loop",
        Expect::Rejected(|p| *p == Problem::StartFunction),
    ),
    (
        "memory_grow",
        Expect::Loads(&["fn:toLimit", "fn:pastLimit", "fn:growOrTrap"]),
    ),
    (
        "memory_fill_4g",
        Expect::Loads(&["fn:run", "fn:copy", "fn:fillLoop"]),
    ),
    ("recursion", Expect::Loads(&["fn:run", "fn:heavy"])),
    ("recursion_indirect", Expect::Loads(&["fn:run", "fn:self"])),
    ("mutual_a", Expect::Loads(&["fn:ping"])),
    ("mutual_b", Expect::Loads(&["fn:pong"])),
    (
        "huge_values",
        Expect::Loads(&["fn:run", "fn:overValueLimit"]),
    ),
    ("bad_pointers", Expect::Loads(BAD_POINTERS)),
    ("unreachable", Expect::Loads(&["fn:run", "view:trap"])),
    ("nan", Expect::Loads(&["fn:run", "fn:truncNan"])),
    (
        "simd",
        Expect::Rejected(|p| matches!(p, Problem::Invalid(m) if m.contains("SIMD"))),
    ),
    (
        "atomics",
        Expect::Rejected(|p| matches!(p, Problem::Invalid(m) if m.contains("threads"))),
    ),
    (
        "shared_memory",
        Expect::Rejected(|p| matches!(p, Problem::Invalid(m) if m.contains("threads"))),
    ),
    (
        "unknown_import",
        Expect::Rejected(|p| matches!(p, Problem::UnknownImport(n) if n == "state_get_all")),
    ),
    (
        "import_wrong_module",
        Expect::Rejected(|p| matches!(p, Problem::ImportModule { module, .. } if module == "env")),
    ),
    (
        "import_wrong_signature",
        Expect::Rejected(
            |p| matches!(p, Problem::ImportSignature { name, .. } if name == "state_get"),
        ),
    ),
];

/// The entry points of `bad_pointers.wat`: one per pointer-taking import, plus variants and a control.
const BAD_POINTERS: &[&str] = &[
    "fn:params",
    "fn:output",
    "fn:stateGet",
    "fn:stateGetWrap",
    "fn:stateGetBuf",
    "fn:stateHas",
    "fn:statePrefix",
    "fn:callView",
    "fn:chainId",
    "fn:chainOwner",
    "fn:balances",
    "fn:balance",
    "fn:blake2b",
    "fn:blake2bOut",
    "fn:hname",
    "fn:log",
    "fn:results",
    "fn:panic",
    "fn:stateSet",
    "fn:stateSetNegLen",
    "fn:stateDelete",
    "fn:call",
    "fn:post",
    "fn:send",
    "fn:event",
    "fn:caller",
    "fn:sender",
    "fn:requestId",
    "fn:incoming",
    "fn:entropy",
    "fn:inBoundsEdges",
];

fn hostile_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../hostile")
}

fn source(name: &str) -> String {
    let path = hostile_dir().join(format!("{name}.wat"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn binary(name: &str) -> Vec<u8> {
    wat::parse_str(source(name)).unwrap_or_else(|e| panic!("{name}.wat: {e}"))
}

fn entry_points(info: &ContractInfo) -> Vec<String> {
    let mut all: Vec<String> = info
        .funcs
        .iter()
        .map(|f| format!("fn:{f}"))
        .chain(info.views.iter().map(|v| format!("view:{v}")))
        .collect();
    all.sort();
    all
}

#[test]
fn every_fixture_has_its_header_and_expected_verdict() {
    for (name, expect) in FIXTURES {
        let text = source(name);
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with(";;"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            header.contains("Attack:"),
            "{name}: header says what it attacks"
        );
        assert!(
            header.contains("Host must:"),
            "{name}: header says what the host must do"
        );
        let verdict = inspect(&binary(name));
        match (expect, verdict) {
            (Expect::Loads(expected), Ok(info)) => {
                let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
                expected.sort();
                assert_eq!(entry_points(&info), expected, "{name}");
            }
            (Expect::Rejected(why), Err(problem)) => assert!(why(&problem), "{name}: {problem}"),
            (Expect::Loads(_), Err(problem)) => panic!("{name} must load: {problem}"),
            (Expect::Rejected(_), Ok(_)) => panic!("{name} must be rejected"),
        }
    }
}

#[test]
fn every_fixture_in_the_folder_is_listed_here_and_in_the_readme() {
    let readme = std::fs::read_to_string(hostile_dir().join("README.md")).expect("README.md");
    let mut found = 0;
    for entry in std::fs::read_dir(hostile_dir()).expect("hostile/") {
        let file = entry
            .expect("dir entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(name) = file.strip_suffix(".wat") {
            found += 1;
            assert!(
                FIXTURES.iter().any(|(n, _)| *n == name),
                "{file} is not in FIXTURES"
            );
            assert!(
                readme.contains(&format!("`{file}`")),
                "{file} is not in README.md"
            );
        }
    }
    assert_eq!(found, FIXTURES.len());
}

#[test]
fn bad_pointers_attacks_every_import_that_takes_a_pointer() {
    let info = inspect(&binary("bad_pointers")).expect("bad_pointers loads");
    let without_pointers = ["contract", "timestamp", "gas_remaining"];
    let all = isc_abi::host_abi::VIEW_IMPORTS
        .iter()
        .chain(isc_abi::host_abi::FUNC_IMPORTS);
    for import in all.filter(|i| !without_pointers.contains(i)) {
        assert!(info.imports.contains(*import), "{import} is not imported");
        let entry = camel_case(import);
        assert!(info.funcs.contains(&entry), "no fn:{entry} for {import}");
    }
}

/// `state_get` → `stateGet`.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The bytes of the active data segment at constant offset `at`.
fn data_at(bytes: &[u8], at: u32) -> Vec<u8> {
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::DataSection(reader) = payload.expect("parses") {
            for data in reader {
                let data = data.expect("data segment");
                if let DataKind::Active { offset_expr, .. } = data.kind {
                    let mut ops = offset_expr.get_operators_reader();
                    if let Ok(Operator::I32Const { value }) = ops.read() {
                        if value as u32 == at {
                            return data.data.to_vec();
                        }
                    }
                }
            }
        }
    }
    panic!("no data segment at {at}");
}

/// The hand-encoded dicts of the fixtures are canonical dicts with their values where the code writes.
#[test]
fn the_fixtures_dict_templates_decode() {
    let grow = binary("memory_grow");
    let to_limit = Dict::decode(&data_at(&grow, 0)).expect("toLimit results");
    assert_eq!(to_limit.len(), 2);
    assert_eq!(to_limit.encoded_len(), 34);
    let past = Dict::decode(&data_at(&grow, 64)).expect("pastLimit results");
    assert_eq!(past.len(), 3);
    assert_eq!(past.encoded_len(), 40);

    let nan = Dict::decode(&data_at(&binary("nan"), 0)).expect("nan results");
    assert_eq!(nan.len(), 24);
    for (key, value) in nan.iter() {
        let key = std::str::from_utf8(key).expect("text key");
        let width = if key.starts_with("f32") || key.starts_with("i32") {
            4
        } else {
            8
        };
        assert_eq!(value.len(), width, "{key}");
    }

    for name in ["mutual_a", "mutual_b"] {
        let params = Dict::decode(&data_at(&binary(name), 0)).expect("peer params");
        assert_eq!(params.get(b"peer").map(<[u8]>::len), Some(4), "{name}");
        assert_eq!(params.encoded_len(), 18);
    }
}
