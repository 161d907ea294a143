//! `erase`: a member's handle, and their name and e-mail from git history,
//! leave every output file.

use crate::harness::Fixture;

fn git_as(f: &Fixture, who: (&str, &str), args: &[&str]) {
    crate::harness::git_as(f.root(), who, "2026-02-03T09:00:00Z", args);
}

/// Every output file that mentions any of `needles` (case-insensitive).
fn files_mentioning(f: &Fixture, needles: &[&str]) -> Vec<String> {
    f.files()
        .into_iter()
        .filter(|rel| {
            let bytes = std::fs::read(f.out().join(rel)).unwrap();
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            needles.iter().any(|n| text.contains(&n.to_lowercase()))
        })
        .collect()
}

#[test]
fn erase_covers_authors_from_git_history_through_mailmap() {
    let f = Fixture::new("guides");
    let base = ("Base Author", "base@example.com");
    let omar = ("Omar Haddad", "omar@acme-corp.io");
    git_as(&f, base, &["init", "-q"]);
    git_as(&f, base, &["add", "."]);
    git_as(&f, base, &["commit", "-q", "-m", "base"]);
    // omar writes a guide with no `authors:`: its author comes from git
    f.write(
        "content/guides/billing/disputes.md",
        "---\ntitle: Disputes\n---\nHow to answer a card dispute, step by step.\n\nThanks to omar for the checklist.\n",
    );
    git_as(&f, omar, &["add", "."]);
    git_as(&f, omar, &["commit", "-q", "-m", "disputes"]);
    f.build(&[]).ok();
    let before = files_mentioning(&f, &["Haddad"]);
    // the page (its byline and JSON-LD) and the feed name the git author
    for page in ["guides/billing/disputes/index.html", "atom.xml"] {
        assert!(before.iter().any(|p| p == page), "{page}: {before:?}");
    }

    // the report lists the mailmap entry and the prose mention
    let out = f.run(&["erase", "omar"]);
    out.ok();
    assert!(
        out.stdout
            .contains("map the git author Omar Haddad <omar@acme-corp.io> to `deleted-user-"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1 mentions in prose are not changed")
            && out.stdout.contains(
                "content/guides/billing/disputes.md:6: Thanks to omar for the checklist."
            ),
        "{}",
        out.stdout
    );
    assert!(
        !f.root().join(".mailmap").exists(),
        "a dry run writes nothing"
    );

    f.run(&["erase", "omar", "--apply"]).ok();
    let mailmap = f.file(".mailmap");
    assert!(
        mailmap.contains("@erased.invalid> <omar@acme-corp.io>"),
        "{mailmap}"
    );
    // erasing again adds nothing
    f.run(&["erase", "omar", "--apply"]).ok();
    assert_eq!(f.file(".mailmap"), mailmap);
    // the prose is the writer's to fix, as the report said
    f.write(
        "content/guides/billing/disputes.md",
        "---\ntitle: Disputes\n---\nHow to answer a card dispute, step by step.\n",
    );
    f.build(&[]).ok();
    let after = files_mentioning(&f, &["omar", "Haddad", "acme-corp.io"]);
    assert!(after.is_empty(), "still named in {after:?}");
    let page = f.page("guides/billing/disputes/index.html");
    assert!(
        page.texts(".page-meta")
            .join(" ")
            .contains(&townhall::slug::pseudonym("omar")),
        "{:?}",
        page.texts(".page-meta")
    );
}
