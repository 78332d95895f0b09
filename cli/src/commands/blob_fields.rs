//! The fields of a blob that `iscvm blob store` sends: parsed from `--field NAME=@FILE|VALUE`, a Wasm
//! program assembled from WAT, and the size rules of the blob contract checked before anything is sent.

use isc_abi::{Dict, Hash};
use isc_gas::Limits;
use isc_native_contracts::blob;

use crate::commands::values::parse_typed;
use crate::error::CliError;

/// Parses `--field` arguments into a blob: `NAME=@PATH` is the file's bytes, `NAME=VALUE` a value typed
/// as `-p` values are (`string:` by default, `hex:`, `u64:`...; `string:@x` is the text `@x`). A name
/// may appear once and cannot be empty.
pub fn fields_from_args(args: &[String]) -> Result<Dict, CliError> {
    let mut fields = Dict::new();
    for arg in args {
        let (name, value) = arg
            .split_once('=')
            .ok_or_else(|| CliError::bad_arg(arg, "expected NAME=@FILE or NAME=VALUE"))?;
        if name.is_empty() {
            return Err(CliError::bad_arg(arg, "empty field name"));
        }
        if fields.contains(name.as_bytes()) {
            return Err(CliError::bad_arg(
                arg,
                format!("field `{name}` given twice"),
            ));
        }
        let bytes = match value.strip_prefix('@') {
            Some(path) => std::fs::read(path).map_err(|e| {
                CliError::bad_arg(arg, format!("field `{name}`: cannot read `{path}`: {e}"))
            })?,
            None => parse_typed(arg, value)?,
        };
        fields
            .set(name.as_bytes(), bytes)
            .map_err(|e| CliError::bad_arg(arg, format!("field `{name}`: {e}")))?;
    }
    Ok(fields)
}

/// The program as the chain stores it for VM type `vm`: a Wasm program given as WAT text is assembled
/// here, before it reaches the chain, so that the chain (and its blob hash) never depends on a text
/// parser; a binary of another VM type is stored as given. `what` names the program in an error.
pub fn program_for_vm(program: Vec<u8>, vm: &[u8], what: &str) -> Result<Vec<u8>, CliError> {
    if vm != isc_wasm::VM_TYPE.as_bytes() {
        return Ok(program);
    }
    isc_wasm::validate::wasm_bytes(&program).map_err(|e| CliError::bad_arg(what, e))
}

/// A blob's size as blob.storeBlob counts it: every field's name and value.
pub fn blob_size(fields: &Dict) -> u64 {
    fields
        .iter()
        .map(|(name, value)| (name.len() + value.len()) as u64)
        .sum()
}

fn field_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// Refuses, before anything is sent, a blob that blob.storeBlob would refuse for its size under the
/// chain's `limits`: a blob past `max_blob_size` (its largest field is named), or a field whose state
/// key (the blob contract's own layout) or value is past the chain's state limits.
pub fn check_size(fields: &Dict, hash: &Hash, limits: &Limits) -> Result<(), CliError> {
    let total = blob_size(fields);
    if total > u64::from(limits.max_blob_size) {
        let (name, value) = fields
            .iter()
            .max_by_key(|(name, value)| name.len() + value.len())
            .unwrap_or((&[], &[]));
        return Err(CliError::BlobTooLarge {
            field: field_name(name),
            size: value.len(),
            total,
            limit: limits.max_blob_size,
        });
    }
    for (name, value) in fields.iter() {
        let key = blob::state::field_key(hash, name).len();
        if key > limits.max_key_size as usize {
            return Err(CliError::BlobFieldTooLarge {
                field: field_name(name),
                what: "the name (in its state key)",
                size: key,
                limit: limits.max_key_size,
            });
        }
        if value.len() > limits.max_value_size as usize {
            return Err(CliError::BlobFieldTooLarge {
                field: field_name(name),
                what: "the value",
                size: value.len(),
                limit: limits.max_value_size,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn typed_and_file_fields() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.bin");
        std::fs::write(&file, [0u8, 1, 2]).unwrap();
        let fields = fields_from_args(&args(&[
            &format!("bin=@{}", file.display()),
            "n=u64:7",
            "t=hello",
            "at=string:@x",
        ]))
        .unwrap();
        assert_eq!(fields.get(b"bin"), Some(&[0u8, 1, 2][..]));
        assert_eq!(fields.get(b"n"), Some(&7u64.to_le_bytes()[..]));
        assert_eq!(fields.get(b"t"), Some(&b"hello"[..]));
        assert_eq!(fields.get(b"at"), Some(&b"@x"[..]));
        assert_eq!(blob_size(&fields), 3 + 3 + 8 + 1 + 5 + 1 + 2 + 2);
    }

    #[test]
    fn bad_fields_say_what_is_wrong() {
        for (list, says) in [
            (&["=x"][..], "empty field name"),
            (&["a=1", "a=2"], "field `a` given twice"),
            (&["a"], "expected NAME=@FILE or NAME=VALUE"),
            (
                &["a=@/no/such/file"],
                "field `a`: cannot read `/no/such/file`",
            ),
            (&["a=u64:x"], "bad u64"),
        ] {
            let err = fields_from_args(&args(list)).unwrap_err().to_string();
            assert!(err.contains(says), "{list:?}: {err}");
        }
    }

    #[test]
    fn sizes_past_the_limits_name_the_field() {
        let limits = Limits {
            max_blob_size: 10,
            max_value_size: 8,
            max_key_size: 40,
            ..Limits::DEFAULT
        };
        let hash = Hash([0; 32]);
        let blob = |entries: &[(&str, usize)]| {
            let mut d = Dict::new();
            for (name, len) in entries {
                d.set(name.as_bytes(), vec![1; *len]).unwrap();
            }
            d
        };
        assert!(check_size(&blob(&[("a", 4), ("b", 4)]), &hash, &limits).is_ok());
        let err = check_size(&blob(&[("a", 2), ("b", 7)]), &hash, &limits).unwrap_err();
        assert!(matches!(
            &err,
            CliError::BlobTooLarge { field, size: 7, total: 11, limit: 10 } if field == "b"
        ));
        let err = check_size(&blob(&[("a", 9)]), &hash, &limits).unwrap_err();
        assert!(
            matches!(&err, CliError::BlobFieldTooLarge { field, size: 9, limit: 8, .. } if field == "a")
        );
        // The state key is `f` ‖ hash ‖ name: 33 bytes before the name.
        let err = check_size(&blob(&[("12345678", 1)]), &hash, &limits).unwrap_err();
        assert!(matches!(
            &err,
            CliError::BlobFieldTooLarge {
                size: 41,
                limit: 40,
                ..
            }
        ));
    }

    #[test]
    fn only_wasm_programs_are_assembled() {
        let wat = b"(module (memory (export \"memory\") 1))".to_vec();
        let binary = program_for_vm(wat.clone(), b"wasmer", "p").unwrap();
        assert!(binary.starts_with(b"\0asm"));
        assert_eq!(program_for_vm(wat.clone(), b"evm", "p").unwrap(), wat);
        let err = program_for_vm(b"junk".to_vec(), b"wasmer", "p=junk").unwrap_err();
        assert!(err.to_string().contains("p=junk"), "{err}");
    }
}
