//! The `shopscore` binary: parses arguments and hands them to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = shopscore::cli::Cli::parse();
    match shopscore::app::run(cli) {
        Ok(code) => code,
        Err(err) if shopscore::app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // The message may quote the data: escaped and cut for the terminal.
            eprintln!("{}", shopscore::terminal_text::message(&format!("error: {err:#}")));
            ExitCode::from(2)
        }
    }
}
