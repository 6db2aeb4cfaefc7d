//! A local stand-in for Kolada that answers any request in the API's shape
//! (`hallbar_kolada::mock::synthetic`), for measurements without the network. Prints its
//! base URL, then serves until it is killed.
//!
//! `cargo run --release -p hallbar-kolada --example mock_kolada`

fn main() -> std::io::Result<()> {
    let mock = hallbar_kolada::mock::MockKolada::start(Box::new(|path, _| {
        hallbar_kolada::mock::synthetic(path)
    }))?;
    println!("{}", mock.base_url());
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
        // Keeps the server alive; requests so far are counted by the stand-in.
        let _ = mock.requests().len();
    }
}
