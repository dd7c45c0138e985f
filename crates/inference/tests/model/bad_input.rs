//! Bad uploads get a typed error, never a panic.

use practicum_inference::{preprocess, InputError, PreprocessConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{fixture, preprocess_config, IMAGES};

/// CRC-32 (IEEE) as PNG chunks need it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid PNG signature and IHDR declaring `width x height` RGB8, then one tiny IDAT.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13_u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01".to_vec();
    png.extend(8_u32.to_be_bytes());
    png.extend(&idat);
    png.extend(crc32(&idat).to_be_bytes());
    png
}

fn error_of(bytes: &[u8]) -> InputError {
    match preprocess(bytes, &preprocess_config()) {
        Ok(image) => panic!(
            "expected an error, got a {}x{} image",
            image.width, image.height
        ),
        Err(e) => e,
    }
}

#[test]
fn empty_input_is_empty() {
    assert_eq!(error_of(b""), InputError::Empty);
    assert_eq!(InputError::Empty.code(), "empty");
}

#[test]
fn random_bytes_are_not_an_image() {
    let mut rng = StdRng::seed_from_u64(7);
    let bytes: Vec<u8> = (0..4096).map(|_| rng.gen()).collect();
    assert_eq!(error_of(&bytes), InputError::NotAnImage);
    assert_eq!(error_of(b"{\"data\": 1}"), InputError::NotAnImage);
}

#[test]
fn truncated_jpeg_and_png_are_truncated() {
    for image in IMAGES {
        let jpeg = fixture(image);
        for cut in [jpeg.len() / 2, jpeg.len() - 10, jpeg.len() - 2] {
            assert_eq!(
                error_of(&jpeg[..cut]),
                InputError::Truncated,
                "{image} cut at {cut}"
            );
        }
    }
    let (rgb, _) =
        practicum_inference::decode(&fixture("dog.jpg"), &preprocess_config()).expect("decodes");
    let mut png = Vec::new();
    rgb.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    assert_eq!(error_of(&png[..png.len() / 2]), InputError::Truncated);
    assert_eq!(error_of(&png[..png.len() / 2]).code(), "truncated");
}

#[test]
fn gif_bmp_and_tiff_are_unsupported() {
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let error = error_of(gif);
    assert_eq!(error, InputError::Unsupported("GIF".into()));
    assert_eq!(error.code(), "unsupported_format");
    assert!(error.to_string().contains("JPEG, PNG or WebP"), "{error}");
    assert!(matches!(
        error_of(b"BM\x3a\x00\x00\x00\x00\x00\x00\x00"),
        InputError::Unsupported(_)
    ));
    assert!(matches!(
        error_of(b"II*\x00\x08\x00\x00\x00"),
        InputError::Unsupported(_)
    ));
}

#[test]
fn a_huge_declared_size_is_refused_before_decoding() {
    let bomb = png_header(100_000, 100_000);
    assert!(bomb.len() < 100);
    let error = error_of(&bomb);
    assert_eq!(
        error,
        InputError::DecompressionBomb {
            width: 100_000,
            height: 100_000
        }
    );
    assert_eq!(error.code(), "decompression_bomb");
    // Just under a configured limit the same header is accepted for decoding (and then
    // found truncated), so the limit is what refused it.
    let small = PreprocessConfig {
        max_pixels: 100,
        ..preprocess_config()
    };
    assert_eq!(
        preprocess(&png_header(10, 10), &small).err(),
        Some(InputError::Truncated),
        "10x10 is within a 100-pixel limit"
    );
    assert!(matches!(
        preprocess(&png_header(11, 10), &small),
        Err(InputError::DecompressionBomb {
            width: 11,
            height: 10
        })
    ));
}

#[test]
fn an_upload_over_the_byte_limit_is_too_large() {
    let config = PreprocessConfig {
        max_input_bytes: 1000,
        ..preprocess_config()
    };
    let error = preprocess(&fixture("cat.jpg"), &config).err();
    assert_eq!(error, Some(InputError::TooLarge { limit: 1000 }));
}

/// 300 random byte strings and 300 mutated copies of the real JPEGs: each gives `Ok`
/// or an `InputError`, never a panic (a panic fails the test).
#[test]
fn fuzzed_inputs_never_panic() {
    // A lower pixel limit keeps mutated headers from making the test slow in debug builds.
    let config = PreprocessConfig {
        max_pixels: 1_000_000,
        ..preprocess_config()
    };
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let (mut ok, mut errors) = (0, 0);
    let mut check = |bytes: &[u8]| match preprocess(bytes, &config) {
        Ok(image) => {
            assert_eq!(image.tensor.shape(), &[3, 224, 224]);
            assert!(image.tensor.iter().all(|x| x.is_finite()));
            ok += 1;
        }
        Err(_) => errors += 1,
    };
    for _ in 0..300 {
        let len = rng.gen_range(0..2048);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        // Give a third of them a real signature so the decoders, not the sniffer, see them.
        let signature: &[u8] = match rng.gen_range(0..6) {
            0 => &[0xFF, 0xD8, 0xFF, 0xE0],
            1 => b"\x89PNG\r\n\x1a\n",
            _ => &[],
        };
        bytes.splice(0..0, signature.iter().copied());
        check(&bytes);
    }
    let originals: Vec<Vec<u8>> = IMAGES.iter().map(|i| fixture(i)).collect();
    for _ in 0..300 {
        let mut bytes = originals[rng.gen_range(0..originals.len())].clone();
        for _ in 0..rng.gen_range(1..=8) {
            let at = rng.gen_range(0..bytes.len());
            match rng.gen_range(0..3) {
                0 => bytes[at] ^= 1 << rng.gen_range(0..8),
                1 => bytes.insert(at, rng.gen()),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        check(&bytes);
    }
    println!("fuzz: {ok} decoded, {errors} refused");
    assert_eq!(ok + errors, 600);
}
