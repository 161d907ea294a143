//! `townhall ideas triage`: list (and with `--apply`, make) the status
//! changes the vote rule says are due.

use crate::cli::{TextOrJson, TriageArgs};
use crate::ctx::{Ctx, Failure};
use crate::ideas::triage;
use crate::resolve::{BuildOptions, Profile};

pub(crate) fn run(ctx: &Ctx, args: &TriageArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    ctx.site()?;
    let options = BuildOptions {
        today,
        drafts: true,
        profile: Profile::Internal,
        base_url: None,
    };
    let site = super::resolved_site(ctx, options)?;
    let due = triage::due(&site);
    let mut applied = Vec::new();
    if args.apply {
        for t in &due {
            let path = ctx.root.join(&t.path);
            let result = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| triage::apply(&text, t, today))
                .and_then(|text| std::fs::write(&path, text).map_err(|e| e.to_string()));
            if let Err(e) = result {
                return Err(Failure::content_because(format!(
                    "{}: {e}",
                    t.path.display()
                )));
            }
            applied.push(t.slug.clone());
        }
    }
    match args.format {
        TextOrJson::Json => {
            let value = serde_json::json!({"today": today.to_string(), "applied": args.apply, "transitions": due});
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        TextOrJson::Text => {
            if due.is_empty() {
                println!("no transitions due on {today}");
            }
            for t in &due {
                println!(
                    "{}: {} -> {} ({} net votes, window ends {}): {}{}",
                    t.slug,
                    t.from.as_str(),
                    t.to.as_str(),
                    t.net,
                    t.window_end,
                    t.reason,
                    if t.needs_owner {
                        " [needs an owner]"
                    } else {
                        ""
                    }
                );
            }
            if args.apply && !applied.is_empty() {
                println!("applied {} transitions", applied.len());
            } else if !due.is_empty() {
                println!(
                    "{} transitions due; run with --apply to make them",
                    due.len()
                );
            }
        }
    }
    Ok(())
}
