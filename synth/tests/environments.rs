//! Environment files: the schema is fresh, every example is valid, the built-in default is
//! the file, and each bad file gets the expected `file:line:column: message` errors.

mod common;

use synth::envs;

#[test]
fn schema_json_is_fresh() {
    let path = common::root().join("environments/schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == envs::schema_json(),
        "environments/schema.json is stale: regenerate it with \
         `cargo run -q -- schema > environments/schema.json`"
    );
}

#[test]
fn every_environment_file_is_valid_and_points_at_the_schema() {
    for f in common::env_files() {
        assert!(
            f.text
                .starts_with("# yaml-language-server: $schema=./schema.json\n"),
            "{} must start with the yaml-language-server schema line",
            f.display
        );
        if let Err(errs) = envs::parse(&f) {
            panic!(
                "{}",
                errs.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

#[test]
fn built_in_default_is_environments_default_yaml() {
    let file = std::fs::read_to_string(common::root().join("environments/default.yaml")).unwrap();
    assert_eq!(envs::EMBEDDED_DEFAULT, file);
    // Far from any checkout with its own environments/, `default` still resolves.
    let f = envs::read(None, &common::root()).unwrap();
    assert_eq!(f.stem, "default");
}

#[test]
fn organization_example_is_a_real_organization() {
    let f = common::env_files()
        .into_iter()
        .find(|f| f.stem == "organization")
        .unwrap();
    let env = envs::parse(&f).unwrap();
    let org = env
        .organization
        .as_ref()
        .expect("organization.yaml has an organization");
    assert!(env.central.account_id.is_some());
    assert!(!org.collector.organizational_units.is_empty());
    assert!(org.collector.regions.len() > 1);
    assert!(!env.lake_formation.admins.is_empty());
}

/// Every file of `synth/tests/fixtures/bad-environments/` fails with the snapshotted errors.
#[test]
fn bad_environment_files_get_clear_errors() {
    let root = common::root();
    let dir = root.join("synth/tests/fixtures/bad-environments");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in names {
        let arg = format!("synth/tests/fixtures/bad-environments/{name}");
        let errors = match envs::read(Some(&arg), &root) {
            Err(e) => vec![e],
            Ok(file) => match envs::parse(&file) {
                Ok(_) => panic!("{arg} was accepted"),
                Err(errs) => errs,
            },
        };
        for e in &errors {
            assert!(e.to_string().starts_with(&arg), "{e}");
        }
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        insta::with_settings!({
            snapshot_path => common::snapshot_dir("bad-environments"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.trim_end_matches(".yaml"), text.join("\n"));
        });
    }
}
