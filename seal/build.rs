// The seal module needs little stack (X25519 and ChaCha20 on a few KB): 64 KiB, not Rust's
// default 1 MiB, so each Submit's fresh instance asks the phone for ~1 MB less memory.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=65536");
    }
}
