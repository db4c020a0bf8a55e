//! Runs a reference-case file through the rules and prints the figures as JSON.
//!
//! Usage: `passerelle-cases FILE.json` (the schema of `tests/reference/`). Prints
//! `{"cases":[{"id":…,"months":[{"month":…,"rsa_without_scheme":…,"rsa_with_scheme":…,
//! "prime_activite":…,"bonus":…},…]},…]}` in euros; a case that cannot be read gets
//! `{"id":…,"error":…}` and the others still run.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage : passerelle-cases FICHIER.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("impossible de lire {path} : {e}");
            return ExitCode::from(2);
        }
    };
    match passerelle::cases::run_file(&text) {
        Ok(output) => {
            let mut out = std::io::stdout().lock();
            let written = serde_json::to_writer(&mut out, &output)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            match written {
                Ok(()) => ExitCode::SUCCESS,
                // A reader that stops early (`| head -c 400`) is not an error of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("{path} : {e}");
            ExitCode::FAILURE
        }
    }
}
