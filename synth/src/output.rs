//! Writing an environment's output folder without ever leaving a half-written one: files go
//! into a temporary folder next to the target, which is then renamed into place.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `files` as `<root>/<name>/`, replacing an earlier output of `sds` there.
///
/// A folder that is not `sds` output (it has files but no `manifest.json`) is never
/// replaced. On any error the target is left as it was.
pub fn write_env_dir(
    root: &Path,
    name: &str,
    files: &BTreeMap<String, String>,
) -> io::Result<PathBuf> {
    let target = root.join(name);
    if target.exists() && !looks_like_ours(&target)? {
        return Err(io::Error::other(format!(
            "refusing to replace {}: it is not sds output (no manifest.json)",
            target.display()
        )));
    }
    std::fs::create_dir_all(root)?;
    let pid = std::process::id();
    let tmp = root.join(format!(".{name}.tmp-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    if let Err(e) = write_all(&tmp, files) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if target.exists() {
        let old = root.join(format!(".{name}.old-{pid}"));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(&target, &old)?;
        if let Err(e) = std::fs::rename(&tmp, &target) {
            // Put the previous output back; the new one is lost, the old one is not.
            let _ = std::fs::rename(&old, &target);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    Ok(target)
}

fn write_all(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    std::fs::create_dir(dir)?;
    for (name, text) in files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// An empty folder, or one with a `manifest.json`.
fn looks_like_ours(dir: &Path) -> io::Result<bool> {
    if !dir.is_dir() {
        return Ok(false);
    }
    Ok(dir.join("manifest.json").is_file() || std::fs::read_dir(dir)?.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn replaces_earlier_output_whole() {
        let root = tempfile::tempdir().unwrap();
        write_env_dir(
            root.path(),
            "e",
            &files(&[("manifest.json", "1"), ("old.json", "x")]),
        )
        .unwrap();
        let dir = write_env_dir(root.path(), "e", &files(&[("manifest.json", "2")])).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
            "2"
        );
        assert!(
            !dir.join("old.json").exists(),
            "stale files of the earlier run are gone"
        );
        let names: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["e"], "no temporary folders left behind");
    }

    #[test]
    fn never_replaces_foreign_folders() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("e")).unwrap();
        std::fs::write(root.path().join("e/notes.txt"), "mine").unwrap();
        let err = write_env_dir(root.path(), "e", &files(&[("manifest.json", "1")])).unwrap_err();
        assert!(err.to_string().contains("not sds output"), "{err}");
        assert_eq!(
            std::fs::read_to_string(root.path().join("e/notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        // A file name with a folder that does not exist makes the write fail midway.
        let bad = files(&[("a.json", "1"), ("no/such/b.json", "2")]);
        assert!(write_env_dir(root.path(), "e", &bad).is_err());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
