fn main() {
    std::process::exit(trackerctl::run());
}
