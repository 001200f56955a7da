//! The console's page: starts the app in `<div id="console">`.
fn main() {
    speaksafe_console::start();
}
