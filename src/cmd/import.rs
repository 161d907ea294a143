//! `townhall import <source> <input…>`: another platform's export -> files,
//! all or nothing, with a summary of what was written, kept and skipped.

use crate::cli::{FormatArg, ImportArgs, ImportAs, ImportSource};
use crate::config::{Config, CONFIG_FILE};
use crate::ctx::{Ctx, Failure};
use crate::import::{self, names, writer, Import, Writer};
use crate::resolve::{BuildOptions, Profile};

pub(crate) fn run(ctx: &Ctx, args: &ImportArgs) -> Result<(), Failure> {
    ctx.site()?;
    if args.import_as == ImportAs::Ideas && args.source != ImportSource::Stackexchange {
        return Err(
            Failure::usage("--as ideas is for Stack Exchange meta sites")
                .hint("this source's ideas are imported as ideas already; leave --as out"),
        );
    }
    if let Some(url) = &args.source_url {
        if let Err(e) = import::check_source_url(url) {
            return Err(Failure::usage(e.to_string()));
        }
    }
    let config = match Config::load(&ctx.root) {
        Ok(config) => config,
        Err(d) => {
            super::report(ctx, FormatArg::Human, vec![d]);
            return Err(Failure::content());
        }
    };
    let read_map = |path: &Option<std::path::PathBuf>| match path {
        Some(p) => names::read_map(p).map(Some),
        None => Ok(None),
    };
    let (tag_map, status_map) = match (read_map(&args.tag_map), read_map(&args.status_map)) {
        (Ok(t), Ok(s)) => (t.unwrap_or_default(), s.unwrap_or_default()),
        (Err(e), _) | (_, Err(e)) => {
            return Err(Failure::usage(e.to_string()));
        }
    };
    let inputs = match import::expand_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            return Err(Failure::usage(e.to_string()));
        }
    };
    let options = import::Options {
        source_url: args.source_url.clone(),
        section: args.section.clone(),
        owner: args.owner.clone(),
        status_map,
        ideas_category: args.ideas_category.clone(),
        as_ideas: args.import_as == ImportAs::Ideas,
    };
    let writer = match Writer::new(&ctx.root, args.dry_run) {
        Ok(w) => w,
        Err(e) => return Err(Failure::usage(format!("cannot read the site: {e}"))),
    };
    let mut state = Import {
        root: &ctx.root,
        options: &options,
        writer,
        tags: names::TagMapper::new(&config.taxonomy.tags, tag_map),
        skipped: import::Skipped::default(),
    };
    let result = match args.source {
        ImportSource::Stackexchange => import::stackexchange::run(&inputs, &mut state),
        ImportSource::Fider => import::fider::run(&inputs, &mut state),
        ImportSource::Canny => import::canny::run(&inputs, &mut state),
        ImportSource::Github => import::github::run(&inputs, &mut state),
        ImportSource::Discourse => import::discourse::run(&inputs, &mut state),
    };
    if let Err(e) = result {
        return Err(Failure::content_because(format!(
            "{e}\nnothing was written"
        )));
    }

    // site.toml gets the new tags; computed before anything is written.
    let config_path = ctx.root.join(CONFIG_FILE);
    let new_config = std::fs::read_to_string(&config_path)
        .map_err(|e| e.to_string())
        .and_then(|text| names::add_tags_to_config(&text, &state.tags.added));
    let new_config = match new_config {
        Ok(text) => text,
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot add tags to site.toml: {e}\nnothing was written"
            )))
        }
    };

    print!("{}", import::summary(&state, args.dry_run));
    let conflicts: Vec<_> = state
        .writer
        .entries
        .iter()
        .filter_map(|e| match &e.outcome {
            import::Outcome::Conflict(why) => Some((e.path.clone(), why.clone())),
            _ => None,
        })
        .collect();
    for (path, why) in &conflicts {
        eprintln!("conflict: {}: {why}", path.display());
    }
    if !conflicts.is_empty() && !args.skip_conflicts {
        return Err(Failure::content_because(format!(
            "{} conflicting file{}; nothing was written\n  = help: move those files away, or pass --skip-conflicts to import everything else",
            conflicts.len(),
            if conflicts.len() == 1 { "" } else { "s" }
        )));
    }
    if args.dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    let written = state
        .writer
        .commit()
        .map_err(|e| Failure::usage(format!("cannot write the files: {e}")))?;
    if let Some(text) = new_config {
        writer::write_atomic(&config_path, &text)
            .map_err(|e| Failure::usage(format!("cannot write site.toml: {e}")))?;
    }
    println!(
        "wrote {written} file{}",
        if written == 1 { "" } else { "s" }
    );
    if args.no_check {
        return Ok(());
    }
    verify(ctx)
}

/// The imported site must pass the checks `build` makes.
fn verify(ctx: &Ctx) -> Result<(), Failure> {
    let today = ctx.today(None)?;
    let options = BuildOptions {
        today,
        drafts: true,
        profile: Profile::Internal,
        base_url: None,
    };
    match crate::pipeline::resolve_only(&ctx.root, options) {
        Ok((_, diagnostics)) if !diagnostics.has_errors() => {
            println!("the site passes the checks of `townhall build`");
            Ok(())
        }
        Ok((_, diagnostics)) | Err(diagnostics) => {
            super::report(ctx, FormatArg::Human, diagnostics.sorted());
            Err(Failure::content_because(
                "the site has errors after the import; fix them, then run `townhall check`",
            ))
        }
    }
}
