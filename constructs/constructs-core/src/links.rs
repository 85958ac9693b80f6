//! Checks across nodes and stacks: exports and imports, stack dependencies and their
//! cycles, circular dependencies between resources, name rules.

use std::collections::{BTreeMap, BTreeSet};

use crate::assembly::StackArtifact;
use crate::diagnostics::Diagnostic;
use crate::tree::{App, NodeKind, StackKind};
use crate::value::NodeRef;

/// CloudFormation stack names: a letter, then letters, digits and hyphens, 128 at most.
pub(crate) fn is_valid_stack_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

fn is_valid_export_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'-')
}

/// Exports, imports and stack dependencies across the app.
pub(crate) fn link_stacks(
    app: &App,
    artifacts: &mut BTreeMap<NodeRef, StackArtifact>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut exporters: BTreeMap<String, String> = BTreeMap::new();
    for a in artifacts.values() {
        for name in &a.exports {
            if !is_valid_export_name(name) {
                diags.push(Diagnostic::error(
                    a.id.clone(),
                    format!("export name {name:?} may hold only letters, digits, ':' and '-' (1 to 255)"),
                ));
            }
            if let Some(other) = exporters.insert(name.clone(), a.id.clone()) {
                diags.push(Diagnostic::error(
                    a.id.clone(),
                    format!("export name {name:?} is also exported by [{other}]"),
                ));
            }
        }
    }
    for (stack, a) in artifacts.iter_mut() {
        let mut deps: BTreeSet<String> = app
            .stack_deps
            .get(stack)
            .into_iter()
            .flatten()
            .filter_map(|d| {
                app.node(*d)
                    .filter(|n| matches!(n.kind, NodeKind::Stack { .. }))
                    .map(|_| app.path(*d))
            })
            .collect();
        for d in app.stack_deps.get(stack).into_iter().flatten() {
            if !matches!(app.node(*d).map(|n| &n.kind), Some(NodeKind::Stack { .. })) {
                diags.push(Diagnostic::error(
                    a.id.clone(),
                    format!("stack dependency on {d:?}, which is not a stack"),
                ));
            }
        }
        if a.kind == StackKind::StackSetBody && !a.imports.is_empty() {
            diags.push(Diagnostic::error(
                a.id.clone(),
                "a StackSet body reaches outside itself only through parameters: Fn::ImportValue cannot be used here",
            ));
        }
        for name in &a.imports {
            match exporters.get(name) {
                Some(producer) if *producer == a.id => {
                    diags.push(Diagnostic::error(
                        a.id.clone(),
                        format!("imports its own export {name:?}"),
                    ));
                }
                Some(producer) => {
                    deps.insert(producer.clone());
                }
                None => {}
            }
        }
        deps.remove(&a.id);
        a.dependencies = deps.into_iter().collect();
    }
    check_cycles(artifacts, diags);
}

/// Stack dependencies must form no cycle (CloudFormation would deadlock).
fn check_cycles(artifacts: &BTreeMap<NodeRef, StackArtifact>, diags: &mut Vec<Diagnostic>) {
    let deps: BTreeMap<&str, &[String]> = artifacts
        .values()
        .map(|a| (a.id.as_str(), a.dependencies.as_slice()))
        .collect();
    for start in deps.keys() {
        // Depth-first search from `start` for a way back to it.
        let mut todo: Vec<&str> = deps[start].iter().map(String::as_str).collect();
        let mut seen = BTreeSet::new();
        while let Some(s) = todo.pop() {
            if s == *start {
                diags.push(Diagnostic::error(
                    *start,
                    "stack dependencies form a cycle through this stack",
                ));
                break;
            }
            if seen.insert(s) {
                todo.extend(
                    deps.get(s)
                        .into_iter()
                        .flat_map(|d| d.iter().map(String::as_str)),
                );
            }
        }
    }
}

/// CloudFormation rejects a template whose resources depend on each other in a circle
/// (through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`): report each circle found.
pub(crate) fn check_resource_cycles(
    app: &App,
    edges: &[(NodeRef, NodeRef)],
    diags: &mut Vec<Diagnostic>,
) {
    let mut graph: BTreeMap<NodeRef, BTreeSet<NodeRef>> = BTreeMap::new();
    for (from, to) in edges {
        if matches!(
            app.node(*from).map(|n| &n.kind),
            Some(NodeKind::Resource(_))
        ) {
            graph.entry(*from).or_default().insert(*to);
        }
    }
    // Depth-first search; meeting a node that is still on the path closes a circle.
    let children = |n: NodeRef| -> Vec<NodeRef> {
        graph
            .get(&n)
            .map(|s| s.iter().rev().copied().collect())
            .unwrap_or_default()
    };
    let mut finished: BTreeSet<NodeRef> = BTreeSet::new();
    for &start in graph.keys() {
        if finished.contains(&start) {
            continue;
        }
        let mut path: Vec<(NodeRef, Vec<NodeRef>)> = vec![(start, children(start))];
        while let Some((node, todo)) = path.last_mut() {
            let node = *node;
            let Some(next) = todo.pop() else {
                finished.insert(node);
                path.pop();
                continue;
            };
            if let Some(pos) = path.iter().position(|(p, _)| *p == next) {
                let circle: Vec<String> = path[pos..]
                    .iter()
                    .map(|(n, _)| *n)
                    .chain([next])
                    .map(|n| format!("[{}]", app.path(n)))
                    .collect();
                diags.push(Diagnostic::error(
                    app.path(next),
                    format!(
                        "circular dependency between resources: {}",
                        circle.join(" -> ")
                    ),
                ));
            } else if !finished.contains(&next) {
                path.push((next, children(next)));
            }
        }
    }
}
