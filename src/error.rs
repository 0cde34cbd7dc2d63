//! One error story for users: what failed, where, and what to do; each kind has its exit code.

use std::fmt;

/// Exit codes of `cli.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    Ok = 0,
    TrackerFailed = 1,
    Usage = 2,
    Refused = 3,
}

/// An error that ends the run before or instead of a report.
#[derive(Debug)]
pub struct Error {
    pub code: ExitCode,
    pub message: String,
    pub hint: Option<String>,
}

impl Error {
    /// Bad arguments or unreadable / invalid input (exit 2).
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            code: ExitCode::Usage,
            message: message.into(),
            hint: None,
        }
    }
    /// Refused locally (exit 3).
    pub fn refused(message: impl Into<String>) -> Self {
        Error {
            code: ExitCode::Refused,
            message: message.into(),
            hint: None,
        }
    }
    /// Something trackerctl itself could not do (state file, I/O): exit 1.
    pub fn failed(message: impl Into<String>) -> Self {
        Error {
            code: ExitCode::TrackerFailed,
            message: message.into(),
            hint: None,
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
