//! The native part of the Python package `hallbar`: an engine and the facade's JSON
//! layer, JSON text in and out. `python/hallbar/__init__.py` turns the text into plain
//! dicts and error responses into `hallbar.HallbarError`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// An engine: built-in, or from a JSON configuration of a region's own files.
#[pyclass(name = "Engine", frozen, module = "hallbar._hallbar")]
#[derive(Debug)]
struct PyEngine(hallbar::Engine);

#[pymethods]
impl PyEngine {
    /// `config`: `{}` (or empty) for the embedded defaults, else the JSON configuration.
    /// Raises `ValueError` with the error response as JSON text.
    #[new]
    fn new(config: &str) -> PyResult<Self> {
        hallbar::json::engine(config)
            .map(PyEngine)
            .map_err(PyValueError::new_err)
    }

    /// `hallbar::json::assess`, without holding the interpreter lock.
    fn assess(&self, py: Python<'_>, request: &str) -> String {
        py.detach(|| hallbar::json::assess(&self.0, request))
    }

    /// `hallbar::json::validate`.
    fn validate(&self, py: Python<'_>, request: &str) -> String {
        py.detach(|| hallbar::json::validate(&self.0, request))
    }

    /// `hallbar::json::report`.
    fn report(&self, py: Python<'_>, request: &str) -> String {
        py.detach(|| hallbar::json::report(&self.0, request))
    }

    /// `hallbar::json::portfolio`.
    fn portfolio(&self, py: Python<'_>, request: &str) -> String {
        py.detach(|| hallbar::json::portfolio(&self.0, request))
    }
}

#[pymodule]
fn _hallbar(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEngine>()
}
