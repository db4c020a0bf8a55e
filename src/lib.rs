//! Passerelle's shared core: pure rules, no I/O. Compiled for the server (native) and the browser (wasm32).
#![forbid(unsafe_code)]
