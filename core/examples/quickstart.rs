//! The main job: start a meeting with a participant, values and a document, let the
//! participant sign and upload, then fetch every document back.
//!
//! ```text
//! cargo run -p idiligo --example quickstart --features sandbox
//! ```
//!
//! Without configuration it starts the embedded sandbox and runs against it. With
//! `IDILIGO_APIKEY`, `IDILIGO_USERNAME` and `IDILIGO_PASSWORD` (or `IDILIGO_TICKET`) set it
//! talks to the real service instead (`IDILIGO_BASE_URL` overrides `https://app.idiligo.com`,
//! `IDILIGO_SCRIPT` the script code, `IDILIGO_DOCUMENT_URL` the document to add).

use std::time::Duration;

use idiligo::sandbox::Sandbox;
use idiligo::{Client, Credentials, DocumentSource, MeetingRequest, Participant, WaitOptions};

fn main() {
    if let Err(e) = run() {
        eprintln!("quickstart failed: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            eprintln!("  caused by: {s}");
            source = s.source();
        }
        std::process::exit(1);
    }
}

fn run() -> Result<(), idiligo::Error> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let real = env("IDILIGO_APIKEY").zip(env("IDILIGO_USERNAME"));

    // Either the real service (credentials from the environment) or the embedded sandbox.
    let (client, sandbox, document_url) = match real {
        Some((apikey, username)) => {
            let credentials = match (env("IDILIGO_PASSWORD"), env("IDILIGO_TICKET")) {
                (Some(p), _) => Credentials::password(apikey, username, p),
                (None, Some(t)) => Credentials::ticket(apikey, username, t),
                (None, None) => {
                    return Err(idiligo::Error::InvalidArgument {
                        operation: "quickstart",
                        message: "set IDILIGO_PASSWORD or IDILIGO_TICKET".into(),
                    })
                }
            };
            let mut builder = Client::builder().credentials(credentials);
            if let Some(base) = env("IDILIGO_BASE_URL") {
                builder = builder.base_url(base);
            }
            let client = builder.build()?;
            println!("Using the Idiligo service at {}", client.endpoint());
            (client, None, env("IDILIGO_DOCUMENT_URL"))
        }
        None => {
            let sandbox = Sandbox::start()?;
            println!(
                "Using the embedded sandbox at {} (set IDILIGO_APIKEY etc. for the real service)",
                sandbox.url()
            );
            let doc = sandbox.host_file("offer.pdf", b"%PDF-1.4\n% offer for Jan Jansen\n".to_vec());
            (sandbox.client()?, Some(sandbox), Some(doc))
        }
    };

    // 1. Start the meeting in one call.
    let script = env("IDILIGO_SCRIPT").unwrap_or_else(|| "INTAKE".into());
    let mut request = MeetingRequest::new(script)
        .participant(Participant::new("jan.jansen@example.com").name("Jan", "Jansen"))
        .value("CustomerNumber", "C-1001")
        .value("PolicyNumber", "P-2024-778")
        .return_url("https://crm.example.com/customers/1001");
    if let Some(url) = document_url {
        request = request.document(DocumentSource::new(url, "offer.pdf", "crm-doc-1"));
    }
    let meeting = client.start_meeting(&request)?;
    println!("Meeting {} started", meeting.call_id);
    println!("  agent URL:       {}", meeting.agent_url);
    println!("  participant URL: {}", meeting.participant_url);

    // 2. In a real meeting the participant signs and uploads now; the sandbox simulates it.
    if let Some(sb) = &sandbox {
        sb.simulate_sign(&meeting.call_id, &meeting.documents[0].document_id)?;
        sb.simulate_upload(
            &meeting.call_id,
            "id-card.jpg",
            b"\xFF\xD8\xFF\xE0 JPEG id card".to_vec(),
        )?;
    }

    // 3. Wait until the documents are there (the bound offer plus the upload), then download
    //    them all. Against the real service nobody signs in this demo, so take what is there.
    let wanted = if sandbox.is_some() { 2 } else { 0 };
    let attachments = client.wait_for_attachments(
        &meeting.call_id,
        WaitOptions::new(Duration::from_secs(30), Duration::from_secs(1))?.min_count(wanted),
        |_| true,
    )?;
    for a in &attachments {
        println!(
            "  attachment {}: {} ({} bytes, sign status {})",
            a.id,
            a.description.as_deref().unwrap_or("?"),
            a.size.as_deref().unwrap_or("?"),
            a.sign_status
        );
    }
    let dir = std::env::temp_dir().join(format!("idiligo-quickstart-{}", meeting.public_id));
    let saved = client.download_attachments(&attachments, &dir, None)?;
    for s in &saved {
        println!("Saved {} ({} bytes)", s.path.display(), s.bytes);
    }
    Ok(())
}
