//! The `sds` command line.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};

use crate::envs::{self, EnvFile, FileError, Loaded};
use crate::{output, pipeline};

/// sds: the SecurityDataSomething synthesizer. Turns an environment file into
/// CloudFormation templates and StackSets for a security data lake.
#[derive(Debug, Parser)]
#[command(name = "sds", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Synthesize templates and manifest.json into OUT/ENVIRONMENT/ (default cdk.out/).
    Synth(SynthArgs),
    /// Check environment files without writing anything.
    Validate(Select),
    /// Print the JSON schema of environment files.
    Schema,
    /// Regenerate the typed L1 resources of constructs-aws from cfn-lint's schemas.
    Codegen(CodegenArgs),
}

/// Which environments to work on.
#[derive(Debug, Args)]
pub struct Select {
    /// Environment NAME (environments/NAME.yaml, found in the current folder or above) or a
    /// PATH to an environment file. Default: `default` (built in).
    #[arg(long, value_name = "NAME|PATH", conflicts_with = "all")]
    pub env: Option<String>,
    /// Every environment file of environments/ (schema.json excluded).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    #[command(flatten)]
    pub select: Select,
    /// Output root: each environment is written to DIR/ENVIRONMENT/.
    #[arg(long, value_name = "DIR", default_value = "cdk.out")]
    pub out: PathBuf,
    /// Instead of writing, synthesize N times in-process and report the time per run.
    #[arg(long, value_name = "N")]
    pub bench: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CodegenArgs {
    /// cfn-lint's `data/schemas` folder. Default: the one `.ci/install-tools` installs.
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
    /// Where to write the generated modules. Default: constructs/constructs-aws/src.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let cwd = match std::env::current_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: cannot read the current directory: {e}");
            return 2;
        }
    };
    match cli.command {
        Command::Synth(args) => synth(&args, &cwd),
        Command::Validate(select) => validate(&select, &cwd),
        Command::Schema => {
            print!("{}", envs::schema_json());
            0
        }
        Command::Codegen(args) => codegen(&args),
    }
}

/// Reads the selected environment files.
fn read_selected(select: &Select, cwd: &Path) -> Result<Vec<EnvFile>, Vec<FileError>> {
    if !select.all {
        return envs::read(select.env.as_deref(), cwd)
            .map(|f| vec![f])
            .map_err(|e| vec![e]);
    }
    let Some(dir) = envs::environments_dir(cwd) else {
        return Err(vec![FileError {
            file: "environments/".to_owned(),
            position: None,
            message: "no environments/ folder in the current folder or above".to_owned(),
        }]);
    };
    let (files, errors): (Vec<_>, Vec<_>) = envs::read_all(&dir, cwd)
        .into_iter()
        .partition(Result::is_ok);
    let errors: Vec<FileError> = errors.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let files: Vec<EnvFile> = files.into_iter().filter_map(Result::ok).collect();
    if files.is_empty() {
        return Err(vec![FileError {
            file: dir.display().to_string(),
            position: None,
            message: "no environment files (*.yaml) in it".to_owned(),
        }]);
    }
    Ok(files)
}

/// Reads and checks the selected environments; prints every problem.
fn load_selected(select: &Select, cwd: &Path) -> Option<Vec<Loaded>> {
    let files = match read_selected(select, cwd) {
        Ok(files) => files,
        Err(errors) => {
            print_errors(&errors);
            return None;
        }
    };
    let mut loaded = Vec::new();
    let mut ok = true;
    for file in files {
        match envs::parse(&file) {
            Ok(env) => loaded.push(Loaded { env, file }),
            Err(errors) => {
                print_errors(&errors);
                ok = false;
            }
        }
    }
    ok.then_some(loaded)
}

fn print_errors(errors: &[FileError]) {
    for e in errors {
        eprintln!("error: {e}");
    }
}

fn validate(select: &Select, cwd: &Path) -> i32 {
    let Some(loaded) = load_selected(select, cwd) else {
        return 1;
    };
    let mut code = 0;
    for l in &loaded {
        let s = pipeline::run(&l.env);
        print_diagnostics(&l.file.display, &s.diagnostics);
        if s.has_errors() {
            code = 1;
        } else {
            println!(
                "{}: ok ({} stacks, {} resources)",
                l.file.display,
                s.assembly.stacks.len(),
                s.assembly.inventory().count()
            );
        }
    }
    code
}

fn print_diagnostics(file: &str, diagnostics: &[constructs_core::Diagnostic]) {
    for d in diagnostics {
        // A warning's text says so itself (`[path] warning: ...`).
        let level = if d.is_error() { "error: " } else { "" };
        eprintln!("{level}{file}: {d}");
    }
}

fn synth(args: &SynthArgs, cwd: &Path) -> i32 {
    let started = Instant::now();
    let Some(loaded) = load_selected(&args.select, cwd) else {
        return 1;
    };
    if let Some(n) = args.bench {
        return bench(&loaded, n.max(1));
    }
    // Synthesize everything first: with --all, either every environment is written or none.
    let mut results = Vec::new();
    let mut failed = false;
    for l in &loaded {
        let t = Instant::now();
        let s = pipeline::run(&l.env);
        print_diagnostics(&l.file.display, &s.diagnostics);
        failed |= s.has_errors();
        results.push((l, s, t.elapsed()));
    }
    if failed {
        eprintln!("error: synthesis failed; nothing was written");
        return 1;
    }
    for (l, s, took) in &results {
        let name = l.env.name.as_str();
        let dir = match output::write_env_dir(&args.out, name, &s.files) {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("error: writing {}: {e}", args.out.join(name).display());
                return 1;
            }
        };
        print_summary(&l.file.display, &dir, s, *took);
    }
    println!("done in {}", ms(started.elapsed()));
    0
}

fn print_summary(file: &str, dir: &Path, s: &pipeline::Synthesized, took: Duration) {
    println!("{file} -> {}/ (synthesized in {})", dir.display(), ms(took));
    for stack in &s.assembly.stacks {
        let kind = match stack.kind {
            constructs_core::StackKind::Stack => "stack",
            constructs_core::StackKind::StackSetBody => "StackSet",
        };
        println!(
            "  {:<10} {:<8} {:>4} resources  {:>8} bytes  {}",
            stack.id,
            kind,
            stack.resources.len(),
            stack.body.len(),
            crate::manifest::template_file(&stack.id)
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// In-process timing of load-free synthesis: parse + check + build + synthesize + manifest.
fn bench(loaded: &[Loaded], n: u32) -> i32 {
    for l in loaded {
        let mut times = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let t = Instant::now();
            let env = match envs::parse(&l.file) {
                Ok(env) => env,
                Err(errors) => {
                    print_errors(&errors);
                    return 1;
                }
            };
            let s = pipeline::run(&env);
            std::hint::black_box(&s.files);
            times.push(t.elapsed());
        }
        times.sort();
        let mean = times.iter().sum::<Duration>() / n;
        println!(
            "{}: {n} runs, min {}, median {}, mean {}, max {}",
            l.env.name,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(mean),
            ms(times[times.len() - 1])
        );
    }
    0
}

fn codegen(args: &CodegenArgs) -> i32 {
    let schemas = match &args.schemas {
        Some(dir) => dir.clone(),
        None => match crate::codegen::default_schema_dir() {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("error: {e:#}");
                return 1;
            }
        },
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(crate::codegen::default_out_dir);
    match crate::codegen::run(&schemas, &out) {
        Ok(report) => {
            for note in &report.notes {
                println!("note: {note}");
            }
            println!(
                "{} resource types: {} files written, {} unchanged, {} deleted",
                report.resources,
                report.files_written,
                report.files_unchanged,
                report.files_deleted
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
