//! Files from and to the organiser's disk: opened with a file input, saved as a download. The
//! studio and the console have no other way in or out: nothing is kept in the browser.

use wasm_bindgen::JsCast;

/// The bytes of a file the organiser chose.
pub async fn read(file: web_sys::File) -> Result<Vec<u8>, String> {
    let file = gloo_file::File::from(file);
    gloo_file::futures::read_as_bytes(&file).await.map_err(|e| format!("the file could not be read ({e})"))
}

/// The first file chosen in a file input, if any.
pub fn chosen(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|files| files.get(0))
}

/// Offers bytes as a download named `name`: the browser saves them where the organiser says.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str| format!("the file could not be saved ({what})");
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("address"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("page"))?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("link"))?.dyn_into().map_err(|_| fail("link"))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
