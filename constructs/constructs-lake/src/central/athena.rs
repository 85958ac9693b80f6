//! The Athena workgroup: results encrypted with the lake key into the results bucket, and
//! the configuration enforced, so a client cannot write results elsewhere or unencrypted.

use constructs_aws::athena::{self, work_group};
use constructs_core::{App, NodeRef, Pseudo, Sub};

use crate::env::Environment;
use crate::l1::some;

/// Adds the workgroup `<prefix>-lake` under `scope`.
pub fn add(
    app: &mut App,
    scope: NodeRef,
    env: &Environment,
    key: NodeRef,
    results: NodeRef,
) -> NodeRef {
    let mut encryption =
        work_group::EncryptionConfiguration::new(work_group::EncryptionOption::SseKms);
    encryption.kms_key = some(key.get_att("Arn").value());
    let config = work_group::WorkGroupConfiguration {
        enforce_work_group_configuration: some(true),
        publish_cloud_watch_metrics_enabled: some(true),
        bytes_scanned_cutoff_per_query: env
            .athena
            .query_scan_limit_bytes
            .and_then(|b| i64::try_from(b).ok())
            .map(Into::into),
        engine_version: some(work_group::EngineVersion {
            selected_engine_version: some("Athena engine version 3"),
            ..Default::default()
        }),
        result_configuration: some(work_group::ResultConfiguration {
            output_location: some(
                Sub::new()
                    .text("s3://")
                    .ref_(results)
                    .text("/results/")
                    .value(),
            ),
            encryption_configuration: some(encryption),
            expected_bucket_owner: some(
                constructs_core::Intrinsic::RefPseudo(Pseudo::AccountId).value(),
            ),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut wg = athena::WorkGroup::new(workgroup_name(env));
    wg.description = some("Security data lake queries: encrypted, enforced results");
    wg.state = some(work_group::State::Enabled);
    wg.work_group_configuration = some(config);
    app.add(scope, "WorkGroup", wg)
}

/// The workgroup's name, `<prefix>-lake`.
pub fn workgroup_name(env: &Environment) -> String {
    format!("{}-lake", env.naming.prefix)
}
