//! Random bytes and mutated real photos through `POST /ml/forward`: never a 5xx, always
//! the error envelope on a refusal, and every call in the history.

use axum::http::StatusCode;

use super::*;

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    match rng.below(4) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
        }
        1 => bytes.truncate(rng.below(bytes.len())),
        2 => {
            let at = rng.below(bytes.len());
            let junk: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, junk);
        }
        _ => {
            let from = rng.below(bytes.len());
            let to = (from + rng.below(512)).min(bytes.len());
            bytes.drain(from..to);
        }
    }
    bytes
}

#[db_test]
async fn random_and_mutated_uploads_never_cause_a_server_error(MlApp(t): MlApp) {
    let token = t.student("fuzzer@example.org").await;
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let originals: Vec<Vec<u8>> = IMAGES.iter().map(|n| fixture(n)).collect();
    let mut sent = 0;
    for round in 0..60 {
        let bytes = if round % 3 == 0 {
            (0..rng.below(4096)).map(|_| rng.next() as u8).collect()
        } else {
            let original = originals[rng.below(originals.len())].clone();
            mutate(&mut rng, original)
        };
        let r = ml_forward(&t, Some(&token), &[image(bytes)]).await;
        sent += 1;
        assert!(
            r.status.as_u16() < 500,
            "round {round}: {} {}",
            r.status,
            r.body
        );
        if r.status != StatusCode::OK {
            assert!(
                r.body["error"]["code"].is_string(),
                "round {round}: {}",
                r.body
            );
        }
    }
    let (_, admin) = t.admin("root@example.org").await;
    assert_eq!(all_history(&t, &admin, "").await.len(), sent);
}
