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

/// `environments/schema.json` (what editors check) and the model (what `sds` checks) agree:
/// every example and bad fixture is valid under the schema exactly when it deserializes, and
/// each identifier pattern accepts exactly the samples the model accepts. Run with the
/// `jsonschema` package of the `.tools/ocsf` venv.
#[test]
fn schema_agrees_with_the_model() {
    use constructs_lake::env::*;
    use serde_json::{json, Value as Json};
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    let Some(python) = common::tool("ocsf/bin/python") else {
        return;
    };
    let root = common::root();

    let mut names = Vec::new();
    let mut docs = Vec::new();
    let mut model = Vec::new();
    let bad_dir = root.join("synth/tests/fixtures/bad-environments");
    let mut paths: Vec<_> = common::env_files()
        .iter()
        .map(|f| root.join(&f.display))
        .collect();
    paths.extend(
        std::fs::read_dir(&bad_dir)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // Only documents that are YAML at all can be compared.
        let Ok(doc) = synth::yaml::from_str::<Json>(&text) else {
            continue;
        };
        let parsed = synth::yaml::from_str::<Environment>(&text);
        // A repeated key is gone once the document is JSON: the schema cannot see it.
        if parsed
            .as_ref()
            .is_err_and(|e| e.message.contains("duplicate field"))
        {
            continue;
        }
        names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        docs.push(doc);
        model.push(parsed.is_ok());
    }

    /// A parameter, sample values, and the model's own check of one value.
    type Samples<'s> = Vec<(&'s str, Vec<&'s str>, fn(&str) -> bool)>;
    let samples: Samples = vec![
        (
            "AccountId",
            vec![
                "012345678901",
                "12345678901",
                "1234567890123",
                "12345678901a",
                "",
            ],
            |s| s.parse::<AccountId>().is_ok(),
        ),
        (
            "Region",
            vec![
                "us-east-1",
                "us-gov-west-1",
                "eu-central-12",
                "eu-central",
                "EU-west-1",
                "us-east-1-a",
                "u-east-1",
            ],
            |s| s.parse::<Region>().is_ok(),
        ),
        (
            "OrganizationId",
            vec!["o-a1b2c3d4e5", "o-a1b2", "o-A1B2C3D4E5", "r-a1b2c3d4e5"],
            |s| s.parse::<OrganizationId>().is_ok(),
        ),
        (
            "OrganizationalUnitId",
            vec![
                "ou-ab12-cd34ef56",
                "r-ab12",
                "ou-ab12-cd34",
                "ou-ab1-cd34ef56",
                "r-ab1",
                "ou-ab12cd34ef56",
            ],
            |s| s.parse::<OrganizationalUnitId>().is_ok(),
        ),
        (
            "PrincipalArn",
            vec![
                "arn:aws:iam::111122223333:role/Admin",
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_A_1",
                "arn:aws-us-gov:iam::111122223333:user/alice",
                "arn:aws:iam::111122223333:role/",
                "arn:aws:iam::111122223333:role//x",
                "arn:aws:iam::111122223333:role/x/",
                "arn:aws:iam::111122223333:group/x",
                "arn:aws:iam:us-east-1:111122223333:role/x",
            ],
            |s| s.parse::<PrincipalArn>().is_ok(),
        ),
        (
            "EnvName",
            vec![
                "default",
                "org-2",
                "a",
                "abcdefghijklmnopqrstuvwx",
                "abcdefghijklmnopqrstuvwxy",
                "a--b",
                "a-",
                "-a",
                "1a",
                "Prod",
            ],
            |s| s.parse::<EnvName>().is_ok(),
        ),
        (
            "Prefix",
            vec![
                "sds",
                "acme-sds",
                "abcdefghijklmnop",
                "abcdefghijklmnopq",
                "a_b",
                "",
            ],
            |s| s.parse::<Prefix>().is_ok(),
        ),
    ];

    assert!(names.len() >= 15, "{names:?}");
    let schema: Json = serde_json::from_str(&synth::envs::schema_json()).unwrap();
    let input = json!({
        "schema": schema,
        "docs": docs,
        "samples": samples.iter().map(|(t, ss, _)| (t.to_string(), json!(ss))).collect::<serde_json::Map<_, _>>(),
    });
    let script = r#"
import json, re, sys
import jsonschema
d = json.load(sys.stdin)
v = jsonschema.Draft7Validator(d["schema"])
out = {"docs": [v.is_valid(doc) for doc in d["docs"]], "samples": {}}
for t, ss in d["samples"].items():
    p = d["schema"]["definitions"][t]["pattern"]
    out["samples"][t] = [re.search(p, s) is not None for s in ss]
print(json.dumps(out))
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python jsonschema failed");
    let got: Json = serde_json::from_slice(&out.stdout).unwrap();

    for (i, name) in names.iter().enumerate() {
        assert_eq!(
            got["docs"][i], model[i],
            "{name}: schema says {}, the model says {}",
            got["docs"][i], model[i]
        );
    }
    for (t, ss, check) in &samples {
        for (i, s) in ss.iter().enumerate() {
            assert_eq!(
                got["samples"][t][i],
                check(s),
                "{t} {s:?}: schema pattern and model disagree"
            );
        }
    }
}
