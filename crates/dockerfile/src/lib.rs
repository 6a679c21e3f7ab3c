//! Dockerfiles: a BuildKit-exact parser ([`parser`]), the shell commands of `RUN`
//! ([`script`]), the build's stages with their `ARG`/`ENV`/`USER` resolved ([`analysis`]),
//! and the Dockerfile rules (`F…`, [`rules`]), run by [`lint`].

pub mod lex;
pub mod parser;

pub use parser::{parse, Dockerfile, Instruction, ParseError, Pos};
