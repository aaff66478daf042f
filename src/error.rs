//! Errors a user can act on, each with its exit code.
//!
//! Every failure ends as one message that names the file, the line and the problem
//! and says what to do. The kind decides the exit code, so scripts can tell a bad
//! input file from a bad model file or a full disk.

use std::fmt;
use std::io;

/// What went wrong, by whose fix it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line is wrong (exit 2).
    Usage,
    /// An input data file is missing, unreadable or malformed (exit 3).
    Input,
    /// A model file is missing, corrupt or incompatible (exit 4).
    Model,
    /// Output could not be written (exit 5).
    Output,
    /// The reader of our output went away (`| head`): a quiet success (exit 0).
    BrokenPipe,
}

/// An error with its kind and a message for people.
#[derive(Debug)]
pub struct Error {
    /// Whose fix it needs; decides the exit code.
    pub kind: Kind,
    /// The full message: what, where, and what to do.
    pub message: String,
}

/// Shorthand for results in tipsom.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A command-line problem.
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            message: message.into(),
        }
    }

    /// A problem with an input data file.
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Input,
            message: message.into(),
        }
    }

    /// A problem with a model file.
    pub fn model(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Model,
            message: message.into(),
        }
    }

    /// A problem writing output; a closed pipe becomes a quiet [`Kind::BrokenPipe`].
    pub fn output(target: &str, error: &io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Error {
                kind: Kind::BrokenPipe,
                message: String::new(),
            };
        }
        Error {
            kind: Kind::Output,
            message: format!("cannot write {target}: {error}. Check that the folder exists, that you may write there and that the disk is not full."),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::BrokenPipe => 0,
            Kind::Usage => 2,
            Kind::Input => 3,
            Kind::Model => 4,
            Kind::Output => 5,
        }
    }
}

/// A cell value cut short and quoted for an error message: messages name what is
/// wrong but never repeat a case text (a header row missing, an id or label cell
/// holding a whole paragraph).
pub fn excerpt(value: &str) -> String {
    const MAX: usize = 40;
    let short: String = value.chars().take(MAX).collect();
    if value.chars().count() > MAX {
        format!("{:?}…", short)
    } else {
        format!("{short:?}")
    }
}

/// A list of column names for messages, each cut short, at most twelve.
pub fn column_list(headers: &[String]) -> String {
    let mut names: Vec<String> = headers.iter().take(12).map(|h| excerpt(h)).collect();
    if headers.len() > 12 {
        names.push(format!("and {} more", headers.len() - 12));
    }
    names.join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_never_repeat_long_cells() {
        let long =
            "She was recruited in her village and taken across the border at night".to_string();
        let cut = excerpt(&long);
        assert!(cut.chars().count() < 50, "{cut}");
        assert_eq!(excerpt("traffic"), "\"traffic\"");
        let many: Vec<String> = (0..20).map(|i| format!("c{i}")).collect();
        assert!(column_list(&many).ends_with("and 8 more"));
    }

    #[test]
    fn broken_pipe_is_a_quiet_success() {
        let e = Error::output("stdout", &io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(e.exit_code(), 0);
        assert!(e.message.is_empty());
    }

    #[test]
    fn each_kind_has_its_own_exit_code() {
        let codes = [Error::usage(""), Error::input(""), Error::model("")].map(|e| e.exit_code());
        assert_eq!(codes, [2, 3, 4]);
    }
}
