fn main() {
    std::process::exit(galley::cli::run());
}
