// Scraped-page workloads allocate many small strings and tree nodes; mimalloc
// is measurably faster than the system allocator for them (see issue 5 notes).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(galley::cli::run());
}
