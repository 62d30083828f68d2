//! Cost of one `GetPublicCallId` through the C ABI versus the same call in Rust, against the
//! same embedded sandbox, in the same run, plus the boundary's cost without the network.
//!
//!   cargo bench -p idiligo-ffi --bench abi_overhead [-- ROUNDS CALLS_PER_ROUND]
//!
//! (ROUNDS x CALLS_PER_ROUND calls on each side; defaults 30 x 200.)

use std::ffi::{c_char, CStr, CString};
use std::time::Instant;

use idiligo::*; // the C ABI (this package's library)
use idiligo_core::sandbox::Sandbox;
use idiligo_core::CallId;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let rounds: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(30);
    let per_round: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200);

    let sandbox = Sandbox::start().expect("sandbox");
    let rust = sandbox.client().expect("client");
    let call = rust.create_call("BENCH").expect("create_call");

    // The C-ABI client, configured exactly like the Rust one.
    let sb_opts = sandbox.client_builder();
    let url = CString::new(sandbox.url()).unwrap();
    let creds = sandbox.sandbox_credentials().clone();
    let (k, u, p) = (
        CString::new(creds.apikey).unwrap(),
        CString::new(creds.username).unwrap(),
        CString::new(creds.password).unwrap(),
    );
    drop(sb_opts);
    let c_client = unsafe {
        let o = idiligo_options_new();
        assert_eq!(
            idiligo_options_set_base_url(o, url.as_ptr(), std::ptr::null_mut()),
            IDILIGO_OK
        );
        assert_eq!(
            idiligo_options_set_password_credentials(o, k.as_ptr(), u.as_ptr(), p.as_ptr(), std::ptr::null_mut()),
            IDILIGO_OK
        );
        let mut c = std::ptr::null_mut();
        assert_eq!(idiligo_client_new(o, &mut c, std::ptr::null_mut()), IDILIGO_OK);
        idiligo_options_free(o);
        c
    };
    let c_call = CString::new(call.as_str()).unwrap();
    let call_id = CallId::new(call.as_str());

    let rust_once = || {
        let id = rust.get_public_call_id(&call_id).expect("rust call");
        std::hint::black_box(id);
    };
    let c_once = || unsafe {
        let mut out: *mut c_char = std::ptr::null_mut();
        let rc = idiligo_client_get_public_call_id(c_client, c_call.as_ptr(), &mut out, std::ptr::null_mut());
        assert_eq!(rc, IDILIGO_OK);
        std::hint::black_box(CStr::from_ptr(out));
        idiligo_string_free(out);
    };
    // Warm up both (login, connection pool).
    for _ in 0..200 {
        rust_once();
        c_once();
    }
    // Calls are interleaved one by one (order alternating), each timed on its own, so load
    // drift hits both sides alike; medians and 10%-trimmed means are reported.
    let (mut r, mut c) = (Vec::new(), Vec::new());
    for i in 0..rounds * per_round {
        let time = |f: &dyn Fn()| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        };
        if i % 2 == 0 {
            r.push(time(&rust_once));
            c.push(time(&c_once));
        } else {
            c.push(time(&c_once));
            r.push(time(&rust_once));
        }
    }
    let trimmed = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let k = v.len() / 10;
        let t = &v[k..v.len() - k];
        t.iter().sum::<f64>() / t.len() as f64
    };
    let (tr, tc) = (trimmed(&mut r), trimmed(&mut c));
    // The boundary alone: an argument error returns before any I/O (NULL check, UTF-8 check,
    // error object and last-error mirror included).
    let n = 200_000;
    let t = Instant::now();
    for _ in 0..n {
        let rc = unsafe {
            idiligo_client_get_public_call_id(c_client, std::ptr::null(), std::ptr::null_mut(), std::ptr::null_mut())
        };
        std::hint::black_box(rc);
    }
    let boundary_err = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        let mut out: *mut c_char = std::ptr::null_mut();
        let rc = unsafe { idiligo_client_participant_url(c_client, c_call.as_ptr(), &mut out, std::ptr::null_mut()) };
        assert_eq!(rc, IDILIGO_OK);
        unsafe { idiligo_string_free(out) };
    }
    let c_local = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            rust.participant_url(&idiligo_core::PublicId::new(call.as_str()))
                .unwrap(),
        );
    }
    let rust_local = t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let (mr, mc) = (median(&mut r), median(&mut c));
    let n_calls = rounds * per_round;
    println!("GetPublicCallId against the sandbox, {n_calls} interleaved calls each:");
    println!("  Rust  : median {mr:8.2} us, trimmed mean {tr:8.2} us");
    println!("  C ABI : median {mc:8.2} us, trimmed mean {tc:8.2} us");
    println!(
        "  C ABI - Rust: median {:+.2} us, trimmed mean {:+.2} us   (target <= 2 us)",
        mc - mr,
        tc - tr
    );
    println!("Without network (200000 calls each):");
    println!("  participant_url Rust {rust_local:.3} us, C ABI {c_local:.3} us (+{:.3} us: boundary, UTF-8 check, owned string in and out)", c_local - rust_local);
    println!("  argument error through the boundary (error path, err = NULL): {boundary_err:.3} us");
    unsafe { idiligo_client_free(c_client) };
}
