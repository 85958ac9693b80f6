//! Random trees, handles, pointers and Sub templates: synthesis reports, never panics, and
//! stays deterministic. A fixed-seed generator keeps the test reproducible.

mod common;

use common::{Bucket, Topic};
use constructs_core::*;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const IDS: &[&str] = &[
    "Default",
    "Resource",
    "Lake",
    "Bucket",
    "A",
    "a1",
    "my-id",
    "",
    "Bücket",
    "x y",
    "Lake",
    "LakeBucket",
    "${x}",
    "Z",
];
const POINTERS: &[&str] = &[
    "/Properties/X",
    "/Properties",
    "",
    "/",
    "//",
    "/Properties/A/0",
    "/Properties/A/-",
    "/Metadata/~",
    "/Metadata/~2",
    "/Properties/A/99999999999999999999",
    "no-slash",
    "/Type",
];
const SUBS: &[&str] = &[
    "${",
    "}",
    "${}",
    "${!}",
    "${AWS::Region}",
    "${N}",
    "${N.}",
    "${N.Arn}",
    "é${N}ü",
    "$$",
    "${AWS::NoValue}",
    "${!${N}}",
    "plain",
];

fn random_app(seed: u64) -> App {
    let mut rng = Rng(seed);
    let mut app = App::new();
    let mut nodes = vec![App::ROOT];
    for _ in 0..60 {
        // Sometimes a handle that does not exist.
        let parent = if rng.below(10) == 0 {
            NodeRef(10_000)
        } else {
            nodes[rng.below(nodes.len())]
        };
        let id = rng.pick(IDS);
        let target = NodeRef(rng.below(nodes.len() + 3));
        let node = match rng.below(12) {
            0 => app.stack(id),
            1 => app.stack_set_body(id),
            2 => app.scope(parent, id),
            3 => app.parameter(parent, id, Parameter::string()),
            4 => app.output(parent, id, Output::new(target.get_att("Arn")).export(id)),
            5 => app.condition(parent, id, Intrinsic::equals(Intrinsic::Ref(target), "x")),
            6 => {
                let sub = Sub::parse(rng.pick(SUBS), &[("N", target)]).unwrap_or_default();
                app.add(parent, id, Topic::default().with("S", sub))
            }
            7 => app.add(
                parent,
                id,
                Bucket::default().with("A", serde_json::json!([1, {"b": 2}])),
            ),
            8 => {
                app.add_override(target, rng.pick(POINTERS), Intrinsic::StackBody(target));
                app.remove_override(target, rng.pick(POINTERS));
                target
            }
            9 => {
                app.depends_on(target, nodes[rng.below(nodes.len())]);
                app.options(target).condition = Some(nodes[rng.below(nodes.len())]);
                target
            }
            10 => {
                app.set_logical_id(target, id);
                app.rename(parent, rng.pick(IDS), id);
                app.tag(target, id, id);
                target
            }
            _ => {
                let imported = app.import_value(target);
                app.add_stack_dependency(parent, target);
                app.add(parent, id, Topic::default().with("I", imported))
            }
        };
        nodes.push(node);
    }
    app
}

#[test]
fn random_apps_never_panic_and_stay_deterministic() {
    for seed in 1..=300u64 {
        let app = random_app(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (a, da) = synthesize(&app);
        let (b, db) = synthesize(&app);
        assert_eq!(da, db, "seed {seed}");
        assert_eq!(a.stacks.len(), b.stacks.len());
        for (x, y) in a.stacks.iter().zip(&b.stacks) {
            assert_eq!(x.body, y.body, "seed {seed}");
            assert!(x.body.ends_with('\n'));
        }
        for d in &da {
            // Every diagnostic displays with its path.
            assert!(d.to_string().starts_with('['), "{d}");
        }
    }
}
