//! The studio's page: starts the app in `<div id="studio">`.
fn main() {
    speaksafe_studio::start();
}
