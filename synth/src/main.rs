fn main() {
    eprintln!("sds: not built yet");
    std::process::exit(2);
}
