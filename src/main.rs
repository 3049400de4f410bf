// Scraped-page workloads allocate many small strings and tree nodes; mimalloc
// is measurably faster than the system allocator for them (see issue 5 notes).
// `--features system-alloc` keeps the system allocator, for heap profilers.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

fn main() {
    #[cfg(unix)]
    remove_staging_on_signals();
    std::process::exit(cli::run());
}

/// SIGINT, SIGTERM and SIGHUP remove the build's staging folders and temp
/// files before the process exits (after any swap in progress completes).
#[cfg(unix)]
fn remove_staging_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                galley::cleanup::abort(128 + sig);
            }
        });
    }
}
