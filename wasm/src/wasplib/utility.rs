//! The `utility` object: base58, hashing, hnames, addresses from public keys, signature checks and
//! randomness from the request's entropy.
//!
//! v0.1.0 works by slots: setting `base58Bytes` to bytes makes `base58String` read their encoding,
//! setting `hashBlake2b` or `hashSha3` fills one shared hash slot, `name` fills `hname`,
//! `ed25519Address` fills `address`, `ed25519Valid` fills `valid` (an i64, 0 or 1). v0.2.0 calls a
//! function through `hostGetBytes` (type 0x40 runs it on the argument, 0x41 fetches the result), and
//! reports a valid signature as one byte `00` and an invalid one as no bytes, as its host did.
//!
//! `random` hands out 8 bytes at a time from a buffer that starts as the request's entropy and is
//! replaced by its blake2b-256 hash when fewer than 8 bytes are left: four draws per hash. With
//! v0.1.0's `testMode` param the buffer starts as the original host's fixed test pattern (draws 1, 9,
//! 17, ...) for that call only (the original set a process-wide flag, which would make results
//! depend on what ran before).
//!
//! BLS signatures (BN256 as the original host had them) are not supported: `blsValid` and
//! `blsAggregate` fail with a message that says so. `blsAddress` hashes the key like the original.

use isc_abi::blake2b256;
use isc_gas::WasmLibCosts;
use isc_sandbox::VmError;
use sha3::{Digest, Sha3_256};

use super::codec::Payload;
use super::ctx::Ctx;
use super::frame::Frame;
use super::tags::{Key, Tag};

/// The utility object's state in one call.
#[derive(Debug, Default)]
pub struct Utility {
    /// v0.1.0 slots: last outputs by the key that reads them.
    base58_string: Option<Vec<u8>>,
    base58_bytes: Option<Vec<u8>>,
    hash: Option<Vec<u8>>,
    hname: Option<Vec<u8>>,
    address: Option<Vec<u8>>,
    valid: Option<Vec<u8>>,
    /// The random buffer and the position of its next draw.
    random: Option<(Vec<u8>, usize)>,
    /// v0.2.0: the result of the last function run, by its key.
    pending: Option<(i32, Option<Vec<u8>>)>,
}

fn panic(msg: impl std::fmt::Display) -> VmError {
    VmError::Panic(format!("utility.{msg}"))
}

fn charge(ctx: &mut Ctx<'_>, gas: u64) -> Result<(), VmError> {
    ctx.view("utility")?.charge_gas("wasmlib.utility", gas)
}

/// Whether `data` is signed by `key` with `signature` (ed25519).
fn ed25519_valid(payload: &[u8], tag: Tag) -> Result<bool, VmError> {
    let mut p = Payload::new(tag, payload);
    let data = p.bytes()?;
    let key = p.bytes()?;
    let signature = p.bytes()?;
    let Ok(key) = <[u8; 32]>::try_from(key) else {
        return Ok(false);
    };
    let Ok(signature) = <[u8; 64]>::try_from(signature) else {
        return Ok(false);
    };
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key) else {
        return Ok(false);
    };
    let signature = ed25519_dalek::Signature::from_bytes(&signature);
    Ok(key.verify_strict(data, &signature).is_ok())
}

impl Frame {
    /// The utility function of `key` on `input`: its output (`None`: nothing).
    fn utility_run(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: Key,
        input: &[u8],
    ) -> Result<Option<Vec<u8>>, VmError> {
        let costs = WasmLibCosts::DEFAULT;
        let n = input.len() as u64;
        Ok(Some(match key {
            Key::Base58Bytes => {
                charge(ctx, costs.base58_of(n))?;
                let text =
                    std::str::from_utf8(input).map_err(|_| panic("invalid base58 string"))?;
                bs58::decode(text)
                    .into_vec()
                    .map_err(|e| panic(format!("invalid base58 string: {e}")))?
            }
            Key::Base58String => {
                charge(ctx, costs.base58_of(n))?;
                bs58::encode(input).into_string().into_bytes()
            }
            Key::HashBlake2b => ctx.view("utility")?.blake2b(input)?.0.to_vec(),
            Key::HashSha3 => {
                charge(ctx, costs.sha3.of(n))?;
                Sha3_256::digest(input).to_vec()
            }
            Key::Hname | Key::Name => {
                let name = std::str::from_utf8(input).map_err(|_| panic("invalid name"))?;
                ctx.view("utility")?.hname(name)?.0.to_le_bytes().to_vec()
            }
            Key::Ed25519Address | Key::BlsAddress => {
                charge(ctx, costs.sha3.of(n))?;
                let version = match (key, self.tag) {
                    (Key::Ed25519Address, tag) => tag.ed25519_version(),
                    (_, Tag::V01) => 2,
                    (_, Tag::V02) => 1,
                };
                let mut out = vec![version];
                out.extend_from_slice(&blake2b256(input).0);
                out
            }
            Key::Ed25519Valid => {
                charge(ctx, costs.signature.of(n))?;
                let valid = ed25519_valid(input, self.tag)?;
                match self.tag {
                    Tag::V01 => i64::from(valid).to_le_bytes().to_vec(),
                    Tag::V02 if valid => vec![0],
                    Tag::V02 => return Ok(None),
                }
            }
            Key::BlsValid | Key::BlsAggregate => {
                return Err(panic("BLS signatures are not supported by iscvm"))
            }
            Key::Random => self.draw(ctx)?,
            _ => return Err(panic("invalid key")),
        }))
    }

    /// The next 8 random bytes of this call.
    fn draw(&mut self, ctx: &mut Ctx<'_>) -> Result<Vec<u8>, VmError> {
        charge(ctx, WasmLibCosts::DEFAULT.random.of(8))?;
        if self.utility.random.is_none() {
            let test_mode =
                self.tag == Tag::V01 && ctx.view("utility")?.params()?.get(b"testMode").is_some();
            let buf = if test_mode {
                let mut b = vec![0u8; 64];
                for k in 0..8 {
                    b[8 * k] = 8 * k as u8 + 1;
                }
                b
            } else {
                ctx.func(|| "utility.random is not available in a view".into())?
                    .entropy()?
                    .0
                    .to_vec()
            };
            self.utility.random = Some((buf, 0));
        }
        let Some((buf, pos)) = &mut self.utility.random else {
            return Err(panic("no entropy"));
        };
        if *pos + 8 > buf.len() {
            *buf = blake2b256(buf).0.to_vec();
            *pos = 0;
        }
        let out = buf[*pos..*pos + 8].to_vec();
        *pos += 8;
        Ok(out)
    }

    /// v0.1.0: whether the utility object has `key`.
    pub(super) fn utility_has(&self, key: i32) -> bool {
        matches!(
            self.predefined(key),
            Some(
                Key::Address
                    | Key::Base58Bytes
                    | Key::Base58String
                    | Key::BlsAddress
                    | Key::BlsAggregate
                    | Key::BlsValid
                    | Key::Ed25519Address
                    | Key::Ed25519Valid
                    | Key::HashBlake2b
                    | Key::HashSha3
                    | Key::Hname
                    | Key::Name
                    | Key::Random
                    | Key::Valid
            )
        )
    }

    /// v0.1.0: sets an input slot and computes its output.
    pub(super) fn utility_set(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: i32,
        value: &[u8],
    ) -> Result<(), VmError> {
        let k = self
            .predefined(key)
            .ok_or_else(|| panic(format!("Invalid key: {key}")))?;
        // v0.1.0 names the slot by its input: setting `base58Bytes` encodes them, setting
        // `base58String` decodes it (v0.2.0's function keys are named by what they return).
        let run = match k {
            Key::Base58Bytes => Key::Base58String,
            Key::Base58String => Key::Base58Bytes,
            other => other,
        };
        let out = self.utility_run(ctx, run, value)?;
        let u = &mut self.utility;
        match k {
            Key::Base58Bytes => u.base58_string = out,
            Key::Base58String => u.base58_bytes = out,
            Key::HashBlake2b | Key::HashSha3 => u.hash = out,
            Key::Name => u.hname = out,
            Key::Ed25519Address | Key::BlsAddress => u.address = out,
            Key::Ed25519Valid => u.valid = out,
            _ => return Err(panic(format!("Invalid key: {key}"))),
        }
        Ok(())
    }

    /// v0.1.0: reads an output slot (or draws a random number).
    pub(super) fn utility_get(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: i32,
    ) -> Result<Option<Vec<u8>>, VmError> {
        let u = &self.utility;
        Ok(match self.predefined(key) {
            Some(Key::Base58String) => u.base58_string.clone(),
            Some(Key::Base58Bytes) => u.base58_bytes.clone(),
            Some(Key::HashBlake2b | Key::HashSha3) => u.hash.clone(),
            Some(Key::Hname) => u.hname.clone(),
            Some(Key::Address) => u.address.clone(),
            Some(Key::Valid) => u.valid.clone(),
            Some(Key::Random) => Some(self.draw(ctx)?),
            _ => return Err(panic(format!("Invalid key: {key}"))),
        })
    }

    /// v0.2.0 `hostGetBytes` with type 0x40: runs utility function `key` of object `obj` on `args`
    /// and keeps the result; returns its length (0 also for no result).
    pub fn call_utility(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        args: &[u8],
    ) -> Result<usize, VmError> {
        if !matches!(self.object(obj)?, super::frame::Object::Utility) {
            return Err(VmError::Panic(format!(
                "{}.CallFunc: invalid call",
                self.object_name(obj)
            )));
        }
        let k = self
            .predefined(key)
            .ok_or_else(|| panic(format!("invalid key: {key}")))?;
        let out = self.utility_run(ctx, k, args)?;
        let len = out.as_ref().map_or(0, Vec::len);
        self.utility.pending = Some((key, out));
        Ok(len)
    }

    /// v0.2.0 `hostGetBytes` with type 0x41: the result of the last run of `key` (`None`: it had
    /// none).
    pub fn take_utility_result(&mut self, key: i32) -> Result<Option<Vec<u8>>, VmError> {
        match self.utility.pending.take() {
            Some((k, out)) if k == key => Ok(out),
            _ => Err(VmError::Panic(
                "HostGetBytes: Invalid func call state".into(),
            )),
        }
    }
}
