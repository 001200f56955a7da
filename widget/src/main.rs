//! The standalone survey page: starts the widget in `<div id="speaksafe">`.
fn main() {
    speaksafe::start();
}
