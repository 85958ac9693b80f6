//! Synthesis speed of the core alone, on an app shaped like the data lake: a central stack
//! of 300 resources (policy documents, Subs, GetAtts, tags) embedding a 40-resource
//! StackSet body, plus a consumer stack importing an export.
//!
//! `cargo bench -p constructs-core --bench synth`

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Bucket, BucketPolicy, Key, Rule, StackSet, Topic};
use constructs_core::*;
use criterion::{criterion_group, criterion_main, Criterion};

fn lake_shaped_app() -> App {
    let mut app = App::new();
    let collector = app.stack_set_body("collector");
    let bus = app.parameter(collector, "CentralBusArn", Parameter::string());
    for i in 0..40 {
        let scope = app.scope(collector, &format!("Rule{i}"));
        app.add(
            scope,
            "Resource",
            Rule::default()
                .with(
                    "EventPattern",
                    serde_json::json!({"source": ["aws.health"], "detail-type": [format!("t{i}")]}),
                )
                .with(
                    "Targets",
                    Expr::list([Expr::map([
                        ("Arn", Expr::from(bus.ref_())),
                        ("Id", "central".into()),
                    ])]),
                ),
        );
    }
    let central = app.stack("central");
    app.tag(central, "project", "sds");
    let key = app.add_with(
        central,
        "Key",
        Key::default().with("EnableKeyRotation", true),
        ResourceOptions::retain(),
    );
    let mut last = None;
    for i in 0..100 {
        let scope = app.scope(central, &format!("Source{i}"));
        let bucket = app.add_with(
            scope,
            "Bucket",
            Bucket::default()
                .with(
                    "BucketName",
                    Sub::new()
                        .text(&format!("sds-{i}-"))
                        .pseudo(Pseudo::AccountId)
                        .text("-")
                        .pseudo(Pseudo::Region),
                )
                .with("KmsKeyArn", key.get_att("Arn")),
            ResourceOptions::retain(),
        );
        app.add(
            scope,
            "Policy",
            BucketPolicy::default().with("Bucket", bucket.ref_()).with(
                "PolicyDocument",
                Expr::map([
                    ("Version", Expr::from("2012-10-17")),
                    (
                        "Statement",
                        Expr::list([Expr::map([
                            ("Effect", Expr::from("Deny")),
                            ("Principal", Expr::from("*")),
                            ("Action", Expr::from("s3:*")),
                            (
                                "Resource",
                                Expr::list([
                                    bucket.get_att("Arn").expr(),
                                    Sub::new().get_att(bucket, "Arn").text("/*").expr(),
                                ]),
                            ),
                            (
                                "Condition",
                                Expr::from(
                                    serde_json::json!({"Bool": {"aws:SecureTransport": "false"}}),
                                ),
                            ),
                        ])]),
                    ),
                ]),
            ),
        );
        let topic = app.add(scope, "Topic", Topic::default());
        if let Some(prev) = last {
            app.depends_on(topic, prev);
        }
        last = Some(topic);
    }
    app.add(
        central,
        "Collector",
        StackSet::default().with("TemplateBody", Intrinsic::StackBody(collector)),
    );
    let out = app.output(
        central,
        "KeyArn",
        Output::new(key.get_att("Arn")).export("sds-key-arn"),
    );
    let consumer = app.stack("consumer");
    let imported = app.import_value(out);
    app.add(
        consumer,
        "Reader",
        Topic::default().with("KeyArn", imported),
    );
    app
}

fn bench(c: &mut Criterion) {
    let app = lake_shaped_app();
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let resources: usize = assembly.stacks.iter().map(|s| s.resources.len()).sum();
    let bytes: usize = assembly.stacks.iter().map(|s| s.body.len()).sum();
    eprintln!(
        "{} stacks, {resources} resources, {bytes} template bytes",
        assembly.stacks.len()
    );
    c.bench_function("build lake-shaped app", |b| b.iter(lake_shaped_app));
    c.bench_function("synthesize lake-shaped app", |b| {
        b.iter(|| synthesize(&app))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
