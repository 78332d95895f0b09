//! What can go wrong on the command line, said plainly.

/// A command failure; the message is printed to stderr as `error: <message>`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A malformed argument.
    #[error("bad argument `{arg}`: {reason}")]
    BadArgument {
        /// The argument as given.
        arg: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Output could not be serialised.
    #[error("cannot write JSON output: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// A bad-argument error.
    pub fn bad_arg(arg: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        CliError::BadArgument {
            arg: arg.into(),
            reason: reason.to_string(),
        }
    }
}
