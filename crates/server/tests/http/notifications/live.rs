use std::time::Duration;

use practicum_domain::identity::Role;
use rstest::rstest;
use tokio_tungstenite::tungstenite;

use super::*;
use crate::courses::{draft, publish, user};

/// The live socket pushes the owner's new notifications within a second, replays what
/// was missed after `since_id` without duplicates, and refuses missing or bad tokens.
#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn live_push_and_since_id_replay(t: TestApp) {
    let (_listener, addr) = serve_live(&t).await;
    let teacher = user(&t, "tea@example.com", Role::Teacher).await;
    let producer = user(&t, "pro@example.com", Role::Producer).await;
    let bystander = t.student("ann@example.com").await;

    let (mut ws, protocol) = connect(addr, "/api/v1/ws", &teacher).await;
    assert_eq!(protocol.as_deref(), Some("bearer"));
    let (mut other_ws, _) = connect(addr, "/ws", &bystander).await;

    let first = draft(&t, &teacher, "Linear models").await;
    publish(&t, &teacher, &producer, &first).await;
    let n1 = next_notification(&mut ws, Duration::from_secs(1))
        .await
        .expect("pushed within 1 s");
    assert_eq!(n1["kind"], "course_published");
    assert_eq!(n1["payload"]["slug"], first.as_str());
    let id1 = n1["id"].as_i64().unwrap();
    assert!(
        next_notification(&mut other_ws, Duration::from_millis(300))
            .await
            .is_none(),
        "not someone else's"
    );
    ws.close(None).await.unwrap();

    // Missed while disconnected, then replayed on reconnect with since_id.
    let second = draft(&t, &teacher, "Trees").await;
    publish(&t, &teacher, &producer, &second).await;
    let (mut ws, _) = {
        let url = format!("ws://{addr}/ws?token={teacher}&since_id={id1}");
        let (ws, resp) = tokio_tungstenite::connect_async(url).await.unwrap();
        (ws, resp)
    };
    let n2 = next_notification(&mut ws, Duration::from_secs(1))
        .await
        .expect("replayed");
    assert_eq!(n2["payload"]["slug"], second.as_str());
    assert!(n2["id"].as_i64().unwrap() > id1);
    let third = draft(&t, &teacher, "Nets").await;
    publish(&t, &teacher, &producer, &third).await;
    let n3 = next_notification(&mut ws, Duration::from_secs(1))
        .await
        .expect("live after replay");
    assert_eq!(n3["payload"]["slug"], third.as_str());
    assert!(
        next_notification(&mut ws, Duration::from_millis(300))
            .await
            .is_none(),
        "no duplicates"
    );

    // No token, or a bad one: 401 before the upgrade.
    for url in [
        format!("ws://{addr}/ws"),
        format!("ws://{addr}/api/v1/ws?token=garbage"),
    ] {
        match tokio_tungstenite::connect_async(url).await {
            Err(tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 401),
            other => panic!("expected 401, got {:?}", other.map(|(_, r)| r.status())),
        }
    }
    // A plain GET (no upgrade) is answered in the envelope too.
    let r = t.get("/api/v1/ws", Some(&teacher)).await;
    assert_error(
        &r,
        axum::http::StatusCode::BAD_REQUEST,
        "websocket_upgrade_required",
    );
}

/// Connections per user are limited.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn connections_per_user_are_limited(#[case] backend: Backend) {
    let Some(t) = TestApp::start_custom(backend, practicum_api::ApiConfig::default(), |app| {
        app.with_live_limits(8, 2)
    })
    .await
    else {
        return;
    };
    let addr = spawn(&t).await;
    let me = t.student("ann@example.com").await;
    let _a = connect(addr, "/ws", &me).await;
    let _b = connect(addr, "/ws", &me).await;
    match tokio_tungstenite::connect_async(format!("ws://{addr}/ws?token={me}")).await {
        Err(tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 429),
        other => panic!("expected 429, got {:?}", other.map(|(_, r)| r.status())),
    }
}
