//! `townhall import <source> <input…>`: another platform's export -> files,
//! all or nothing, with a summary of what was written, kept and skipped.

use crate::cli::{Cli, FormatArg, ImportArgs, ImportAs, ImportSource};
use crate::config::{Config, CONFIG_FILE};
use crate::import::{self, names, writer, Import, Writer};
use crate::resolve::{BuildOptions, Profile};
use crate::{EXIT_CONTENT, EXIT_USAGE};

pub fn run(cli: &Cli, args: &ImportArgs) -> u8 {
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    if args.import_as == ImportAs::Ideas && args.source != ImportSource::Stackexchange {
        eprintln!(
            "error: --as ideas is for Stack Exchange meta sites\n  = help: this source's ideas are imported as ideas already; leave --as out"
        );
        return EXIT_USAGE;
    }
    if let Some(url) = &args.source_url {
        if let Err(e) = import::check_source_url(url) {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    }
    let config = match Config::load(&cli.root) {
        Ok(config) => config,
        Err(d) => {
            super::report(cli, FormatArg::Human, vec![d]);
            return EXIT_CONTENT;
        }
    };
    let read_map = |path: &Option<std::path::PathBuf>| match path {
        Some(p) => names::read_map(p).map(Some),
        None => Ok(None),
    };
    let (tag_map, status_map) = match (read_map(&args.tag_map), read_map(&args.status_map)) {
        (Ok(t), Ok(s)) => (t.unwrap_or_default(), s.unwrap_or_default()),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let inputs = match import::expand_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
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
    let writer = match Writer::new(&cli.root, args.dry_run) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot read the site: {e}");
            return EXIT_USAGE;
        }
    };
    let mut state = Import {
        root: &cli.root,
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
        eprintln!("error: {e}");
        eprintln!("nothing was written");
        return EXIT_CONTENT;
    }

    // site.toml gets the new tags; computed before anything is written.
    let config_path = cli.root.join(CONFIG_FILE);
    let new_config = std::fs::read_to_string(&config_path)
        .map_err(|e| e.to_string())
        .and_then(|text| names::add_tags_to_config(&text, &state.tags.added));
    let new_config = match new_config {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot add tags to site.toml: {e}\nnothing was written");
            return EXIT_USAGE;
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
        eprintln!(
            "error: {} conflicting file{}; nothing was written\n  = help: move those files away, or pass --skip-conflicts to import everything else",
            conflicts.len(),
            if conflicts.len() == 1 { "" } else { "s" }
        );
        return EXIT_CONTENT;
    }
    if args.dry_run {
        println!("dry run: nothing was written");
        return 0;
    }
    let written = match state.writer.commit() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: cannot write the files: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(text) = new_config {
        if let Err(e) = writer::write_atomic(&config_path, &text) {
            eprintln!("error: cannot write site.toml: {e}");
            return EXIT_USAGE;
        }
    }
    println!(
        "wrote {written} file{}",
        if written == 1 { "" } else { "s" }
    );
    if args.no_check {
        return 0;
    }
    verify(cli)
}

/// The imported site must pass the checks `build` makes.
fn verify(cli: &Cli) -> u8 {
    let Some(today) = super::today_or_exit(cli, None) else {
        return EXIT_USAGE;
    };
    let options = BuildOptions {
        today,
        drafts: true,
        profile: Profile::Internal,
        base_url: None,
    };
    match crate::pipeline::resolve_only(&cli.root, options) {
        Ok((_, diagnostics)) if !diagnostics.has_errors() => {
            println!("the site passes the checks of `townhall build`");
            0
        }
        Ok((_, diagnostics)) | Err(diagnostics) => {
            super::report(cli, FormatArg::Human, diagnostics.sorted());
            eprintln!(
                "error: the site has errors after the import; fix them, then run `townhall check`"
            );
            EXIT_CONTENT
        }
    }
}
