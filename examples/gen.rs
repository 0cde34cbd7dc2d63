//! Regenerates `completions/` and `man/` from the clap definitions: `cargo run --example gen`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(root.join("completions"))?;
    std::fs::create_dir_all(root.join("man"))?;
    for shell in trackerctl::docs::SHELLS {
        let path = root
            .join("completions")
            .join(trackerctl::docs::completion_file(shell));
        std::fs::write(&path, trackerctl::docs::completion(shell))?;
        println!("wrote {}", path.display());
    }
    for (name, page) in trackerctl::docs::man_pages() {
        let path = root.join("man").join(name);
        std::fs::write(&path, page)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
