//! `iscvm`: the command line of the iscvm execution engine.
//!
//! Thin by design: it parses arguments, calls the runtime and prints. Errors go to stderr with exit code 1
//! and say what was wrong.

mod args;
mod commands;
mod error;
mod names;
mod output;
mod session;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

/// The allocator of the node binary: a block's state is many small keys and values, which glibc's
/// allocator frees slowly (see BENCHMARKS.md). Library users pick their own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Restores the default action of SIGPIPE (the Rust runtime ignores it), so that `iscvm ... | head`
/// ends quietly when the reader goes away, as other Unix tools do, instead of panicking on the write.
#[cfg(unix)]
fn default_sigpipe() {
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    // SAFETY: setting a signal's disposition to its default has no preconditions; no handler runs.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

#[cfg(not(unix))]
fn default_sigpipe() {}

fn main() -> ExitCode {
    default_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` come back as "errors" that print to stdout and succeed.
            let code = if err.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
            // Printing can only fail when stdout/stderr are closed; there is nobody left to tell then.
            let _ = err.print();
            return code;
        }
    };
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", with_causes(&err));
            ExitCode::FAILURE
        }
    }
}

/// `err`'s message followed by each cause below it that the message does not already say (a store
/// error carries the backend's error as its source, for instance).
fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let line = c.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        cause = c.source();
    }
    text
}
