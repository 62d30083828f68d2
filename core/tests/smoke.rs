use idiligo::sandbox::Sandbox;
use idiligo::*;

#[test]
fn smoke() {
    let sb = Sandbox::start().unwrap();
    let c = sb.client().unwrap();
    let url = sb.host_file("offer.pdf", b"%PDF offer".to_vec());
    let m = c
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .participant(Participant::new("jan@example.com").name("Jan", "Jansen"))
                .value("a", "1")
                .document(DocumentSource::new(url, "offer.pdf", "crm-1"))
                .return_url("https://crm/x?y=1"),
        )
        .unwrap();
    println!("{m:#?}");
    let a = c.get_attachments(&m.call_id).unwrap();
    println!("{a:#?}");
    let mut out = Vec::new();
    c.download_to_writer(a[0].url.as_deref().unwrap(), &mut out, Default::default())
        .unwrap();
    assert_eq!(out, b"%PDF offer");
}
