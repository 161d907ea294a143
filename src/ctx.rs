//! The edge of townhall: the parsed command line turned into a validated
//! context once, and the one channel by which a command says it failed.
//! Commands take a [`Ctx`] and return `Result<(), Failure>`; `lib.rs` maps
//! the result to the exit code (0, 1 for content problems, 2 for usage or
//! environment problems) and draws a usage failure the one way.

use crate::cli::{Cli, ColorChoice, ProfileArg};
use crate::clock::Date;
use crate::config::BaseUrl;
use crate::resolve::{BuildOptions, Profile};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Why a command stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Content problems (exit code 1): reported as diagnostics already,
    /// with a closing line to add (`build failed; …`) or none.
    Content { message: Option<String> },
    /// Bad usage or an environment that does not allow the work: a missing
    /// site, a bad flag, an unwritable folder (exit code 2).
    Usage {
        message: String,
        hint: Option<String>,
    },
}

impl Failure {
    /// Content problems whose diagnostics are already out.
    pub(crate) fn content() -> Failure {
        Failure::Content { message: None }
    }

    /// Content problems, with the line that sums them up.
    pub(crate) fn content_because(message: impl Into<String>) -> Failure {
        Failure::Content {
            message: Some(message.into()),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// The same failure with advice on what to do.
    pub(crate) fn hint(self, hint: impl Into<String>) -> Failure {
        match self {
            Failure::Usage { message, .. } => Failure::Usage {
                message,
                hint: Some(hint.into()),
            },
            content => content,
        }
    }

    /// The process exit code for this failure.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Content { .. } => crate::EXIT_CONTENT,
            Failure::Usage { .. } => crate::EXIT_USAGE,
        }
    }

    /// The text shown on stderr, in the diagnostics' shape
    /// (`error: …` and `  = help: …`).
    pub(crate) fn render(&self) -> String {
        match self {
            Failure::Content { message: None } => String::new(),
            Failure::Content {
                message: Some(message),
            } => format!("error: {message}\n"),
            Failure::Usage { message, hint } => {
                let mut text = format!("error: {message}\n");
                if let Some(hint) = hint {
                    text.push_str(&format!("  = help: {hint}\n"));
                }
                text
            }
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::usage(message)
    }
}

/// What every command needs from the command line, validated.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub root: PathBuf,
    /// Diagnostics on stderr are coloured.
    pub color: bool,
    source_date_epoch: Option<String>,
}

impl Ctx {
    pub(crate) fn new(cli: &Cli) -> Ctx {
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !cli.no_color && std::io::stderr().is_terminal(),
        };
        Ctx {
            root: cli.root.clone(),
            color,
            source_date_epoch: cli.source_date_epoch.clone(),
        }
    }

    /// Today: the `--today` flag, else `SOURCE_DATE_EPOCH`, else the clock.
    pub(crate) fn today(&self, flag: Option<Date>) -> Result<Date, Failure> {
        crate::clock::today(flag, self.source_date_epoch.as_deref())
            .map(|(today, _)| today)
            .map_err(Failure::usage)
    }

    /// The root holds a site.
    pub(crate) fn site(&self) -> Result<(), Failure> {
        if self.root.join(crate::config::CONFIG_FILE).is_file() {
            return Ok(());
        }
        Err(Failure::usage(format!(
            "{} is not a townhall site (no site.toml)",
            self.root.display()
        ))
        .hint(format!(
            "run `townhall init {}` to create one, or pass --root DIR",
            self.root.display()
        )))
    }

    /// The inputs of a build besides the files, the profile mapped and a
    /// `--base-url` checked here, once.
    pub(crate) fn build_options(
        &self,
        today: Date,
        drafts: bool,
        profile: ProfileArg,
        base_url: Option<&str>,
    ) -> Result<BuildOptions, Failure> {
        if let Some(url) = base_url {
            BaseUrl::parse(url).map_err(|e| Failure::usage(format!("--base-url {e}")))?;
        }
        Ok(BuildOptions {
            today,
            drafts,
            profile: match profile {
                ProfileArg::Public => Profile::Public,
                ProfileArg::Internal => Profile::Internal,
            },
            base_url: base_url.map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_failures_render_like_diagnostics() {
        let f = Failure::usage("no site here").hint("run init");
        assert_eq!(f.render(), "error: no site here\n  = help: run init\n");
        assert_eq!(f.exit_code(), 2);
        assert_eq!(Failure::content().render(), "");
        assert_eq!(
            Failure::content_because("build failed").render(),
            "error: build failed\n"
        );
        assert_eq!(Failure::content().exit_code(), 1);
    }
}
