//! `#[db_test]`: an async test that runs once on SQLite and once on PostgreSQL against a
//! fresh test app, without repeating the rstest cases and the start-up in every test.

use proc_macro::{Delimiter, Group, TokenStream, TokenTree};

/// Turns
///
/// ```ignore
/// #[db_test]
/// async fn name(t: TestApp) { body }
/// ```
///
/// into an rstest test with the cases `sqlite` and `postgres` (test names
/// `name::case_1_sqlite` and `name::case_2_postgres`) whose body starts the app with
/// `TestApp::start(backend)` (the parameter's type: any type whose `start(Backend)` returns
/// an `Option` of it) and returns early when that backend is not configured; the parameter
/// may be a pattern, as in `Clocked { t, clock }: Clocked`. The macro's own arguments go to
/// `#[tokio::test]`, for example `#[db_test(flavor = "multi_thread", worker_threads = 4)]`.
/// The body keeps its spans, so a failing assertion reports its own line.
#[proc_macro_attribute]
pub fn db_test(args: TokenStream, item: TokenStream) -> TokenStream {
    match expand(args, item) {
        Ok(tokens) => tokens,
        Err(message) => format!("compile_error!({message:?});")
            .parse()
            .unwrap_or_default(),
    }
}

fn expand(args: TokenStream, item: TokenStream) -> Result<TokenStream, String> {
    let tokens: Vec<TokenTree> = item.into_iter().collect();
    let fn_at = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Ident(i) if i.to_string() == "fn"))
        .ok_or("#[db_test] goes on an `async fn`")?;
    let is_async =
        fn_at > 0 && matches!(&tokens[fn_at - 1], TokenTree::Ident(i) if i.to_string() == "async");
    if !is_async {
        return Err("#[db_test] goes on an `async fn`".into());
    }
    let (
        Some(TokenTree::Ident(name)),
        Some(TokenTree::Group(params)),
        Some(TokenTree::Group(body)),
    ) = (
        tokens.get(fn_at + 1),
        tokens.get(fn_at + 2),
        tokens.get(fn_at + 3),
    )
    else {
        return Err("#[db_test] expects `async fn name(app: TestApp) { … }`".into());
    };
    if params.delimiter() != Delimiter::Parenthesis || body.delimiter() != Delimiter::Brace {
        return Err("#[db_test] expects `async fn name(app: TestApp) { … }`".into());
    }
    // `app: Type`: the binding and the type whose `start(backend)` makes the app.
    let mut param: Vec<TokenTree> = params.stream().into_iter().collect();
    if matches!(param.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
        param.pop();
    }
    // The first `:` that is not part of a `::` path separator.
    let colon = (0..param.len())
        .find(|&i| {
            let is_colon =
                |j: usize| matches!(param.get(j), Some(TokenTree::Punct(p)) if p.as_char() == ':');
            is_colon(i) && !is_colon(i + 1) && (i == 0 || !is_colon(i - 1))
        })
        .ok_or("#[db_test] expects one parameter `app: TestApp`")?;
    let binding: TokenStream = param[..colon].iter().cloned().collect();
    let app_type: TokenStream = param[colon + 1..].iter().cloned().collect();

    let head: TokenStream = tokens[..fn_at - 1].iter().cloned().collect();
    let args = args.to_string();
    let tokio_test = if args.is_empty() {
        "#[::tokio::test]".to_owned()
    } else {
        format!("#[::tokio::test({args})]")
    };
    let mut out: TokenStream = format!(
        "#[::rstest::rstest]
         #[case::sqlite(::practicum_testkit::Backend::Sqlite)]
         #[case::postgres(::practicum_testkit::Backend::Postgres)]
         {tokio_test}"
    )
    .parse()
    .map_err(|e| format!("{e}"))?;
    out.extend(head);
    out.extend(
        format!("async fn {name}(#[case] backend: ::practicum_testkit::Backend)")
            .parse::<TokenStream>()
            .map_err(|e| format!("{e}"))?,
    );
    let mut inner: TokenStream =
        format!("let Some({binding}) = <{app_type}>::start(backend).await else {{ return; }};")
            .parse()
            .map_err(|e| format!("{e}"))?;
    inner.extend(body.stream());
    let mut new_body = Group::new(Delimiter::Brace, inner);
    new_body.set_span(body.span());
    out.extend([TokenTree::Group(new_body)]);
    Ok(out)
}
