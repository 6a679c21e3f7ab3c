//! `cargo run -p dh-compose --example compose_lint -- FILE…`: prints findings as
//! `path:line:col: ID message` and errors as `path:line:col: message` (for trying the
//! parser on real files before the `lint` command is wired).

use dh_model::Outcome;
use std::path::Path;

fn main() {
    let mut status = 0;
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{arg}: {e}");
                status = 2;
                continue;
            }
        };
        match dh_compose::lint_compose_file(path, &text) {
            Ok(out) => {
                for (m, o) in out {
                    if let Outcome::Fail(fs) = o {
                        for f in fs {
                            if let Some(l) = f.location {
                                println!(
                                    "{}:{}:{}: {} {}",
                                    l.path, l.line, l.column, m.id, f.message
                                );
                            }
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}");
                status = 2;
            }
        }
    }
    std::process::exit(status);
}
