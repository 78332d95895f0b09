//! `iscvm blob store|list|info`: the chain's blob registry (contract programs, and blobs of any fields).

use isc_abi::{blob_hash, Codec, Dict, Hash, Hname};
use isc_native_contracts::blob;
use serde::Serialize;

use crate::args::{BlobCmd, BlobStoreArgs, Cli};
use crate::commands::blob_fields;
use crate::commands::funding::ensure_fee_funds;
use crate::commands::request::{post, print_posted, Call, Posted};
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::output::{print_json, printable, thousands};
use crate::session::Session;

/// Gas for a blob by default: state writes cost 20 gas per byte, so this stores a 1 MB blob with room to
/// spare (capped by the chain's per-request limit).
const BLOB_STORE_GAS: u64 = 60_000_000;

/// Field values up to this size are shown as text when printable.
const SHOW_TEXT_UP_TO: u32 = 256;

/// Runs `blob ...`.
pub fn run(cli: &Cli, cmd: &BlobCmd) -> Result<(), CliError> {
    match cmd {
        BlobCmd::Store(args) => store(cli, args),
        BlobCmd::List => list(cli),
        BlobCmd::Info { hash } => info(cli, hash),
    }
}

/// The fields of a program blob: `p` program, `v` VM type, `d` description (when given).
pub fn program_blob(program: Vec<u8>, vm: &str, description: Option<&str>) -> Dict {
    let mut fields = vec![
        (blob_field(isc_abi::BLOB_FIELD_PROGRAM), program),
        (
            blob_field(isc_abi::BLOB_FIELD_VM_TYPE),
            vm.as_bytes().to_vec(),
        ),
    ];
    if let Some(d) = description {
        fields.push((
            blob_field(isc_abi::BLOB_FIELD_DESCRIPTION),
            d.as_bytes().to_vec(),
        ));
    }
    dict_of(&fields)
}

fn blob_field(name: &'static [u8]) -> &'static str {
    // The reserved field names are ASCII letters.
    std::str::from_utf8(name).unwrap_or("?")
}

/// The default gas budget of a blob request on this chain.
pub fn blob_gas(session: &Session) -> u64 {
    BLOB_STORE_GAS.min(session.chain().limits().max_gas_per_request)
}

/// One field of a blob as sent.
#[derive(Serialize)]
struct SentField {
    field: String,
    size: usize,
}

#[derive(Serialize)]
struct StoreOut {
    hash: String,
    /// Bytes of the program (field `p`); `null` for a blob without one.
    size: Option<usize>,
    /// The VM type (field `v`); `null` for a blob without one.
    vm_type: Option<String>,
    /// Every field with its size, by name.
    fields: Vec<SentField>,
    /// The blob's size as blob.storeBlob counts it against the chain's limit: names and values.
    blob_size: u64,
    #[serde(flatten)]
    request: Posted,
}

/// The blob that `blob store` sends: from FILE (the program form) or from `--field`s.
fn blob_of(args: &BlobStoreArgs) -> Result<Dict, CliError> {
    let Some(file) = &args.file else {
        let mut fields = blob_fields::fields_from_args(&args.fields)?;
        let program = isc_abi::BLOB_FIELD_PROGRAM;
        if let (Some(p), Some(vm)) = (fields.get(program), fields.get(isc_abi::BLOB_FIELD_VM_TYPE))
        {
            let p = blob_fields::program_for_vm(p.to_vec(), vm, "--field p")?;
            fields
                .set(program, p)
                .map_err(|e| CliError::bad_arg("--field p", e))?;
        }
        return Ok(fields);
    };
    let program = std::fs::read(file).map_err(|source| CliError::ReadFile {
        path: file.clone(),
        source,
    })?;
    let program =
        blob_fields::program_for_vm(program, args.vm.as_bytes(), &file.display().to_string())?;
    Ok(program_blob(program, &args.vm, args.description.as_deref()))
}

fn store(cli: &Cli, args: &BlobStoreArgs) -> Result<(), CliError> {
    let fields = blob_of(args)?;
    let hash = blob_hash(&fields);
    let text_of = |name: &[u8]| {
        fields
            .get(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    let size = fields.get(isc_abi::BLOB_FIELD_PROGRAM).map(<[u8]>::len);
    let vm_type = text_of(isc_abi::BLOB_FIELD_VM_TYPE);
    let sent: Vec<SentField> = fields
        .iter()
        .map(|(name, value)| SentField {
            field: String::from_utf8_lossy(name).into_owned(),
            size: value.len(),
        })
        .collect();
    let size_of_blob = blob_fields::blob_size(&fields);
    let session = Session::open(cli, "blob store")?;
    blob_fields::check_size(&fields, &hash, session.chain().limits())?;
    let gas = args.gas.unwrap_or_else(|| blob_gas(&session));
    let deposit = if args.funding.no_deposit {
        None
    } else {
        ensure_fee_funds(&session, &args.sender, gas)?
    };
    let call = Call {
        sender: &args.sender,
        contract: (blob::CONTRACT.name, blob::CONTRACT.hname()),
        func: (blob::names::STORE_BLOB, Hname::new(blob::names::STORE_BLOB)),
        params: fields,
        transfer: Default::default(),
        gas,
    };
    let out = StoreOut {
        hash: hash.to_string(),
        size,
        vm_type,
        fields: sent,
        blob_size: size_of_blob,
        request: post(&session, call, deposit)?,
    };
    if cli.json {
        return print_json(&out);
    }
    match (&args.file, out.size) {
        (Some(_), Some(size)) => println!(
            "blob {} ({} bytes of program, VM type `{}`)",
            out.hash,
            thousands(size as u64),
            out.vm_type.as_deref().unwrap_or("")
        ),
        _ => {
            println!(
                "blob {} ({} fields, {} bytes)",
                out.hash,
                out.fields.len(),
                thousands(out.blob_size)
            );
            for f in &out.fields {
                println!("  {:<4} {:>10} bytes", f.field, thousands(f.size as u64));
            }
        }
    }
    print_posted(&out.request, &Default::default());
    println!(
        "  the blob is stored when the request runs; then `iscvm blob info {}`",
        out.hash
    );
    Ok(())
}

fn parse_hash(text: &str) -> Result<Hash, CliError> {
    Hash::from_hex(text).map_err(|e| CliError::bad_arg(text, format!("not a blob hash: {e}")))
}

/// One field of a blob.
#[derive(Serialize)]
struct FieldOut {
    field: String,
    size: u32,
    text: Option<String>,
}

/// The size of blob `hash`'s program (field `p`), if the chain has the blob and it has one.
pub fn program_size(session: &Session, hash: &Hash) -> Result<Option<u64>, CliError> {
    let info = session.view(
        blob::CONTRACT.hname(),
        Hname::new(blob::names::GET_BLOB_INFO),
        dict_of(&[(blob::keys::HASH, hash.encode())]),
    );
    // A blob the chain does not have (yet): the deployment will say so.
    let Ok(info) = info else {
        return Ok(None);
    };
    info.get(isc_abi::BLOB_FIELD_PROGRAM)
        .map(|size| u32::decode(size).map(u64::from))
        .transpose()
        .map_err(CliError::decode("blob field size"))
}

/// The fields of blob `hash` with their sizes (and short printable values).
fn fields_of(session: &Session, hash: &Hash) -> Result<Vec<FieldOut>, CliError> {
    let info = session.view(
        blob::CONTRACT.hname(),
        Hname::new(blob::names::GET_BLOB_INFO),
        dict_of(&[(blob::keys::HASH, hash.encode())]),
    )?;
    let mut out = Vec::with_capacity(info.len());
    for (name, size) in info.iter() {
        let size = u32::decode(size).map_err(CliError::decode("blob field size"))?;
        let text = if size <= SHOW_TEXT_UP_TO {
            let value = session.view(
                blob::CONTRACT.hname(),
                Hname::new(blob::names::GET_BLOB_FIELD),
                dict_of(&[
                    (blob::keys::HASH, hash.encode()),
                    (blob::keys::FIELD, name.to_vec()),
                ]),
            )?;
            value
                .get(blob::keys::BYTES.as_bytes())
                .and_then(printable)
                .map(str::to_string)
        } else {
            None
        };
        out.push(FieldOut {
            field: String::from_utf8_lossy(name).into_owned(),
            size,
            text,
        });
    }
    Ok(out)
}

#[derive(Serialize)]
struct ListRow {
    hash: String,
    size: u32,
    vm_type: Option<String>,
    description: Option<String>,
}

fn list(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "blob list")?;
    let blobs = session.view(
        blob::CONTRACT.hname(),
        Hname::new(blob::names::LIST_BLOBS),
        Dict::new(),
    )?;
    let mut rows = Vec::with_capacity(blobs.len());
    for (hash, size) in blobs.iter() {
        let hash = Hash::from_slice(hash).map_err(CliError::decode("blob hash"))?;
        let size = u32::decode(size).map_err(CliError::decode("blob size"))?;
        let fields = fields_of(&session, &hash)?;
        let text_of = |name: &[u8]| {
            fields
                .iter()
                .find(|f| f.field.as_bytes() == name)
                .and_then(|f| f.text.clone())
        };
        rows.push(ListRow {
            hash: hash.to_string(),
            size,
            vm_type: text_of(isc_abi::BLOB_FIELD_VM_TYPE),
            description: text_of(isc_abi::BLOB_FIELD_DESCRIPTION),
        });
    }
    if cli.json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        println!("no blobs stored");
    }
    for r in &rows {
        println!(
            "{}  {:>10} bytes  {:<8} {}",
            r.hash,
            thousands(u64::from(r.size)),
            r.vm_type.as_deref().unwrap_or("-"),
            r.description.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct InfoOut {
    hash: String,
    fields: Vec<FieldOut>,
}

fn info(cli: &Cli, hash: &str) -> Result<(), CliError> {
    let hash = parse_hash(hash)?;
    let session = Session::open(cli, "blob info")?;
    let out = InfoOut {
        hash: hash.to_string(),
        fields: fields_of(&session, &hash)?,
    };
    if cli.json {
        return print_json(&out);
    }
    println!("blob {}", out.hash);
    for f in &out.fields {
        match &f.text {
            Some(t) => println!(
                "  {:<4} {:>10} bytes  {t:?}",
                f.field,
                thousands(u64::from(f.size))
            ),
            None => println!(
                "  {:<4} {:>10} bytes",
                f.field,
                thousands(u64::from(f.size))
            ),
        }
    }
    Ok(())
}
