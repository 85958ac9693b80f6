//! `sds-normalize`: raw telemetry files in, OCSF 1.1.0 JSON lines out.
//!
//! ```text
//! sds-normalize --source <name|auto> [--rejects FILE] [--no-raw-data] [--summary text|json] [FILE…]
//! ```
//!
//! * Reads each FILE (or stdin when none is given, or for `-`), plain or gzip; gzip is
//!   recognised by its magic bytes, not its name, and concatenated members are all read.
//! * Writes one OCSF event per line to stdout.
//! * Writes every rejected record to `--rejects` as a JSON line
//!   `{"file","record","reason","raw"[,"raw_base64"]}`: `raw` is the record as text
//!   (invalid UTF-8 replaced), `raw_base64` its exact bytes when they are not UTF-8.
//! * Prints a summary to stderr: records in, events out per class, rejects per reason,
//!   skipped records, MB/s (text, or one JSON object with `--summary json`).
//!
//! Exit status: `0` when every input was read to its end, rejects included; `1` when an
//! input could not be opened or read to its end (a truncated gzip, say: the events read
//! before the error are written, the error is reported, the next file is read), when
//! `--source auto` cannot tell an input's source, or when stdout or the rejects file
//! cannot be written; `2` for usage errors. Memory stays flat in file size: inputs are
//! streamed, nothing is collected.

pub mod input;
pub mod sink;

use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use normalize::{Options, Source};

use crate::sink::{class_name, CliSink, Tally};

/// Exit status when every input was read (rejects included).
pub const EXIT_OK: i32 = 0;
/// Exit status when an input or output failed (reported on stderr).
pub const EXIT_IO: i32 = 1;
/// Exit status for usage errors (clap's own).
pub const EXIT_USAGE: i32 = 2;

/// Command line of `sds-normalize`.
#[derive(Debug, Parser)]
#[command(
    name = "sds-normalize",
    version,
    about = "Normalize security telemetry to OCSF 1.1.0 JSON lines"
)]
pub struct Args {
    /// Source format of the inputs, or `auto` to detect it per input from its first bytes.
    #[arg(long, short, value_parser = source_names())]
    pub source: String,
    /// Write every rejected record, with its reason, to this file as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Leave the original record out of `raw_data`.
    #[arg(long)]
    pub no_raw_data: bool,
    /// Format of the summary printed to stderr.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub summary: SummaryFormat,
    /// Input files, plain or gzip; stdin when none (or `-`).
    pub files: Vec<PathBuf>,
}

/// How the end-of-run summary is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Lines for people.
    Text,
    /// One JSON object (the [`Tally`] plus timing), for scripts and tests.
    Json,
    /// Nothing.
    None,
}

fn source_names() -> clap::builder::PossibleValuesParser {
    let mut names: Vec<&'static str> = Source::ALL.iter().map(|s| s.name()).collect();
    names.push("auto");
    clap::builder::PossibleValuesParser::new(names)
}

/// Runs the CLI with parsed arguments; returns the exit status.
pub fn run(args: &Args) -> i32 {
    let started = Instant::now();
    let opts = Options {
        raw_data: !args.no_raw_data,
    };
    let fixed = Source::from_name(&args.source); // None means `auto`

    let mut rejects = match args.rejects.as_ref().map(File::create).transpose() {
        Ok(f) => f.map(|f| BufWriter::with_capacity(64 * 1024, f)),
        Err(e) => {
            eprintln!("sds-normalize: cannot create the rejects file: {e}");
            return EXIT_IO;
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());

    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|p| (p.as_os_str() != "-").then(|| p.clone()))
            .collect()
    };

    let mut tally = Tally::default();
    let mut failed = 0u64;
    for path in &inputs {
        let name = path
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        tally.files += 1;
        match normalize_one(
            path.as_deref(),
            &name,
            fixed,
            &opts,
            &mut out,
            &mut rejects,
            &mut tally,
        ) {
            Ok(()) => {}
            Err(Failure::Input(msg)) => {
                eprintln!("sds-normalize: {name}: {msg}");
                failed += 1;
            }
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                // The reader of stdout went away (`| head`): stop quietly, like `cat`.
                return EXIT_OK;
            }
            Err(Failure::Output(e)) => {
                eprintln!("sds-normalize: cannot write output: {e}");
                return EXIT_IO;
            }
        }
    }
    let flushed = out
        .flush()
        .and_then(|_| rejects.as_mut().map_or(Ok(()), |w| w.flush()));
    if let Err(e) = flushed {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("sds-normalize: cannot write output: {e}");
            return EXIT_IO;
        }
    }
    tally.io_errors = failed;
    print_summary(args.summary, &tally, started.elapsed().as_secs_f64());
    if failed == 0 {
        EXIT_OK
    } else {
        EXIT_IO
    }
}

/// Why one input did not complete.
enum Failure {
    /// Could not open, detect or read the input: reported, the run goes on.
    Input(String),
    /// Could not write stdout or the rejects file: the run stops.
    Output(io::Error),
}

fn normalize_one(
    path: Option<&std::path::Path>,
    name: &str,
    fixed: Option<Source>,
    opts: &Options,
    out: &mut dyn Write,
    rejects: &mut Option<BufWriter<File>>,
    total: &mut Tally,
) -> Result<(), Failure> {
    let reader = input::open(path).map_err(|e| Failure::Input(format!("cannot open: {e}")))?;
    let (source, reader) = match fixed {
        Some(s) => (s, reader),
        None => {
            let (head, reader) = input::split_head(reader)
                .map_err(|e| Failure::Input(format!("cannot read: {e}")))?;
            match normalize::detect(&head) {
                Some(s) => (s, reader),
                None => {
                    return Err(Failure::Input(
                        "cannot tell the source from the first bytes; pass --source NAME".into(),
                    ))
                }
            }
        }
    };
    let mut counted = Counted {
        inner: reader,
        bytes: 0,
    };
    let mut tally = Tally::default();
    let mut sink = CliSink::new(
        out,
        rejects.as_mut().map(|w| w as &mut dyn Write),
        name,
        &mut tally,
    );
    let result = normalize::normalize(source, &mut counted, opts, &mut sink);
    let write_error = sink.error.take();
    tally.bytes_in = counted.bytes;
    let outcome = match result {
        Ok(summary) => {
            tally.records_in = summary.records_in;
            Ok(())
        }
        Err(e) => {
            // What the sink saw before the error is accounted for; count it in.
            tally.records_in = tally.events_out + tally.rejects + tally.skipped;
            Err(Failure::Input(format!(
                "read error after {} bytes ({}): {e}; the events before it were written",
                counted.bytes,
                if e.kind() == io::ErrorKind::UnexpectedEof {
                    "truncated input"
                } else {
                    "I/O error"
                }
            )))
        }
    };
    total.add(&tally);
    match write_error {
        Some(e) => Err(Failure::Output(e)),
        None => outcome,
    }
}

/// Counts the bytes the normalizer consumes (decompressed), for MB/s and error messages.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.bytes += amt as u64;
        self.inner.consume(amt);
    }
}

fn print_summary(format: SummaryFormat, t: &Tally, seconds: f64) {
    let mb = t.bytes_in as f64 / 1e6;
    let mbps = if seconds > 0.0 { mb / seconds } else { 0.0 };
    match format {
        SummaryFormat::None => {}
        SummaryFormat::Json => {
            let mut v = serde_json::to_value(t).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("seconds".into(), seconds.into());
                o.insert("mb_per_s".into(), mbps.into());
            }
            eprintln!("{v}");
        }
        SummaryFormat::Text => {
            let mut s = String::new();
            use std::fmt::Write as _;
            let _ = writeln!(
                s,
                "sds-normalize: {} input(s), {:.2} MB in {:.3} s ({:.1} MB/s)",
                t.files, mb, seconds, mbps
            );
            let _ = writeln!(s, "  records in   {}", t.records_in);
            let _ = writeln!(s, "  events out   {}", t.events_out);
            for (class, n) in &t.events_by_class {
                let _ = writeln!(s, "    {n:>10}  {class} {}", class_name(*class));
            }
            let _ = writeln!(s, "  rejects      {}", t.rejects);
            for (reason, n) in &t.rejects_by_reason {
                let _ = writeln!(s, "    {n:>10}  {reason}");
            }
            let _ = writeln!(s, "  skipped      {}", t.skipped);
            for (what, n) in &t.skipped_by_what {
                let _ = writeln!(s, "    {n:>10}  {what}");
            }
            if t.io_errors > 0 {
                let _ = writeln!(s, "  failed inputs {}", t.io_errors);
            }
            eprint!("{s}");
        }
    }
}
