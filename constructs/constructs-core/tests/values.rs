//! Rendering of typed values and every intrinsic function.

mod common;

use std::collections::BTreeMap;

use common::{render, TestCx};
use constructs_core::{
    to_cfn_sorted, Expr, Intrinsic, NodeRef, Pseudo, Sub, SubPart, ToCfn, Value,
};
use serde_json::json;

const A: NodeRef = NodeRef(1);
const B: NodeRef = NodeRef(2);

#[test]
fn primitives_render_as_json() {
    assert_eq!(render(&"text"), json!("text"));
    assert_eq!(render(&"text".to_owned()), json!("text"));
    assert_eq!(render(&true), json!(true));
    assert_eq!(render(&-3i32), json!(-3));
    assert_eq!(render(&7u32), json!(7));
    assert_eq!(render(&(u64::MAX)), json!(u64::MAX));
    assert_eq!(render(&i64::MIN), json!(i64::MIN));
    assert_eq!(render(&1.5f64), json!(1.5));
    assert_eq!(render(&vec![1i64, 2]), json!([1, 2]));
    let map: BTreeMap<String, Value<bool>> = [
        ("b".to_owned(), true.into()),
        ("a".to_owned(), false.into()),
    ]
    .into();
    assert_eq!(render(&map), json!({"a": false, "b": true}));
    assert_eq!(
        render(&json!({"Version": "2012-10-17"})),
        json!({"Version": "2012-10-17"})
    );
}

#[test]
fn non_finite_numbers_are_errors_not_panics() {
    let mut cx = TestCx::default();
    assert_eq!(f64::NAN.to_cfn(&mut cx), json!(null));
    assert_eq!(f64::INFINITY.to_cfn(&mut cx), json!(null));
    assert_eq!(cx.errors.len(), 2, "{:?}", cx.errors);
}

#[test]
fn numbers_and_booleans_take_intrinsics() {
    let n: Value<i64> = Value::ref_(A);
    let b: Value<bool> = Intrinsic::if_(B, true, false).value();
    assert_eq!(render(&n), json!({"Ref": "N1"}));
    assert_eq!(render(&b), json!({"Fn::If": ["N2", true, false]}));
    assert_eq!(render(&Value::<i64>::Literal(5)), json!(5));
}

#[test]
fn every_intrinsic_renders() {
    let cases: Vec<(Intrinsic, serde_json::Value)> = vec![
        (Intrinsic::Ref(A), json!({"Ref": "N1"})),
        (
            Intrinsic::RefPseudo(Pseudo::Region),
            json!({"Ref": "AWS::Region"}),
        ),
        (
            Intrinsic::RefPseudo(Pseudo::NoValue),
            json!({"Ref": "AWS::NoValue"}),
        ),
        (A.get_att("Arn"), json!({"Fn::GetAtt": ["N1", "Arn"]})),
        (
            A.get_att("Endpoint.Address"),
            json!({"Fn::GetAtt": ["N1", "Endpoint.Address"]}),
        ),
        (
            Sub::new()
                .text("arn:")
                .pseudo(Pseudo::Partition)
                .text(":s3:::")
                .ref_(A)
                .build(),
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${N1}"}),
        ),
        (
            Intrinsic::join(",", ["a", "b"]),
            json!({"Fn::Join": [",", ["a", "b"]]}),
        ),
        (
            Intrinsic::select(1, Intrinsic::get_azs("")),
            json!({"Fn::Select": [1, {"Fn::GetAZs": ""}]}),
        ),
        (
            Intrinsic::split(",", Intrinsic::Ref(A)),
            json!({"Fn::Split": [",", {"Ref": "N1"}]}),
        ),
        (
            Intrinsic::import_value("sds-lake-arn"),
            json!({"Fn::ImportValue": "sds-lake-arn"}),
        ),
        (
            Intrinsic::if_(B, "yes", Pseudo::NoValue),
            json!({"Fn::If": ["N2", "yes", {"Ref": "AWS::NoValue"}]}),
        ),
        (
            Intrinsic::find_in_map(B, Pseudo::Region, "Ami"),
            json!({"Fn::FindInMap": ["N2", {"Ref": "AWS::Region"}, "Ami"]}),
        ),
        (
            Intrinsic::base64("#!/bin/sh"),
            json!({"Fn::Base64": "#!/bin/sh"}),
        ),
        (
            Intrinsic::get_azs(Pseudo::Region),
            json!({"Fn::GetAZs": {"Ref": "AWS::Region"}}),
        ),
        (
            Intrinsic::cidr("10.0.0.0/16", 6, 5),
            json!({"Fn::Cidr": ["10.0.0.0/16", 6, 5]}),
        ),
        (
            Intrinsic::equals(Intrinsic::Ref(A), "prod"),
            json!({"Fn::Equals": [{"Ref": "N1"}, "prod"]}),
        ),
        (
            Intrinsic::and([B.condition(), Intrinsic::not(A.condition())]),
            json!({"Fn::And": [{"Condition": "N2"}, {"Fn::Not": [{"Condition": "N1"}]}]}),
        ),
        (
            Intrinsic::or([B.condition(), A.condition()]),
            json!({"Fn::Or": [{"Condition": "N2"}, {"Condition": "N1"}]}),
        ),
        (Intrinsic::Condition(B), json!({"Condition": "N2"})),
    ];
    for (intrinsic, expected) in cases {
        assert_eq!(render(&intrinsic), expected, "{intrinsic:?}");
        // The same through Value<T> and Expr.
        assert_eq!(render(&intrinsic.clone().value::<String>()), expected);
        assert_eq!(render(&intrinsic.expr()), expected);
    }
}

#[test]
fn every_pseudo_parameter_has_its_name() {
    let all = [
        (Pseudo::AccountId, "AWS::AccountId"),
        (Pseudo::Region, "AWS::Region"),
        (Pseudo::Partition, "AWS::Partition"),
        (Pseudo::StackName, "AWS::StackName"),
        (Pseudo::StackId, "AWS::StackId"),
        (Pseudo::UrlSuffix, "AWS::URLSuffix"),
        (Pseudo::NotificationArns, "AWS::NotificationARNs"),
        (Pseudo::NoValue, "AWS::NoValue"),
    ];
    for (p, name) in all {
        assert_eq!(p.name(), name);
        assert_eq!(Pseudo::from_name(name), Some(p));
        assert_eq!(render(&p), json!({"Ref": name}));
    }
    assert_eq!(Pseudo::from_name("AWS::Nope"), None);
}

#[test]
fn sub_escapes_literal_dollar_brace() {
    let s = Sub::new()
        .text("echo ${HOME} and $PATH and ${")
        .get_att(A, "Arn")
        .text("}")
        .build();
    assert_eq!(
        render(&s),
        json!({"Fn::Sub": "echo ${!HOME} and $PATH and ${!${N1.Arn}}"})
    );
    // Already-escaped text is escaped again: `${!x}` is a literal `${!x}`.
    let s = Sub::new().text("${!x}").build();
    assert_eq!(render(&s), json!({"Fn::Sub": "${!!x}"}));
    // A lone `$` or `{` needs no escape.
    assert_eq!(
        render(&Sub::new().text("$ { }").build()),
        json!({"Fn::Sub": "$ { }"})
    );
}

#[test]
fn sub_merges_adjacent_text_and_skips_empty() {
    let s = Sub::new().text("a").text("").text("b").ref_(A).text("");
    assert_eq!(s.parts(), &[SubPart::Text("ab".into()), SubPart::Ref(A)]);
}

#[test]
fn sub_parse_matches_builder() {
    let parsed = Sub::parse(
        "arn:${AWS::Partition}:s3:::${Bucket}/${Key.Arn}/${!Literal}",
        &[("Bucket", A), ("Key", B)],
    )
    .unwrap();
    let built = Sub::new()
        .text("arn:")
        .pseudo(Pseudo::Partition)
        .text(":s3:::")
        .ref_(A)
        .text("/")
        .get_att(B, "Arn")
        .text("/${Literal}");
    assert_eq!(parsed, built);
    assert_eq!(
        render(&parsed.build()),
        json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${N1}/${N2.Arn}/${!Literal}"})
    );
}

#[test]
fn sub_parse_rejects_what_it_cannot_type() {
    let err = Sub::parse("x-${Unknown}", &[("Bucket", A)]).unwrap_err();
    assert!(err.contains("unknown variable `${Unknown}`"), "{err}");
    let err = Sub::parse("x-${AWS::Region", &[]).unwrap_err();
    assert!(err.contains("unclosed"), "{err}");
    let err = Sub::parse("${Bucket.}", &[("Bucket", A)]).unwrap_err();
    assert!(err.contains("empty attribute"), "{err}");
    assert_eq!(Sub::parse("", &[]).unwrap(), Sub::new());
}

#[test]
fn no_value_inside_sub_is_an_error() {
    let mut cx = TestCx::default();
    Sub::new().pseudo(Pseudo::NoValue).build().to_cfn(&mut cx);
    assert_eq!(cx.errors.len(), 1);
}

#[test]
fn expr_from_json_keeps_everything() {
    let doc = json!({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Condition": null, "N": 1.5}]});
    assert_eq!(render(&Expr::from(doc.clone())), doc);
}

#[test]
fn policy_documents_hold_intrinsics_anywhere() {
    let doc = Expr::map([
        ("Version", Expr::from("2012-10-17")),
        (
            "Statement",
            Expr::list([Expr::map([
                ("Effect", Expr::from("Deny")),
                (
                    "Resource",
                    Expr::list([
                        A.get_att("Arn").into(),
                        Sub::new().get_att(A, "Arn").text("/*").expr(),
                    ]),
                ),
            ])]),
        ),
    ]);
    assert_eq!(
        render(&doc),
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Resource": [
            {"Fn::GetAtt": ["N1", "Arn"]}, {"Fn::Sub": "${N1.Arn}/*"}]}]})
    );
}

#[test]
fn unordered_sets_render_sorted() {
    let items: Vec<Value<String>> = vec!["b".into(), "a".into(), Value::ref_(A), "c".into()];
    let mut cx = TestCx::default();
    assert_eq!(
        to_cfn_sorted(&items, &mut cx),
        json!(["a", "b", "c", {"Ref": "N1"}])
    );
}

#[test]
fn value_converts_to_expr() {
    let v: Value<String> = "x".into();
    assert_eq!(Expr::from(v), Expr::String("x".into()));
    let v: Value<i64> = Value::get_att(A, "Port");
    assert_eq!(
        render(&Expr::from(v)),
        json!({"Fn::GetAtt": ["N1", "Port"]})
    );
    assert_eq!(Value::<String>::pseudo(Pseudo::Region).literal(), None);
}
