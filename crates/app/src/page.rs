use serde::Serialize;

/// A page request: `page` is 1-based, `page_size` 1..=100 (defaults 1 and 20).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl PageRequest {
    pub const MAX_SIZE: u32 = 100;

    pub fn new(page: Option<u32>, page_size: Option<u32>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            page_size: page_size.unwrap_or(20).clamp(1, Self::MAX_SIZE),
        }
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }
}

/// One page of a stably ordered list, with the total number of items.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, req: PageRequest) -> Self {
        Self {
            items,
            total,
            page: req.page,
            page_size: req.page_size,
        }
    }

    /// The same page with each item converted (a store row into its read model).
    pub fn convert<U: From<T>>(self) -> Page<U> {
        Page {
            items: self.items.into_iter().map(U::from).collect(),
            total: self.total,
            page: self.page,
            page_size: self.page_size,
        }
    }
}
