//! Reading the CloudFormation registry schemas as cfn-lint 1.x ships them: under its
//! `data/schemas/` folder, `providers/us-east-1.json` maps each type name to a content hash
//! and `resources/<hash>.json` holds that type's schema.

use anyhow::{bail, Context, Result};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The region whose provider list decides which schema a type gets.
const REGION: &str = "us-east-1";

/// cfn-lint's schema folder and what it says about itself.
pub struct SchemaSet {
    dir: PathBuf,
    index: BTreeMap<String, String>,
    /// `schema_date` from `version.json`, shown in the generated files' headers.
    pub schema_date: String,
    /// cfn-lint's version, from its `dist-info` folder beside the package.
    pub cfn_lint_version: String,
}

impl SchemaSet {
    /// Opens `dir` (a cfn-lint `data/schemas` folder).
    pub fn open(dir: &Path) -> Result<Self> {
        let index_path = dir.join("providers").join(format!("{REGION}.json"));
        let index: BTreeMap<String, String> = read_json(&index_path).and_then(|j| {
            serde_json::from_value(j)
                .with_context(|| format!("{}: not a type -> hash map", index_path.display()))
        })?;
        let version = read_json(&dir.join("version.json"))?;
        let schema_date = version
            .get("schema_date")
            .and_then(Json::as_str)
            .unwrap_or("unknown")
            .to_owned();
        let cfn_lint_version = dist_info_version(dir).unwrap_or_else(|| "unknown".to_owned());
        Ok(SchemaSet {
            dir: dir.to_owned(),
            index,
            schema_date,
            cfn_lint_version,
        })
    }

    /// The schema of `type_name` (`AWS::S3::Bucket`).
    pub fn resource(&self, type_name: &str) -> Result<Json> {
        let Some(hash) = self.index.get(type_name) else {
            bail!("{type_name}: not in {}/providers/{REGION}.json; check the spelling in the allowlist", self.dir.display())
        };
        if !hash.chars().all(|c| c.is_ascii_alphanumeric()) {
            bail!("{type_name}: unexpected schema file name {hash:?}");
        }
        let path = self.dir.join("resources").join(format!("{hash}.json"));
        let schema = read_json(&path).with_context(|| type_name.to_owned())?;
        if schema.get("typeName").and_then(Json::as_str) != Some(type_name) {
            bail!("{type_name}: schema file {hash}.json describes another type");
        }
        Ok(schema)
    }
}

/// `site-packages/cfn_lint-<version>.dist-info` next to `site-packages/cfnlint/data/schemas`.
fn dist_info_version(schemas: &Path) -> Option<String> {
    let site_packages = schemas.parent()?.parent()?.parent()?;
    let mut versions: Vec<String> = std::fs::read_dir(site_packages)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some(
                name.strip_prefix("cfn_lint-")?
                    .strip_suffix(".dist-info")?
                    .to_owned(),
            )
        })
        .collect();
    versions.sort();
    versions.pop()
}

fn read_json(path: &Path) -> Result<Json> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Where cfn-lint's schemas are: `$SDS_TOOLS/cfn-lint/...` when set, else the workspace's
/// `.tools/cfn-lint/...` (as `.ci/install-tools` creates it).
pub fn default_dir() -> Result<PathBuf> {
    let tools = match std::env::var_os("SDS_TOOLS") {
        Some(t) => PathBuf::from(t),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools"),
    };
    find_in_tools(&tools)
}

/// `<tools>/cfn-lint/lib/python3.*/site-packages/cfnlint/data/schemas`.
pub fn find_in_tools(tools: &Path) -> Result<PathBuf> {
    let lib = tools.join("cfn-lint").join("lib");
    let entries = std::fs::read_dir(&lib).with_context(|| {
        format!(
            "cfn-lint not found in {}: run .ci/install-tools",
            tools.display()
        )
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
        .map(|e| e.path().join("site-packages/cfnlint/data/schemas"))
        .filter(|p| p.join("providers").is_dir())
        .collect();
    found.sort();
    match found.pop() {
        Some(dir) => Ok(dir),
        None => bail!(
            "no cfnlint/data/schemas under {}: run .ci/install-tools",
            lib.display()
        ),
    }
}
