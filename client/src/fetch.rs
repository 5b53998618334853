//! HTTP from the browser, for the few things that are not on the board's WebSocket:
//! creating, importing or deleting a workshop, and the wall's join address.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Sends `body` (JSON) with `method`, or nothing, and returns the answer's body whatever
/// its status (errors come as `{code, message}`), or the sentence to show when the
/// server cannot be reached.
pub async fn fetch_text(method: &str, url: &str, body: Option<&str>) -> Result<String, String> {
    fetch_with(method, url, body, None).await
}

/// [`fetch_text`] with one more header (a key, which must not sit in the address).
pub async fn fetch_with(
    method: &str,
    url: &str,
    body: Option<&str>,
    header: Option<(&str, &str)>,
) -> Result<String, String> {
    let response = send(method, url, body, header).await?;
    let text = JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?;
    Ok(text.as_string().unwrap_or_default())
}

/// Sends a bodiless request with `key` as its bearer (never in the address, which logs
/// keep), and returns the answer's status.
pub async fn send_with_key(method: &str, url: &str, key: &str) -> Result<u16, String> {
    let bearer = format!("Bearer {key}");
    let response = send(method, url, None, Some(("authorization", &bearer))).await?;
    Ok(response.status())
}

/// The sentence to show when the server cannot be reached.
fn unreachable() -> String {
    crate::t().common().unreachable.to_string()
}

/// Sends a request (a JSON `body`, one more `header`) and returns the answer, whatever
/// its status.
async fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    header: Option<(&str, &str)>,
) -> Result<web_sys::Response, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| unreachable())?;
    if let Some(body) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
        let _ = headers.set("content-type", "application/json");
    }
    if let Some((name, value)) = header {
        let _ = headers.set(name, value);
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| unreachable())?;
    let window = web_sys::window().ok_or_else(unreachable)?;
    Ok(JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| unreachable())?
        .unchecked_into())
}
