//! `iscvm blob store|list|info`: the chain's blob registry (contract programs).

use isc_abi::{blob_hash, Codec, Dict, Hash, Hname};
use isc_native_contracts::blob;
use serde::Serialize;

use crate::args::{BlobCmd, BlobStoreArgs, Cli};
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

#[derive(Serialize)]
struct StoreOut {
    hash: String,
    size: usize,
    vm_type: String,
    #[serde(flatten)]
    request: Posted,
}

fn store(cli: &Cli, args: &BlobStoreArgs) -> Result<(), CliError> {
    let program = std::fs::read(&args.file).map_err(|source| CliError::ReadFile {
        path: args.file.clone(),
        source,
    })?;
    // A Wasm program is stored as a binary: WAT text is assembled here, before it reaches the chain,
    // so the chain (and its blob hash) never depends on a text parser.
    let program = if args.vm == isc_wasm::VM_TYPE {
        isc_wasm::validate::wasm_bytes(&program)
            .map_err(|e| CliError::bad_arg(args.file.display().to_string(), e))?
    } else {
        program
    };
    let size = program.len();
    let fields = program_blob(program, &args.vm, args.description.as_deref());
    let hash = blob_hash(&fields);
    let session = Session::open(cli, "blob store")?;
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
        vm_type: args.vm.clone(),
        request: post(&session, call, deposit)?,
    };
    if cli.json {
        return print_json(&out);
    }
    println!(
        "blob {} ({} bytes of program, VM type `{}`)",
        out.hash,
        thousands(size as u64),
        out.vm_type
    );
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
