//! The Glue Data Catalog side of the lake: the database, one table per (source, OCSF
//! class) with partition projection, and Lake Formation.
//!
//! Partition projection, so no crawler or partition-adding job is needed:
//! - `region`: an enum of the regions the collector covers (and the home region);
//! - `accountid`: an enum of the one account in a single-account environment; in an
//!   organization the member accounts are not listed anywhere, so it is `injected`:
//!   queries name the account(s) (`WHERE accountid = '…'` or `IN (…)`);
//! - `eventday`: a `yyyyMMdd` date from the lake's expiry (or 2020 when objects never
//!   expire) to tomorrow (clock skew of late producers).

use std::collections::BTreeSet;

use constructs_aws::glue::{self, database, table};
use constructs_aws::iam;
use constructs_aws::lakeformation::{self, data_lake_settings, principal_permissions as pp};
use constructs_core::{App, Expr, Intrinsic, NodeRef, Pseudo, ResourceOptions, Sub};

use crate::env::Environment;
use crate::l1::{json, list, some};
use crate::policy::{block, document, service, Statement};
use crate::tables::{tables, LakeTable, PARTITION_KEYS};

/// Parquet through Hive's SerDe: what Firehose record-format conversion writes and
/// Security Lake uses.
const INPUT_FORMAT: &str = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
const OUTPUT_FORMAT: &str = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
const SERDE: &str = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

/// Handles of the catalog.
pub struct Catalog {
    pub database: NodeRef,
    /// The Glue database name, `<prefix>_lake` (Glue names take no hyphens).
    pub database_name: String,
    /// One handle per table, in [`tables`] order.
    pub tables: Vec<(LakeTable, NodeRef)>,
}

/// Adds the database, the tables and Lake Formation under `scope`.
pub fn add(
    app: &mut App,
    scope: NodeRef,
    env: &Environment,
    lake: NodeRef,
    key: NodeRef,
) -> Catalog {
    let database_name = format!("{}_lake", env.naming.prefix.as_str().replace('-', "_"));
    let account = || Intrinsic::RefPseudo(Pseudo::AccountId).value::<String>();
    let database = app.add(
        scope,
        "Database",
        glue::Database::new(
            account(),
            database::DatabaseInput {
                name: some(database_name.as_str()),
                description: some(
                    "Security data lake: OCSF 1.1.0 events, one table per source and class",
                ),
                location_uri: some(Sub::new().text("s3://").ref_(lake).text("/ext/").value()),
                ..Default::default()
            },
        ),
    );

    let tables_scope = app.scope(scope, "Tables");
    let mut handles = Vec::new();
    for t in tables(&env.sources) {
        let mut props = glue::Table::new(account(), database.ref_().value());
        props.table_input = some(table_input(env, lake, &t));
        let node = app.add(tables_scope, &t.construct_id(), props);
        handles.push((t, node));
    }

    add_lake_formation(app, scope, env, (lake, key), database, &database_name);
    Catalog {
        database,
        database_name,
        tables: handles,
    }
}

fn table_input(env: &Environment, lake: NodeRef, t: &LakeTable) -> table::TableInput {
    let location = |partitions: bool| {
        let sub = Sub::new()
            .text("s3://")
            .ref_(lake)
            .text("/")
            .text(&t.prefix());
        // Literal `${…}` for Athena: the Sub builder escapes it as `${!…}`.
        if partitions {
            sub.text("region=${region}/accountId=${accountid}/eventDay=${eventday}/")
        } else {
            sub
        }
    };
    let columns = t.class.columns.iter().map(|c| {
        let mut col = table::Column::new(c.name);
        col.type_ = some(c.glue_type);
        col
    });
    let partition_keys = PARTITION_KEYS.iter().map(|(name, ty)| {
        let mut col = table::Column::new(*name);
        col.type_ = some(*ty);
        col
    });
    let mut parameters: Vec<(String, Expr)> = vec![
        ("classification".into(), "parquet".into()),
        ("EXTERNAL".into(), "TRUE".into()),
        ("ocsf.version".into(), "1.1.0".into()),
        ("ocsf.class_uid".into(), t.class.uid.to_string().into()),
        ("projection.enabled".into(), "true".into()),
        ("projection.region.type".into(), "enum".into()),
        ("projection.region.values".into(), region_values(env).into()),
        ("projection.eventday.type".into(), "date".into()),
        ("projection.eventday.format".into(), "yyyyMMdd".into()),
        ("projection.eventday.range".into(), day_range(env).into()),
        ("projection.eventday.interval".into(), "1".into()),
        ("projection.eventday.interval.unit".into(), "DAYS".into()),
        ("storage.location.template".into(), location(true).expr()),
    ];
    parameters.extend(account_projection(env));
    table::TableInput {
        name: some(t.name()),
        description: some(format!(
            "OCSF 1.1.0 {} ({}) events from {}",
            t.class.caption,
            t.class.uid,
            t.source.as_str()
        )),
        table_type: some(table::TableInputTableType::ExternalTable),
        parameters: json(Expr::map(parameters)),
        partition_keys: some(list(partition_keys)),
        storage_descriptor: some(table::StorageDescriptor {
            columns: some(list(columns)),
            location: some(location(false).value()),
            input_format: some(INPUT_FORMAT),
            output_format: some(OUTPUT_FORMAT),
            compressed: some(false),
            stored_as_sub_directories: some(false),
            serde_info: some(table::SerdeInfo {
                serialization_library: some(SERDE),
                parameters: json(Expr::map([("serialization.format", Expr::from("1"))])),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The regions events come from: the collector's and the home region, sorted.
fn region_values(env: &Environment) -> String {
    let mut regions: BTreeSet<&str> = BTreeSet::new();
    regions.insert(env.central.region.as_str());
    let collector = env.collector_regions();
    for r in &collector {
        regions.insert(r.as_str());
    }
    regions.into_iter().collect::<Vec<_>>().join(",")
}

fn day_range(env: &Environment) -> String {
    match env.lake.expiration_days {
        Some(days) => format!("NOW-{days}DAYS,NOW+1DAYS"),
        None => "20200101,NOW+1DAYS".to_owned(),
    }
}

fn account_projection(env: &Environment) -> Vec<(String, Expr)> {
    if env.organization.is_some() {
        return vec![("projection.accountid.type".into(), "injected".into())];
    }
    let account: Expr = match &env.central.account_id {
        Some(id) => id.as_str().into(),
        None => Intrinsic::RefPseudo(Pseudo::AccountId).expr(),
    };
    vec![
        ("projection.accountid.type".into(), "enum".into()),
        ("projection.accountid.values".into(), account),
    ]
}

/// Lake Formation: the configured admins are appended to the data-lake administrators and
/// get every permission on the database and its tables; the lake location is registered,
/// so Lake Formation vends the S3 credentials for the tables it governs.
fn add_lake_formation(
    app: &mut App,
    scope: NodeRef,
    env: &Environment,
    (lake, key): (NodeRef, NodeRef),
    database: NodeRef,
    database_name: &str,
) {
    let lf = app.scope(scope, "LakeFormation");
    let role = add_data_access_role(app, lf, lake, key);
    let mut location = lakeformation::Resource::new(ext_arn(lake).value(), false);
    location.role_arn = some(role.get_att("Arn").value());
    // Hybrid: IAM-based access (Firehose, administrators) keeps working beside grants.
    location.hybrid_access_enabled = some(true);
    app.add(lf, "LakeLocation", location);

    let admins = &env.lake_formation.admins;
    if admins.is_empty() {
        return;
    }
    let settings = app.add(
        lf,
        "Settings",
        lakeformation::DataLakeSettings {
            // APPEND keeps the administrators set outside this stack.
            mutation_type: some("APPEND"),
            admins: some(list(
                admins
                    .iter()
                    .map(|a| data_lake_settings::DataLakePrincipal::new(a.as_str())),
            )),
            ..Default::default()
        },
    );
    let account = || Intrinsic::RefPseudo(Pseudo::AccountId).value::<String>();
    for (i, admin) in admins.iter().enumerate() {
        let principal = || pp::DataLakePrincipal {
            data_lake_principal_identifier: some(admin.as_str()),
        };
        let grants = [
            (
                "Database",
                pp::Resource {
                    database: some(pp::DatabaseResource::new(account(), database_name)),
                    ..Default::default()
                },
            ),
            (
                "Tables",
                pp::Resource {
                    table: some(pp::TableResource {
                        table_wildcard: json(Expr::map(Vec::<(String, Expr)>::new())),
                        ..pp::TableResource::new(account(), database_name)
                    }),
                    ..Default::default()
                },
            ),
        ];
        for (what, resource) in grants {
            app.add_with(
                lf,
                &format!("Admin{}{what}", i + 1),
                lakeformation::PrincipalPermissions::new(
                    list([pp::Permission::All]),
                    list([pp::Permission::All]),
                    principal(),
                    resource,
                ),
                ResourceOptions {
                    depends_on: vec![settings, database],
                    ..Default::default()
                },
            );
        }
    }
}

/// The registered location: the `ext/` folder of the lake bucket.
fn ext_arn(lake: NodeRef) -> Intrinsic {
    Intrinsic::join("", [lake.get_att("Arn").expr(), Expr::from("/ext")])
}

/// The role Lake Formation reads and writes the registered location with. A role of our
/// own rather than Lake Formation's service-linked role, so the KMS key policy need not
/// name a principal that may not exist yet: the role's own policy grants the key.
fn add_data_access_role(app: &mut App, scope: NodeRef, lake: NodeRef, key: NodeRef) -> NodeRef {
    let trust = document([
        Statement::allow("LakeFormationAssumes", &["sts:AssumeRole"], vec![])
            .principal(service("lakeformation.amazonaws.com"))
            .build(),
    ]);
    let objects = Intrinsic::join("", [lake.get_att("Arn").expr(), Expr::from("/ext/*")]).expr();
    let access = document([
        Statement::allow(
            "ListLake",
            &["s3:ListBucket"],
            vec![lake.get_att("Arn").expr()],
        )
        .build(),
        Statement::allow(
            "ReadWriteLakeObjects",
            &["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            vec![objects],
        )
        .build(),
        Statement::allow(
            "UseLakeKeyThroughS3",
            &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            vec![key.get_att("Arn").expr()],
        )
        .when(
            "StringEquals",
            block(
                "kms:ViaService",
                Sub::new()
                    .text("s3.")
                    .pseudo(Pseudo::Region)
                    .text(".amazonaws.com")
                    .expr(),
            ),
        )
        .build(),
    ]);
    let mut role = iam::Role::new(trust);
    role.description = some("Lake Formation data access to the lake's ext/ folder");
    role.policies = some(list([iam::role::Policy::new(access, "LakeDataAccess")]));
    app.add(scope, "DataAccessRole", role)
}
