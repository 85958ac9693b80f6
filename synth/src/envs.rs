//! Finding, reading and checking environment files.
//!
//! `--env NAME` means `environments/NAME.yaml` in the nearest `environments/` folder at or
//! above the current directory, else in this workspace's (known at compile time). `default`
//! is also built into the binary, so `sds synth` works anywhere. Anything with a `/` or a
//! `.yaml` / `.yml` ending is a path.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use constructs_lake::env::Environment;

use crate::yaml;

/// The environment `sds synth` uses without `--env`.
pub const DEFAULT_NAME: &str = "default";

/// `environments/default.yaml`, built in.
pub const EMBEDDED_DEFAULT: &str = include_str!("../../environments/default.yaml");

/// This workspace's `environments/` folder, as seen when the binary was compiled.
const WORKSPACE_ENVIRONMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../environments");

/// A problem with an environment file, at a position of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file as the user named it (or as it was found).
    pub file: String,
    /// 1-based line and column; `None` when the file could not be read at all.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for FileError {}

/// An environment file's text and where it came from.
#[derive(Debug, Clone)]
pub struct EnvFile {
    /// How errors name the file: the path as given, `environments/NAME.yaml` when found in
    /// the current directory, or `<built-in>/default.yaml`.
    pub display: String,
    /// File name without `.yaml`; the environment's `name` must equal it.
    pub stem: String,
    pub text: Cow<'static, str>,
}

/// A checked environment and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub env: Environment,
    pub file: EnvFile,
}

/// True when `--env` names a file rather than an environment.
fn is_path(arg: &str) -> bool {
    arg.contains('/')
        || arg.contains(std::path::MAIN_SEPARATOR)
        || arg.ends_with(".yaml")
        || arg.ends_with(".yml")
}

/// The `environments/` folder to use from `cwd`: the nearest one at or above it, else this
/// workspace's. `None` when neither exists (an installed binary far from any checkout).
pub fn environments_dir(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .map(|dir| dir.join("environments"))
        .find(|dir| dir.is_dir())
        .or_else(|| Some(PathBuf::from(WORKSPACE_ENVIRONMENTS)).filter(|dir| dir.is_dir()))
}

/// Reads the environment named by `--env` (a NAME or a PATH; `None` = `default`).
pub fn read(arg: Option<&str>, cwd: &Path) -> Result<EnvFile, FileError> {
    let arg = arg.unwrap_or(DEFAULT_NAME);
    if is_path(arg) {
        // Relative to `cwd` (the process's current directory for the CLI).
        let path = cwd.join(arg);
        let stem = stem_of(&path);
        return read_file(&path, arg.to_owned(), stem);
    }
    let found = environments_dir(cwd).map(|dir| dir.join(format!("{arg}.yaml")));
    match found {
        Some(path) if path.is_file() => {
            let path = path.canonicalize().unwrap_or(path);
            let display = path
                .strip_prefix(cwd)
                .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
            read_file(&path, display, arg.to_owned())
        }
        _ if arg == DEFAULT_NAME => Ok(EnvFile {
            display: "<built-in>/default.yaml".to_owned(),
            stem: DEFAULT_NAME.to_owned(),
            text: Cow::Borrowed(EMBEDDED_DEFAULT),
        }),
        _ => Err(FileError {
            file: format!("environments/{arg}.yaml"),
            position: None,
            message: match environments_dir(cwd) {
                Some(dir) => format!(
                    "no environment `{arg}` in {} (known: {})",
                    dir.display(),
                    list(&dir)
                        .iter()
                        .map(|f| f.stem.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!(
                    "no environment `{arg}`: no `environments/` folder here or above; \
                     pass a file with --env PATH"
                ),
            },
        }),
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_file(path: &Path, display: String, stem: String) -> Result<EnvFile, FileError> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(EnvFile {
                display,
                stem,
                text: Cow::Owned(text),
            }),
            Err(e) => Err(FileError {
                file: display,
                position: None,
                message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
            }),
        },
        Err(e) => Err(FileError {
            file: display,
            position: None,
            message: format!("cannot read: {e}"),
        }),
    }
}

/// A file of an `environments/` folder, for `--all`.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: PathBuf,
    pub stem: String,
}

/// The environment files of `dir` (`*.yaml`, `*.yml`), sorted by name. `schema.json` and
/// everything else is left out.
pub fn list(dir: &Path) -> Vec<Listed> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<Listed> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .map(|path| Listed {
            stem: stem_of(&path),
            path,
        })
        .collect();
    files.sort_by(|a, b| a.stem.cmp(&b.stem));
    files
}

/// Reads every environment file of `dir` for `--all`, displayed relative to `cwd` where
/// possible.
pub fn read_all(dir: &Path, cwd: &Path) -> Vec<Result<EnvFile, FileError>> {
    list(dir)
        .into_iter()
        .map(|l| {
            let display = l.path.strip_prefix(cwd).map_or_else(
                |_| l.path.display().to_string(),
                |p| p.display().to_string(),
            );
            read_file(&l.path, display, l.stem)
        })
        .collect()
}

/// Deserializes and checks an environment file; every problem found, each at its line and
/// column. Deserialization stops at the first bad value; the cross-field checks then report
/// all of theirs.
pub fn parse(file: &EnvFile) -> Result<Environment, Vec<FileError>> {
    let at = |position: (usize, usize), message: String| FileError {
        file: file.display.clone(),
        position: Some(position),
        message,
    };
    // Unquoted account IDs are numbers to most YAML readers (and lose leading zeros), even
    // where serde_norway would keep the digits.
    let unquoted: Vec<FileError> = yaml::plain_scalars(&file.text)
        .into_iter()
        .filter(|p| is_account_field(&p.path) && p.text.bytes().all(|b| b.is_ascii_digit()))
        .map(|p| {
            let message = format!(
                "{}: account IDs must be quoted strings: write \"{}\" (unquoted, YAML reads a \
                 number and may drop leading zeros)",
                p.path, p.text
            );
            at(p.position, message)
        })
        .collect();
    if !unquoted.is_empty() {
        return Err(unquoted);
    }
    let env: Environment =
        yaml::from_str(&file.text).map_err(|e| vec![at((e.line, e.column), e.message)])?;
    let mut errors = Vec::new();
    if env.name.as_str() != file.stem {
        errors.push(at(
            yaml::locate(&file.text, "name"),
            format!(
                "name: `{}` does not match the file name `{}.yaml`; they must be equal \
                 (the output goes to <out>/<name>/)",
                env.name, file.stem
            ),
        ));
    }
    for e in env.validate() {
        errors.push(at(yaml::locate(&file.text, &e.path), e.to_string()));
    }
    if errors.is_empty() {
        Ok(env)
    } else {
        Err(errors)
    }
}

/// The JSON schema of environment files (`environments/schema.json`), from the types.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Environment);
    // A schema of plain structs always serializes.
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Fields that hold an account ID (`central.account_id`, `...account_ids[2]`).
fn is_account_field(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    last == "account_id" || last.starts_with("account_ids[")
}

/// [`read`] then [`parse`].
pub fn load(arg: Option<&str>, cwd: &Path) -> Result<Loaded, Vec<FileError>> {
    let file = read(arg, cwd).map_err(|e| vec![e])?;
    let env = parse(&file)?;
    Ok(Loaded { env, file })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(stem: &str, text: &'static str) -> EnvFile {
        EnvFile {
            display: format!("{stem}.yaml"),
            stem: stem.to_owned(),
            text: Cow::Borrowed(text),
        }
    }

    #[test]
    fn embedded_default_parses() {
        let env = parse(&file("default", EMBEDDED_DEFAULT)).expect("default.yaml is valid");
        assert!(env.organization.is_none());
        assert!(env.central.account_id.is_none());
    }

    #[test]
    fn names_and_paths() {
        assert!(is_path("envs/prod.yaml"));
        assert!(is_path("prod.yml"));
        assert!(is_path("./prod"));
        assert!(!is_path("prod"));
    }

    #[test]
    fn name_must_match_the_file() {
        let errs = parse(&file(
            "prod",
            "name: staging\ncentral: {region: eu-west-1}\nsources: []\n",
        ))
        .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0]
                .to_string()
                .starts_with("prod.yaml:1:7: name: `staging` does not match"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn missing_named_environment_lists_the_known_ones() {
        let cwd = std::env::temp_dir();
        let e = read(Some("no-such-env"), &cwd).unwrap_err();
        assert!(e.message.contains("no environment `no-such-env`"), "{e}");
    }
}
