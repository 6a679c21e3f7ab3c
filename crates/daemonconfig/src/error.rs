//! Errors of `daemon-config`: each names its input (a file, a flag) and the cause.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file that is not valid JSON (`path:line:col: cause`, as compilers print it).
    #[error("{}:{line}:{column}: {cause}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        cause: String,
    },
    /// A daemon.json key with a value of the wrong type.
    #[error("{}: \"{key}\": {cause}", path.display())]
    Key {
        path: PathBuf,
        key: String,
        cause: String,
    },
    /// A flag given on the command line that cannot be honoured.
    #[error("{flag}: {cause}")]
    Flag { flag: String, cause: String },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The plan cannot be carried out as asked (named file, cause).
    #[error("{}: {cause}", path.display())]
    Refused { path: PathBuf, cause: String },
    /// `dockerd --validate` rejected the new configuration.
    #[error("dockerd --validate rejected the new {}: {output}", path.display())]
    Invalid { path: PathBuf, output: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn flag(flag: &str, cause: impl Into<String>) -> Self {
        Error::Flag {
            flag: flag.to_string(),
            cause: cause.into(),
        }
    }
}
