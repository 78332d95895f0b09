//! The two tags of the Pollen-era contract ABI and their tables: import and export names, predefined
//! keys, type ids and sizes. The tags share one object model (see the module docs) but number their
//! keys and types differently, so everything here is looked up through a [`Tag`].

/// Which tag of the ABI a module was built against, decided by the module name of its imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Wasp v0.1.0: import module `wasplib`, call export `on_call_entrypoint`.
    V01,
    /// Wasp v0.2.0: import module `WasmLib`, call export `on_call`.
    V02,
}

/// A predefined key: what a negative key id stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Key {
    AccountId,
    Address,
    Balances,
    Base58Bytes,
    Base58String,
    BlsAddress,
    BlsAggregate,
    BlsValid,
    Call,
    Caller,
    ChainId,
    ChainOwnerId,
    Color,
    Contract,
    ContractCreator,
    ContractId,
    Deploy,
    Ed25519Address,
    Ed25519Valid,
    Event,
    Exports,
    HashBlake2b,
    HashSha3,
    Hname,
    Incoming,
    Length,
    Log,
    Maps,
    Minted,
    Name,
    Panic,
    Params,
    Post,
    Random,
    RequestId,
    Results,
    Return,
    State,
    Timestamp,
    Trace,
    Transfers,
    Utility,
    Valid,
    /// The last key: its id checks, in `on_load`, that guest and host agree on the table.
    Zzzzzzz,
}

/// v0.1.0's predefined keys: key id `-(i + 1)` is entry `i`.
const KEYS_V01: [(Key, &str); 41] = [
    (Key::Address, "address"),
    (Key::Balances, "balances"),
    (Key::Base58Bytes, "base58Bytes"),
    (Key::Base58String, "base58String"),
    (Key::BlsAddress, "blsAddress"),
    (Key::BlsAggregate, "blsAggregate"),
    (Key::BlsValid, "blsValid"),
    (Key::Call, "call"),
    (Key::Caller, "caller"),
    (Key::ChainOwnerId, "chainOwnerId"),
    (Key::Color, "color"),
    (Key::ContractCreator, "contractCreator"),
    (Key::ContractId, "contractId"),
    (Key::Deploy, "deploy"),
    (Key::Ed25519Address, "ed25519Address"),
    (Key::Ed25519Valid, "ed25519Valid"),
    (Key::Event, "event"),
    (Key::Exports, "exports"),
    (Key::HashBlake2b, "hashBlake2b"),
    (Key::HashSha3, "hashSha3"),
    (Key::Hname, "hname"),
    (Key::Incoming, "incoming"),
    (Key::Length, "length"),
    (Key::Log, "log"),
    (Key::Maps, "maps"),
    (Key::Minted, "minted"),
    (Key::Name, "name"),
    (Key::Panic, "panic"),
    (Key::Params, "params"),
    (Key::Post, "post"),
    (Key::Random, "random"),
    (Key::RequestId, "requestId"),
    (Key::Results, "results"),
    (Key::Return, "return"),
    (Key::State, "state"),
    (Key::Timestamp, "timestamp"),
    (Key::Trace, "trace"),
    (Key::Transfers, "transfers"),
    (Key::Utility, "utility"),
    (Key::Valid, "valid"),
    (Key::Zzzzzzz, ""),
];

/// v0.2.0's predefined keys: key id `-(i + 1)` is entry `i`.
const KEYS_V02: [(Key, &str); 43] = [
    (Key::AccountId, "$accountID"),
    (Key::Address, "$address"),
    (Key::Balances, "$balances"),
    (Key::Base58Bytes, "$base58Bytes"),
    (Key::Base58String, "$base58String"),
    (Key::BlsAddress, "$blsAddress"),
    (Key::BlsAggregate, "$blsAggregate"),
    (Key::BlsValid, "$blsValid"),
    (Key::Call, "$call"),
    (Key::Caller, "$caller"),
    (Key::ChainId, "$chainID"),
    (Key::ChainOwnerId, "$chainOwnerID"),
    (Key::Color, "$color"),
    (Key::Contract, "$contract"),
    (Key::ContractCreator, "$contractCreator"),
    (Key::Deploy, "$deploy"),
    (Key::Ed25519Address, "$ed25519Address"),
    (Key::Ed25519Valid, "$ed25519Valid"),
    (Key::Event, "$event"),
    (Key::Exports, "$exports"),
    (Key::HashBlake2b, "$hashBlake2b"),
    (Key::HashSha3, "$hashSha3"),
    (Key::Hname, "$hname"),
    (Key::Incoming, "$incoming"),
    (Key::Length, "$length"),
    (Key::Log, "$log"),
    (Key::Maps, "$maps"),
    (Key::Minted, "$minted"),
    (Key::Name, "$name"),
    (Key::Panic, "$panic"),
    (Key::Params, "$params"),
    (Key::Post, "$post"),
    (Key::Random, "$random"),
    (Key::RequestId, "$requestID"),
    (Key::Results, "$results"),
    (Key::Return, "$return"),
    (Key::State, "$state"),
    (Key::Timestamp, "$timestamp"),
    (Key::Trace, "$trace"),
    (Key::Transfers, "$transfers"),
    (Key::Utility, "$utility"),
    (Key::Valid, "$valid"),
    (Key::Zzzzzzz, ""),
];

/// A value type, as both tags define it (their numbering differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Ty {
    Address,
    AgentId,
    Bytes,
    ChainId,
    Color,
    ContractId,
    Hash,
    Hname,
    Int16,
    Int32,
    Int64,
    Map,
    RequestId,
    String,
}

/// v0.1.0's type ids: id `i + 1` is entry `i`.
const TYPES_V01: [Ty; 12] = [
    Ty::Address,
    Ty::AgentId,
    Ty::Bytes,
    Ty::ChainId,
    Ty::Color,
    Ty::ContractId,
    Ty::Hash,
    Ty::Hname,
    Ty::Int64,
    Ty::Map,
    Ty::RequestId,
    Ty::String,
];

/// v0.2.0's type ids: id `i + 1` is entry `i`.
const TYPES_V02: [Ty; 13] = [
    Ty::Address,
    Ty::AgentId,
    Ty::Bytes,
    Ty::ChainId,
    Ty::Color,
    Ty::Hash,
    Ty::Hname,
    Ty::Int16,
    Ty::Int32,
    Ty::Int64,
    Ty::Map,
    Ty::RequestId,
    Ty::String,
];

/// The array flag of a type id (both tags).
pub const TYPE_ARRAY: i32 = 0x20;
/// v0.2.0: an array in the core contracts' 16-bit layout (`name#<u16 LE>`), array flag included.
pub const TYPE_ARRAY16: i32 = 0x30;
/// v0.2.0: the function-call protocol of `hostGetBytes` (0x40 runs, 0x41 fetches the result).
pub const TYPE_CALL: i32 = 0x40;
/// Bit 0x8000 of an export index marks a view.
pub const VIEW_FLAG: i32 = 0x8000;

impl Tag {
    /// The tag of an import module name, if it is one of them.
    pub fn of_module(module: &str) -> Option<Tag> {
        match module {
            "wasplib" => Some(Tag::V01),
            "WasmLib" => Some(Tag::V02),
            _ => None,
        }
    }

    /// The import module name.
    pub fn module(self) -> &'static str {
        match self {
            Tag::V01 => "wasplib",
            Tag::V02 => "WasmLib",
        }
    }

    /// The ABI's printed name (`iscvm check`).
    pub fn abi_name(self) -> &'static str {
        match self {
            Tag::V01 => "wasplib-v0.1",
            Tag::V02 => "wasmlib-v0.2",
        }
    }

    /// The export that runs entry point `index`.
    pub fn call_export(self) -> &'static str {
        match self {
            Tag::V01 => "on_call_entrypoint",
            Tag::V02 => "on_call",
        }
    }

    /// The four import names: key id, object id, get bytes, set bytes.
    pub fn imports(self) -> [&'static str; 4] {
        match self {
            Tag::V01 => [
                "hostGetKeyId",
                "hostGetObjectId",
                "hostGetBytes",
                "hostSetBytes",
            ],
            Tag::V02 => [
                "hostGetKeyID",
                "hostGetObjectID",
                "hostGetBytes",
                "hostSetBytes",
            ],
        }
    }

    /// The signature (params, results; all i32) of import `name`, if the tag defines it.
    pub fn import_signature(self, name: &str) -> Option<(usize, usize)> {
        let [key, object, get, set] = self.imports();
        if name == key {
            Some((2, 1))
        } else if name == object {
            Some((3, 1))
        } else if name == get {
            Some((5, 1))
        } else if name == set {
            Some((5, 0))
        } else {
            None
        }
    }

    fn keys(self) -> &'static [(Key, &'static str)] {
        match self {
            Tag::V01 => &KEYS_V01,
            Tag::V02 => &KEYS_V02,
        }
    }

    /// The predefined key of a negative key id.
    pub fn key(self, id: i32) -> Option<Key> {
        let index = usize::try_from(id.checked_neg()?.checked_sub(1)?).ok()?;
        self.keys().get(index).map(|(k, _)| *k)
    }

    /// The id of a predefined key, if this tag has it.
    pub fn key_id(self, key: Key) -> Option<i32> {
        let index = self.keys().iter().position(|(k, _)| *k == key)?;
        Some(-(index as i32) - 1)
    }

    /// The bytes a predefined key stands for inside a map (`length`, `$color`, ...).
    pub fn key_name(self, id: i32) -> Option<&'static [u8]> {
        let index = usize::try_from(id.checked_neg()?.checked_sub(1)?).ok()?;
        self.keys().get(index).map(|(_, name)| name.as_bytes())
    }

    /// v0.1.0 looks a new key's bytes up among the predefined names first.
    pub fn predefined_by_name(self, bytes: &[u8]) -> Option<i32> {
        if self != Tag::V01 || bytes.is_empty() {
            return None;
        }
        let index = self
            .keys()
            .iter()
            .position(|(_, n)| n.as_bytes() == bytes)?;
        Some(-(index as i32) - 1)
    }

    fn types(self) -> &'static [Ty] {
        match self {
            Tag::V01 => &TYPES_V01,
            Tag::V02 => &TYPES_V02,
        }
    }

    /// The value type of a plain type id (no flags).
    pub fn ty(self, id: i32) -> Option<Ty> {
        let index = usize::try_from(id.checked_sub(1)?).ok()?;
        self.types().get(index).copied()
    }

    /// The id of a value type in this tag (`None`: the tag has no such type).
    pub fn type_id(self, ty: Ty) -> Option<i32> {
        let index = self.types().iter().position(|t| *t == ty)?;
        Some(index as i32 + 1)
    }

    /// The element type id of an array type id.
    pub fn element(self, type_id: i32) -> i32 {
        match self {
            Tag::V01 => type_id & !TYPE_ARRAY,
            Tag::V02 => type_id & 0x0f,
        }
    }

    /// Whether a type id is an array (any layout).
    pub fn is_array(self, type_id: i32) -> bool {
        type_id & TYPE_ARRAY != 0
    }

    /// Whether a type id is v0.2.0's 16-bit array layout.
    pub fn is_array16(self, type_id: i32) -> bool {
        self == Tag::V02 && type_id & TYPE_ARRAY16 == TYPE_ARRAY16
    }

    /// The fixed size of a value type in bytes (0: variable or a container).
    pub fn size(self, ty: Ty) -> usize {
        match ty {
            Ty::Address | Ty::ChainId => 33,
            Ty::AgentId | Ty::ContractId => 37,
            Ty::Color | Ty::Hash => 32,
            Ty::Hname | Ty::Int32 => 4,
            Ty::Int16 => 2,
            Ty::Int64 => 8,
            Ty::RequestId => 34,
            Ty::Bytes | Ty::Map | Ty::String => 0,
        }
    }

    /// Bytes of an array's length and of a clear: v0.1.0 stores an i64, v0.2.0 an i32.
    pub fn length_bytes(self, len: i32) -> Vec<u8> {
        match self {
            Tag::V01 => i64::from(len).to_le_bytes().to_vec(),
            Tag::V02 => len.to_le_bytes().to_vec(),
        }
    }

    /// The type id of integers that carry object ids and lengths (`INT64` in v0.1.0, `INT32` in
    /// v0.2.0).
    pub fn int_type(self) -> Ty {
        match self {
            Tag::V01 => Ty::Int64,
            Tag::V02 => Ty::Int32,
        }
    }

    /// The version byte of an ed25519 address in 33-byte form (v0.1.0: 1, v0.2.0: 0).
    pub fn ed25519_version(self) -> u8 {
        match self {
            Tag::V01 => 1,
            Tag::V02 => 0,
        }
    }

    /// Whether object names in messages carry this tag's capitalised wording (v0.1.0's
    /// `Invalid key`) or v0.2.0's lower case.
    pub fn capitalised(self) -> bool {
        self == Tag::V01
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_tables_end_with_the_version_key() {
        assert_eq!(Tag::V01.key(-41), Some(Key::Zzzzzzz));
        assert_eq!(Tag::V02.key(-43), Some(Key::Zzzzzzz));
        assert_eq!(Tag::V01.key(-42), None);
        assert_eq!(Tag::V01.key(0), None);
        assert_eq!(Tag::V01.key(i32::MIN), None);
        assert_eq!(Tag::V01.key_id(Key::Exports), Some(-18));
        assert_eq!(Tag::V02.key_id(Key::Exports), Some(-20));
        assert_eq!(Tag::V02.key_name(-25), Some(&b"$length"[..]));
        assert_eq!(Tag::V01.key_id(Key::AccountId), None);
    }

    #[test]
    fn type_tables_differ_by_tag() {
        assert_eq!(Tag::V01.ty(9), Some(Ty::Int64));
        assert_eq!(Tag::V02.ty(10), Some(Ty::Int64));
        assert_eq!(Tag::V01.type_id(Ty::Map), Some(10));
        assert_eq!(Tag::V02.type_id(Ty::Map), Some(11));
        assert_eq!(Tag::V01.type_id(Ty::Int32), None);
        assert_eq!(Tag::V01.element(0x2c), 12);
        assert_eq!(Tag::V02.element(0x3d), 13);
        assert!(Tag::V02.is_array16(0x33));
        assert!(!Tag::V01.is_array16(0x33));
    }

    #[test]
    fn only_v01_maps_names_to_predefined_keys() {
        assert_eq!(Tag::V01.predefined_by_name(b"length"), Some(-23));
        assert_eq!(Tag::V02.predefined_by_name(b"$length"), None);
        assert_eq!(Tag::V01.predefined_by_name(b"counter"), None);
    }
}
