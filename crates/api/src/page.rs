//! One page of a list as the list routes answer it (`{items, total, page, page_size}`),
//! and the query of a list that has no filters besides the page.

use serde::Deserialize;
use utoipa::IntoParams;

/// Declares the response of one page of `$item`s, named `$name` in the document, with
/// its conversion from the app's page of anything that converts into `$item`.
macro_rules! page_response {
    ($(#[$meta:meta])* $name:ident of $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, ::serde::Serialize, ::utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub total: i64,
            pub page: u32,
            pub page_size: u32,
        }

        impl<T: Into<$item>> From<::practicum_app::Page<T>> for $name {
            fn from(p: ::practicum_app::Page<T>) -> Self {
                Self {
                    items: p.items.into_iter().map(Into::into).collect(),
                    total: p.total,
                    page: p.page,
                    page_size: p.page_size,
                }
            }
        }
    };
}
pub(crate) use page_response;

/// `?page=&page_size=` of a list without other filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
}
