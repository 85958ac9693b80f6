//! The blueprint builds for a single account and for an organization with zero error
//! diagnostics, and the security properties hold in the rendered templates.

use constructs_core::{synthesize, Assembly, Severity};
use constructs_lake::env::{Environment, Source};
use constructs_lake::tables::tables;
use serde_json::{json, Value};

/// The single-account environment: every source, the account left to deployment.
fn single_account() -> Environment {
    serde_json::from_value(json!({
        "name": "default",
        "central": {"region": "eu-west-1"},
        "sources": Source::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    }))
    .expect("single-account environment")
}

/// An organization: two OUs, three regions, admins, custom rollout.
fn organization() -> Environment {
    serde_json::from_value(json!({
        "name": "organization",
        "central": {"account_id": "111122223333", "region": "eu-central-1"},
        "organization": {
            "id": "o-a1b2c3d4e5",
            "collector": {
                "organizational_units": ["ou-ab12-cd34ef56", "ou-ab12-99887766"],
                "regions": ["eu-central-1", "eu-west-1", "us-east-1"],
                "operation_preferences": {
                    "max_concurrent_percentage": 50,
                    "failure_tolerance_percentage": 5,
                    "region_concurrency": "sequential"
                },
                "retain_stacks_on_account_removal": true
            }
        },
        "sources": ["cloudtrail", "vpcflow", "health", "securityhub"],
        "naming": {"prefix": "acme-sec"},
        "lake": {"expiration_days": null},
        "lake_formation": {"admins": [
            "arn:aws:iam::111122223333:role/SecurityLakeAdmin",
            "arn:aws:iam::111122223333:user/auditor"
        ]},
        "tags": {"team": "security"}
    }))
    .expect("organization environment")
}

fn synth(env: &Environment) -> Assembly {
    assert_eq!(env.validate(), vec![]);
    let (assembly, diagnostics) = synthesize(&constructs_lake::build(env));
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "error diagnostics:\n{}",
        errors.join("\n")
    );
    assembly
}

fn template<'a>(a: &'a Assembly, stack: &str) -> &'a Value {
    &a.stack(stack)
        .unwrap_or_else(|| panic!("no stack {stack}"))
        .template
}

/// The resources of `t` of CloudFormation type `ty`, by logical ID.
fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a str, &'a Value)> {
    t["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .map(|(id, r)| (id.as_str(), r))
        .collect()
}

fn one<'a>(t: &'a Value, ty: &str) -> &'a Value {
    let all = of_type(t, ty);
    assert_eq!(all.len(), 1, "{ty}");
    all[0].1
}

#[test]
fn both_environments_synthesize_without_diagnostics() {
    for env in [single_account(), organization()] {
        let (_, diagnostics) = synthesize(&constructs_lake::build(&env));
        assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", env.name);
    }
}

#[test]
fn key_rotates_and_its_policy_is_least_privilege() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        let key = one(template(&a, "central"), "AWS::KMS::Key");
        assert_eq!(key["Properties"]["EnableKeyRotation"], json!(true));
        assert_eq!(key["DeletionPolicy"], json!("Retain"));
        let statements = key["Properties"]["KeyPolicy"]["Statement"]
            .as_array()
            .expect("statements");
        for s in statements {
            // No Allow with an unconditioned wildcard principal.
            if s["Effect"] == "Allow" {
                assert_ne!(s["Principal"], json!({"AWS": "*"}), "{s}");
                assert_ne!(s["Principal"], json!("*"), "{s}");
            }
            // Service principals are always narrowed by a condition.
            if s["Principal"].get("Service").is_some() {
                assert!(s["Condition"].is_object(), "{s}");
            }
        }
        let grant_guard = statements
            .iter()
            .find(|s| s["Action"] == "kms:CreateGrant")
            .expect("CreateGrant guard");
        assert_eq!(grant_guard["Effect"], "Deny");
        assert_eq!(
            grant_guard["Condition"]["BoolIfExists"]["kms:GrantIsForAWSResource"],
            "false"
        );
    }
}

#[test]
fn buckets_are_encrypted_versioned_private_and_tls_only() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        let t = template(&a, "central");
        let buckets = of_type(t, "AWS::S3::Bucket");
        assert_eq!(buckets.len(), 3);
        for (id, b) in &buckets {
            let p = &b["Properties"];
            assert_eq!(p["VersioningConfiguration"]["Status"], "Enabled", "{id}");
            assert_eq!(b["DeletionPolicy"], "Retain", "{id}");
            assert_eq!(b["UpdateReplacePolicy"], "Retain", "{id}");
            for flag in [
                "BlockPublicAcls",
                "BlockPublicPolicy",
                "IgnorePublicAcls",
                "RestrictPublicBuckets",
            ] {
                assert_eq!(
                    p["PublicAccessBlockConfiguration"][flag], true,
                    "{id} {flag}"
                );
            }
            assert_eq!(
                p["OwnershipControls"]["Rules"][0]["ObjectOwnership"],
                "BucketOwnerEnforced"
            );
            let sse = &p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
                ["ServerSideEncryptionByDefault"];
            if id.contains("AccessLogs") {
                // Server access logging delivers only into SSE-S3 buckets.
                assert_eq!(sse["SSEAlgorithm"], "AES256");
                assert!(p.get("LoggingConfiguration").is_none());
            } else {
                assert_eq!(sse["SSEAlgorithm"], "aws:kms", "{id}");
                assert_eq!(sse["KMSMasterKeyID"]["Fn::GetAtt"][1], "Arn", "{id}");
                assert!(p["LoggingConfiguration"]["DestinationBucketName"]["Ref"]
                    .as_str()
                    .is_some_and(|r| r.contains("AccessLogs")));
            }
            assert!(!p["LifecycleConfiguration"]["Rules"]
                .as_array()
                .expect("rules")
                .is_empty());
        }

        let policies = of_type(t, "AWS::S3::BucketPolicy");
        assert_eq!(policies.len(), 3);
        for (id, policy) in policies {
            let statements = policy["Properties"]["PolicyDocument"]["Statement"]
                .as_array()
                .expect("statements");
            let tls = statements
                .iter()
                .find(|s| s["Sid"] == "DenyInsecureTransport")
                .unwrap_or_else(|| panic!("{id}: no TLS statement"));
            assert_eq!(tls["Effect"], "Deny");
            assert_eq!(tls["Action"], "s3:*");
            assert_eq!(
                tls["Condition"],
                json!({"Bool": {"aws:SecureTransport": "false"}})
            );
            assert_eq!(tls["Resource"].as_array().map(Vec::len), Some(2));
            let perimeter = statements
                .iter()
                .find(|s| s["Sid"] == "DenyOutsidePerimeter")
                .unwrap_or_else(|| panic!("{id}: no perimeter statement"));
            let condition = &perimeter["Condition"]["StringNotEqualsIfExists"];
            match &env.organization {
                Some(org) => assert_eq!(condition["aws:PrincipalOrgID"], org.id.as_str()),
                None => assert_eq!(
                    condition["aws:PrincipalAccount"],
                    json!({"Ref": "AWS::AccountId"})
                ),
            }
        }
    }
}

#[test]
fn bus_policy_admits_only_the_organization_or_the_account() {
    let a = synth(&organization());
    let policy = one(template(&a, "central"), "AWS::Events::EventBusPolicy");
    let s = &policy["Properties"]["Statement"];
    assert_eq!(s["Action"], "events:PutEvents");
    assert_eq!(
        s["Condition"]["StringEquals"]["aws:PrincipalOrgID"],
        "o-a1b2c3d4e5"
    );

    let a = synth(&single_account());
    let policy = one(template(&a, "central"), "AWS::Events::EventBusPolicy");
    let s = &policy["Properties"]["Statement"];
    assert_eq!(
        s["Principal"],
        json!({"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}})
    );
    assert!(s.get("Condition").is_none());
}

#[test]
fn stack_set_follows_the_environment() {
    let env = organization();
    let org = env.organization.as_ref().expect("organization");
    let a = synth(&env);
    let set = &one(template(&a, "central"), "AWS::CloudFormation::StackSet")["Properties"];
    assert_eq!(set["PermissionModel"], "SERVICE_MANAGED");
    assert_eq!(
        set["AutoDeployment"],
        json!({"Enabled": true, "RetainStacksOnAccountRemoval": true})
    );
    assert_eq!(set["CallAs"], "DELEGATED_ADMIN");
    assert_eq!(set["StackSetName"], "acme-sec-collector");

    let group = &set["StackInstancesGroup"][0];
    let mut ous: Vec<&str> = org
        .collector
        .organizational_units
        .iter()
        .map(|o| o.as_str())
        .collect();
    ous.sort_unstable();
    assert_eq!(
        group["DeploymentTargets"]["OrganizationalUnitIds"],
        json!(ous)
    );
    let regions: Vec<&str> = org.collector.regions.iter().map(|r| r.as_str()).collect();
    let mut sorted_regions = regions.clone();
    sorted_regions.sort_unstable();
    assert_eq!(group["Regions"], json!(sorted_regions));
    // Rollout order is the environment's order, not sorted.
    assert_eq!(set["OperationPreferences"]["RegionOrder"], json!(regions));
    assert_eq!(set["OperationPreferences"]["MaxConcurrentPercentage"], 50);
    assert_eq!(set["OperationPreferences"]["FailureTolerancePercentage"], 5);
    assert_eq!(
        set["OperationPreferences"]["RegionConcurrencyType"],
        "SEQUENTIAL"
    );

    // The body is the collector stack, reached only through its parameter.
    let collector = a.stack("collector").expect("collector body");
    let body = collector.compact_body.as_str();
    assert!(!body.is_empty());
    assert_eq!(set["TemplateBody"], json!(body));
    assert!(body.len() < 51_200);
    assert_eq!(
        set["Parameters"],
        json!([{"ParameterKey": "CentralEventBusArn", "ParameterValue": {"Fn::GetAtt": ["EventsBusE489DD8E", "Arn"]}}])
    );
    assert!(!body.contains("Fn::ImportValue"));
}

#[test]
fn collector_forwards_health_and_security_hub_with_a_least_privilege_role() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        let t = template(&a, "collector");
        let rules = of_type(t, "AWS::Events::Rule");
        let patterns: Vec<&Value> = rules
            .iter()
            .map(|(_, r)| &r["Properties"]["EventPattern"])
            .collect();
        assert!(patterns.contains(&&json!({"source": ["aws.health"]})));
        assert!(patterns.contains(&&json!({
            "source": ["aws.securityhub"],
            "detail-type": ["Security Hub Findings - Imported"]
        })));
        let role = one(t, "AWS::IAM::Role");
        let statements = &role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        assert_eq!(statements.as_array().map(Vec::len), Some(1));
        assert_eq!(statements[0]["Action"], "events:PutEvents");
        assert_eq!(
            statements[0]["Resource"]["Fn::If"][1],
            json!({"Ref": "CentralEventBusArn"})
        );
        let queue = one(t, "AWS::SQS::Queue");
        assert_eq!(queue["Properties"]["SqsManagedSseEnabled"], true);
        assert_eq!(queue["DeletionPolicy"], "Retain");
        let queue_policy =
            &one(t, "AWS::SQS::QueuePolicy")["Properties"]["PolicyDocument"]["Statement"][0];
        let senders = queue_policy["Condition"]["ArnEquals"]["aws:SourceArn"]
            .as_array()
            .expect("rule ARNs");
        assert_eq!(
            senders.len(),
            rules.len(),
            "only the forwarding rules may send"
        );
        for (_, rule) in rules {
            let target = &rule["Properties"]["Targets"][0];
            assert_eq!(target["Arn"], statements[0]["Resource"]);
            // Undeliverable events wait in the dead-letter queue instead of being dropped.
            assert_eq!(target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][1], "Arn");
            assert_eq!(target["RetryPolicy"]["MaximumEventAgeInSeconds"], 86_400);
            assert!(target["RoleArn"]["Fn::GetAtt"][0]
                .as_str()
                .is_some_and(|r| r.starts_with("ForwardRole")));
        }
    }
}

#[test]
fn single_account_collector_is_a_plain_stack_after_the_central_one() {
    let a = synth(&single_account());
    assert!(of_type(template(&a, "central"), "AWS::CloudFormation::StackSet").is_empty());
    let collector = a.stack("collector").expect("collector");
    assert_eq!(collector.kind, constructs_core::StackKind::Stack);
    assert_eq!(collector.stack_name.as_deref(), Some("sds-collector"));
    let fallback = &template(&a, "collector")["Resources"];
    let text = fallback.to_string();
    assert!(
        text.contains(":event-bus/sds-central"),
        "the collector defaults to the central bus name"
    );
}

#[test]
fn glue_tables_follow_the_security_lake_layout() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        let t = template(&a, "central");
        let glue = of_type(t, "AWS::Glue::Table");
        let expected = tables(&env.sources);
        assert_eq!(glue.len(), expected.len());
        for lake_table in expected {
            let (_, table) = glue
                .iter()
                .find(|(_, g)| g["Properties"]["TableInput"]["Name"] == lake_table.name().as_str())
                .unwrap_or_else(|| panic!("no table {}", lake_table.name()));
            let input = &table["Properties"]["TableInput"];
            let params = &input["Parameters"];
            assert_eq!(params["projection.enabled"], "true");
            assert_eq!(params["projection.eventday.format"], "yyyyMMdd");
            let template = params["storage.location.template"]["Fn::Sub"]
                .as_str()
                .expect("template");
            assert!(
                template.ends_with(&format!(
                    "/{}region=${{!region}}/accountId=${{!accountid}}/eventDay=${{!eventday}}/",
                    lake_table.prefix()
                )),
                "{template}"
            );
            let columns = input["StorageDescriptor"]["Columns"]
                .as_array()
                .expect("columns");
            assert_eq!(columns.len(), lake_table.class.columns.len());
            let partitions: Vec<&str> = input["PartitionKeys"]
                .as_array()
                .expect("keys")
                .iter()
                .filter_map(|k| k["Name"].as_str())
                .collect();
            assert_eq!(partitions.len(), 3);
            match &env.organization {
                Some(_) => assert_eq!(params["projection.accountid.type"], "injected"),
                None => assert_eq!(
                    params["projection.accountid.values"],
                    json!({"Ref": "AWS::AccountId"})
                ),
            }
        }
    }
    let a = synth(&organization());
    let any = of_type(template(&a, "central"), "AWS::Glue::Table")[0].1;
    let params = &any["Properties"]["TableInput"]["Parameters"];
    assert_eq!(
        params["projection.region.values"],
        "eu-central-1,eu-west-1,us-east-1"
    );
    assert_eq!(params["projection.eventday.range"], "20200101,NOW+1DAYS");
}

#[test]
fn lake_formation_appends_admins_and_grants_them_the_database() {
    let a = synth(&organization());
    let t = template(&a, "central");
    let settings = one(t, "AWS::LakeFormation::DataLakeSettings");
    assert_eq!(settings["Properties"]["MutationType"], "APPEND");
    assert_eq!(
        settings["Properties"]["Admins"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        of_type(t, "AWS::LakeFormation::PrincipalPermissions").len(),
        4
    );
    let location = one(t, "AWS::LakeFormation::Resource");
    assert_eq!(location["Properties"]["UseServiceLinkedRole"], false);

    // No admins configured: no settings (they would replace nothing) and no grants.
    let a = synth(&single_account());
    let t = template(&a, "central");
    assert!(of_type(t, "AWS::LakeFormation::DataLakeSettings").is_empty());
    assert!(of_type(t, "AWS::LakeFormation::PrincipalPermissions").is_empty());
}

#[test]
fn athena_results_are_encrypted_and_enforced() {
    let a = synth(&single_account());
    let wg = &one(template(&a, "central"), "AWS::Athena::WorkGroup")["Properties"]
        ["WorkGroupConfiguration"];
    assert_eq!(wg["EnforceWorkGroupConfiguration"], true);
    assert_eq!(
        wg["ResultConfiguration"]["EncryptionConfiguration"]["EncryptionOption"],
        "SSE_KMS"
    );
    assert_eq!(wg["BytesScannedCutoffPerQuery"], 1_000_000_000_000_u64);
}

/// Stateful resources keep their logical IDs: a change here replaces a bucket or a key.
#[test]
fn stateful_logical_ids_are_stable() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        let mut stateful: Vec<(String, String)> = a
            .inventory()
            .filter(|r| r.stateful && r.type_ != "AWS::Glue::Table")
            .map(|r| (r.logical_id.clone(), r.type_.clone()))
            .collect();
        stateful.sort();
        assert_eq!(
            stateful,
            [
                ("CatalogDatabaseEC25753F", "AWS::Glue::Database"),
                ("ForwardDeadLettersA9B06040", "AWS::SQS::Queue"),
                ("KmsKeyA25C9BD6", "AWS::KMS::Key"),
                ("StorageAccessLogsBucket8A643EB1", "AWS::S3::Bucket"),
                ("StorageLakeBucketBB9BF607", "AWS::S3::Bucket"),
                ("StorageQueryResultsBucketC11A9224", "AWS::S3::Bucket"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned())),
            "{}",
            env.name
        );
        // Glue tables: the readable part is the table name, so adding a source never
        // renames another source's table.
        for row in a.inventory().filter(|r| r.type_ == "AWS::Glue::Table") {
            let name = row.path.rsplit('/').next().unwrap_or_default();
            assert!(
                row.logical_id.starts_with(&format!("CatalogTables{name}")),
                "{row:?}"
            );
        }
    }
}

#[test]
fn output_is_deterministic_and_within_limits() {
    for env in [single_account(), organization()] {
        let first = synth(&env);
        let second = synth(&env);
        for (x, y) in first.stacks.iter().zip(&second.stacks) {
            assert_eq!(x.body, y.body);
            assert!(x.body.len() < 1_000_000, "{}: {} bytes", x.id, x.body.len());
        }
    }
}

/// The lake's table layout for every source, as a reviewable list.
#[test]
fn table_layout_snapshot() {
    let lines: Vec<String> = tables(&Source::ALL)
        .iter()
        .map(|t| {
            format!(
                "{:<36} {:<40} {} {:<22} {:>3} columns",
                t.name(),
                t.prefix(),
                t.class.uid,
                t.class.name,
                t.class.columns.len()
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// The smallest environment: no sources, nothing expires, no scan limit. It still builds
/// clean: no tables, a lake lifecycle with only the housekeeping steps.
#[test]
fn minimal_environment_builds_clean() {
    let env: Environment = serde_json::from_value(json!({
        "name": "minimal",
        "central": {"region": "us-east-1"},
        "sources": [],
        "lake": {
            "transition_to_infrequent_access_days": null,
            "transition_to_glacier_instant_retrieval_days": null,
            "expiration_days": null
        },
        "athena": {"query_scan_limit_bytes": null}
    }))
    .expect("minimal environment");
    let (assembly, diagnostics) = synthesize(&constructs_lake::build(&env));
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let t = template(&assembly, "central");
    assert!(of_type(t, "AWS::Glue::Table").is_empty());
    let lake = of_type(t, "AWS::S3::Bucket")
        .into_iter()
        .find(|(id, _)| id.starts_with("StorageLake"))
        .expect("lake bucket")
        .1;
    let rule = &lake["Properties"]["LifecycleConfiguration"]["Rules"][0];
    assert!(
        rule.get("Transitions").is_none() && rule.get("ExpirationInDays").is_none(),
        "{rule}"
    );
    assert_eq!(rule["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
    let wg = one(t, "AWS::Athena::WorkGroup");
    assert!(wg["Properties"]["WorkGroupConfiguration"]
        .get("BytesScannedCutoffPerQuery")
        .is_none());
}
