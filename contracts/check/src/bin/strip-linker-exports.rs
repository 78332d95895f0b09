//! `strip-linker-exports FILE.wasm...`: removes `__data_end` and `__heap_base` from the exports of each
//! file, in place (see `check::strip`). Used by `scripts/build-contracts.sh`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args_os().skip(1) {
        let shown = path.to_string_lossy().into_owned();
        let result = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| check::strip_linker_exports(&bytes).map_err(|e| e.to_string()))
            .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
        if let Err(e) = result {
            eprintln!("strip-linker-exports: {shown}: {e}");
            status = ExitCode::FAILURE;
        }
    }
    status
}
