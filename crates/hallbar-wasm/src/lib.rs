//! The WebAssembly part of the JavaScript package: an engine and the facade's JSON layer,
//! JSON text in and out. `js/hallbar.js` loads it in Node or a browser, turns the text
//! into objects and error responses into `HallbarError`. Nothing here uses threads,
//! files or a clock: the engine runs wherever WebAssembly does.

use wasm_bindgen::prelude::*;

/// An engine: built-in, or from a JSON configuration of a region's own files.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine(hallbar::Engine);

#[wasm_bindgen]
impl Engine {
    /// `config`: `""` or `"{}"` for the embedded defaults, else the JSON configuration.
    /// Throws the error response (JSON text) when a file has errors.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str) -> Result<Engine, JsValue> {
        hallbar::json::engine(config)
            .map(Engine)
            .map_err(|e| JsValue::from_str(&e))
    }

    /// `hallbar::json::assess`.
    pub fn assess(&self, request: &str) -> String {
        hallbar::json::assess(&self.0, request)
    }

    /// `hallbar::json::validate`.
    pub fn validate(&self, request: &str) -> String {
        hallbar::json::validate(&self.0, request)
    }

    /// `hallbar::json::report`.
    pub fn report(&self, request: &str) -> String {
        hallbar::json::report(&self.0, request)
    }

    /// `hallbar::json::portfolio`.
    pub fn portfolio(&self, request: &str) -> String {
        hallbar::json::portfolio(&self.0, request)
    }
}
