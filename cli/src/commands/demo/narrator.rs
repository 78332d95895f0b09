//! The demo's voice: numbered steps and indented lines for people, silent under `--json`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Prints the story unless the output is JSON.
pub struct Narrator {
    quiet: bool,
    step: u32,
}

impl Narrator {
    /// A narrator that prints nothing when `json`.
    pub fn new(json: bool) -> Narrator {
        Narrator {
            quiet: json,
            step: 0,
        }
    }

    /// Whether it prints.
    pub fn speaks(&self) -> bool {
        !self.quiet
    }

    /// A numbered step.
    pub fn step(&mut self, title: &str) {
        self.step += 1;
        if !self.quiet {
            println!();
            println!("{}. {title}", self.step);
        }
    }

    /// An indented line.
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.quiet {
            println!("   {}", text.as_ref());
        }
    }

    /// A progress bar over `len` requests on stderr; hidden under `--json` or when stderr is not a
    /// terminal (so logs and pipes stay clean).
    pub fn progress(&self, len: u64) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
        if let Ok(style) = ProgressStyle::with_template(
            "   [{elapsed_precise}] {bar:40.cyan/blue} {pos:>6}/{len} requests  {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }
}
